import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { ApiDomain, AppKind, Profile } from '../../../contract';
import { ErrorView } from '../../ui/ErrorView';
import { fieldIssues } from '../../ui/fieldIssues';
import { Modal } from '../../ui/Modal';
import { apiDomains, appKinds, domainChoices, isValidAppid } from '../../data/contract';
import { customBaseProblem, secretDestination } from '../../../contract/constants';
import { bridgeKey, useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { secretRevision, useLongCallStore } from '../../data/longCalls';
import { useT } from '../../i18n/I18nProvider';

const looksLikeHttpUrl = (value: string) => /^https?:\/\/\S+$/i.test(value.trim());

/** Add or edit an app. Checks what it can while typing; main validates everything again. */
export function ProfileDialog({
  profile,
  onClose,
  onSaved,
}: {
  profile?: Profile;
  onClose: () => void;
  onSaved: (profile: Profile) => void;
}) {
  const t = useT();
  const ids = useId();
  const queryClient = useQueryClient();
  const [label, setLabel] = useState(profile?.label ?? '');
  const [appid, setAppid] = useState(profile?.appid ?? '');
  const [kind, setKind] = useState<AppKind>(profile?.kind ?? 'official-account');
  const [domain, setDomain] = useState<ApiDomain>(profile?.domain ?? 'api');
  const [customBase, setCustomBase] = useState(profile?.customBase ?? '');
  const [proxy, setProxy] = useState(profile?.proxy ?? '');
  const [submitted, setSubmitted] = useState(false);

  const calls = useLongCallStore();
  const save = useBridgeMutation('saveProfile', {
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: bridgeKey('listProfiles', {}) });
      if (saved.secretCleared) {
        calls.bump(secretRevision(saved.id));
        await queryClient.invalidateQueries({ queryKey: bridgeKey('secretStatus', { profileId: saved.id }) });
      }
      onSaved(saved);
    },
  });
  // Only asked when editing: a new app has no secret to lose.
  const secret = useBridgeQuery('secretStatus', { profileId: profile?.id ?? '' }, { enabled: profile !== undefined });
  const repointing =
    profile !== undefined &&
    secret.data?.stored === true &&
    secretDestination(profile) !==
      secretDestination({ domain, customBase: domain === 'custom' ? customBase : null, proxy: proxy.trim() === '' ? null : proxy });

  const problems = {
    label: label.trim() === '' ? t('profile.labelRequired') : null,
    appid: isValidAppid(appid) ? null : t('profile.appidInvalid'),
    customBase:
      domain !== 'custom'
        ? null
        : !looksLikeHttpUrl(customBase)
          ? t('profile.urlInvalid')
          : customBaseProblem(customBase.trim())
            ? t('profile.customBaseInsecure')
            : null,
    proxy: proxy.trim() !== '' && !looksLikeHttpUrl(proxy) ? t('profile.urlInvalid') : null,
  };
  // What main refused (an AppID already added) shows under its field, once; the rest in the error view.
  const remote = fieldIssues(save.error?.error, ['label', 'appid', 'customBase', 'proxy'] as const);
  const placed = remote.unplaced ? {} : remote.byField;
  // The appid message shows as soon as something is typed; the others once the user tries to save.
  const shown = {
    label: (submitted ? problems.label : null) ?? placed.label ?? null,
    appid: (submitted || appid !== '' ? problems.appid : null) ?? placed.appid ?? null,
    customBase: (submitted || customBase !== '' ? problems.customBase : null) ?? placed.customBase ?? null,
    proxy: problems.proxy ?? placed.proxy ?? null,
  };
  /** An edit answers main's refusal: it was about the values before it. */
  const edit = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    set(event.target.value);
    if (save.error) save.reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.values(problems).some(Boolean)) return;
    save.mutate({
      ...(profile ? { id: profile.id } : {}),
      label: label.trim(),
      appid: appid.trim(),
      kind,
      domain,
      customBase: domain === 'custom' ? customBase.trim() : null,
      proxy: proxy.trim() === '' ? null : proxy.trim(),
    });
  };

  const field = (name: keyof typeof shown) => ({
    id: `${ids}-${name}`,
    'aria-invalid': shown[name] ? true : undefined,
    'aria-describedby': shown[name] ? `${ids}-${name}-problem` : undefined,
  });
  const problem = (name: keyof typeof shown) =>
    shown[name] ? (
      <p
        className="field-problem"
        id={`${ids}-${name}-problem`}
        data-testid={`${name}-problem`}
        role={placed[name] && shown[name] === placed[name] ? 'alert' : undefined}
      >
        {shown[name]}
      </p>
    ) : null;

  return (
    <Modal
      title={profile ? t('profile.editTitle', { label: profile.label }) : t('profile.addTitle')}
      onClose={onClose}
      testId="profile-dialog"
    >
      <form className="form" onSubmit={submit} noValidate>
        <label htmlFor={`${ids}-label`}>{t('profile.label')}</label>
        <input {...field('label')} value={label} onChange={edit(setLabel)} maxLength={64} />
        {problem('label')}

        <label htmlFor={`${ids}-appid`}>{t('profile.appid')}</label>
        <input
          {...field('appid')}
          className="mono"
          value={appid}
          onChange={edit(setAppid)}
          placeholder="wx0123456789abcdef"
          spellCheck={false}
          autoComplete="off"
          data-testid="appid-input"
        />
        {problem('appid')}

        <label htmlFor={`${ids}-kind`}>{t('profile.kind')}</label>
        <select id={`${ids}-kind`} value={kind} onChange={(e) => setKind(e.target.value as AppKind)}>
          {appKinds.map((k) => (
            <option key={k} value={k}>
              {t(`kind.${k}`)}
            </option>
          ))}
        </select>

        <label htmlFor={`${ids}-domain`}>{t('profile.domain')}</label>
        <select id={`${ids}-domain`} value={domain} onChange={(e) => setDomain(e.target.value as ApiDomain)}>
          {domainChoices.map((d) => (
            <option key={d} value={d}>
              {d === 'custom' || d === 'simulator' ? t(`domain.${d}`) : `${new URL(apiDomains[d]).host} · ${t(`domain.${d}`)}`}
            </option>
          ))}
        </select>

        {domain === 'custom' ? (
          <>
            <label htmlFor={`${ids}-customBase`}>{t('profile.customBase')}</label>
            <input
              {...field('customBase')}
              className="mono"
              type="url"
              value={customBase}
              onChange={edit(setCustomBase)}
              placeholder="https://api.weixin.qq.com"
              spellCheck={false}
            />
            {problem('customBase')}
          </>
        ) : null}

        <label htmlFor={`${ids}-proxy`}>{t('profile.proxy')}</label>
        <input
          {...field('proxy')}
          className="mono"
          type="url"
          value={proxy}
          onChange={edit(setProxy)}
          placeholder="http://127.0.0.1:8080"
          spellCheck={false}
        />
        <p className="field-help">{t('profile.proxyHelp')}</p>
        {profile?.proxyAuth ? <p className="field-help" data-testid="proxy-auth-stored">{t('profile.proxyAuthStored')}</p> : null}
        {problem('proxy')}

        {repointing ? (
          <p className="field-problem" role="alert" data-testid="repoint-warning">
            {t('profile.repointWarning')}
          </p>
        ) : null}

        {save.error && remote.unplaced ? <ErrorView error={save.error.error} /> : null}

        <div className="modal-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="profile-save">
            {save.isPending ? t('common.saving') : t('profile.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
