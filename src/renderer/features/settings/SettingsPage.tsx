import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../contract';
import { settingBounds } from '../../../contract/constants';
import { ErrorView } from '../../ui/ErrorView';
import { bridgeKey, useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { useI18n } from '../../i18n/I18nProvider';
import { langs, type Lang } from '../../i18n/messages';

type Field = keyof Settings;

/** The bounds main's schema enforces, so a typo is caught while typing; main checks again. */
export const settingFields: { name: Field; min: number; max: number; unit: 'min' | 'ms' | 'bytes' }[] = (
  Object.keys(settingBounds) as Field[]
).map((name) => ({ name, ...settingBounds[name] }));

type Drafts = Record<Field, string>;

const toDrafts = (settings: Settings): Drafts =>
  Object.fromEntries(settingFields.map((f) => [f.name, String(settings[f.name])])) as Drafts;

/** Issues from main's validation error, by field ("maxBodyBytes", or a path ending in it). */
function issuesByField(issues: { path: string; message: string }[]): Partial<Record<Field, string>> {
  const out: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = settingFields.find((f) => issue.path === f.name || issue.path.endsWith(`.${f.name}`));
    if (field) out[field.name] = out[field.name] ? `${out[field.name]} ${issue.message}` : issue.message;
  }
  return out;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const ids = useId();
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Drafts>(() => toDrafts(settings));
  const save = useBridgeMutation('saveSettings', {
    onSuccess: (saved) => {
      queryClient.setQueryData(bridgeKey('getSettings', {}), saved);
      setDrafts(toDrafts(saved));
    },
  });

  const localProblem = (field: (typeof settingFields)[number]): string | null => {
    // Each message says what is wrong with this text, not only what a good one looks like.
    const text = drafts[field.name].trim();
    const bounds = { min: field.min, max: field.max };
    if (text === '') return t('settings.required', bounds);
    if (/^[+-]?\d*[.,]\d+$/.test(text)) return t('settings.noFraction', bounds);
    if (!/^[+-]?\d+$/.test(text)) return t('settings.digitsOnly', bounds);
    const value = Number(text);
    if (value < field.min) return t('settings.tooSmall', bounds);
    if (value > field.max) return t('settings.tooLarge', bounds);
    return null;
  };
  const local = Object.fromEntries(settingFields.map((f) => [f.name, localProblem(f)])) as Record<Field, string | null>;
  const remote = save.error?.error.kind === 'validation' ? issuesByField(save.error.error.issues) : {};
  const changed = settingFields.filter((f) => drafts[f.name].trim() !== String(settings[f.name]));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (settingFields.some((f) => local[f.name])) return;
    save.mutate(Object.fromEntries(changed.map((f) => [f.name, Number(drafts[f.name].trim())])));
  };

  // An error that is not about one field (or names a field we do not show) is shown whole.
  const unplaced =
    save.error && (save.error.error.kind !== 'validation' || Object.keys(remote).length === 0) ? save.error.error : null;

  return (
    <form className="settings-form" onSubmit={submit} noValidate data-testid="settings-form">
      {settingFields.map((field) => {
        const id = `${ids}-${field.name}`;
        const problem = local[field.name] ?? remote[field.name] ?? null;
        return (
          <div className="setting" key={field.name}>
            <label htmlFor={id}>{t(`settings.field.${field.name}`)}</label>
            <div className="row">
              <input
                id={id}
                className="mono setting-input"
                inputMode="numeric"
                value={drafts[field.name]}
                onChange={(e) => {
                  setDrafts((d) => ({ ...d, [field.name]: e.target.value }));
                  if (save.error) save.reset();
                }}
                aria-invalid={problem ? true : undefined}
                aria-describedby={`${id}-help${problem ? ` ${id}-problem` : ''}`}
                data-testid={`setting-${field.name}`}
              />
              <span className="muted small">{t(`settings.unit.${field.unit}`)}</span>
            </div>
            <p className="field-help" id={`${id}-help`}>
              {t(`settings.help.${field.name}`)}
            </p>
            {problem ? (
              <p className="field-problem" id={`${id}-problem`} data-testid={`setting-problem-${field.name}`}>
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      {unplaced ? <ErrorView error={unplaced} /> : null}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending || changed.length === 0} data-testid="settings-save">
          {save.isPending ? t('common.saving') : t('settings.save')}
        </button>
        <button type="button" className="btn" disabled={changed.length === 0} onClick={() => setDrafts(toDrafts(settings))}>
          {t('settings.revert')}
        </button>
        {save.isSuccess && changed.length === 0 ? (
          <span className="badge badge-ok" role="status" data-testid="settings-saved">
            {t('settings.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function LanguageSetting() {
  const { t, lang, setLang } = useI18n();
  const id = useId();
  return (
    <div className="setting">
      <label htmlFor={id}>{t('settings.language')}</label>
      <select id={id} value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="settings-language">
        {langs.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
      <p className="field-help">{t('settings.languageHelp')}</p>
    </div>
  );
}

/** Token refresh margin, network timeouts and limits (main's settings), and the UI language. */
export function SettingsPage() {
  const { t } = useI18n();
  const settings = useBridgeQuery('getSettings', {});
  return (
    <div className="settings-page" data-testid="settings-page">
      <header className="page-header">
        <h1 className="page-title">{t('settings.title')}</h1>
      </header>
      <section className="panel" aria-label={t('settings.network')}>
        <h2 className="panel-title">{t('settings.network')}</h2>
        {settings.isPending ? <p className="muted">{t('app.loading')}</p> : null}
        {settings.error ? <ErrorView error={settings.error.error} onRetry={() => void settings.refetch()} /> : null}
        {settings.data ? <SettingsForm settings={settings.data} /> : null}
      </section>
      <section className="panel" aria-label={t('settings.interface')}>
        <h2 className="panel-title">{t('settings.interface')}</h2>
        <LanguageSetting />
      </section>
    </div>
  );
}
