import { useId } from 'react';
import { useBridgeQuery } from '../data/hooks';
import { useI18n } from '../i18n/I18nProvider';
import { langs, type Lang } from '../i18n/messages';

/**
 * The sidebar toggle, brand, run mode, the language setting, a loud banner when WXCRED_API_BASE
 * redirects calls, and any start-up notices from main (e.g. a corrupt profiles file that was
 * moved aside).
 */
export function Header({ sidebar }: { sidebar?: { open: boolean; toggle: () => void; controls: string } }) {
  const { t } = useI18n();
  const info = useBridgeQuery('appInfo', {}, { staleTime: Infinity });
  const override = info.data?.apiBaseOverride ?? null;
  return (
    <>
      <header className="app-header">
        <div className="brand">
          {sidebar ? (
            <button
              type="button"
              className="sidebar-toggle"
              aria-label={t('nav.toggle')}
              title={t('nav.toggleHint')}
              aria-expanded={sidebar.open}
              aria-controls={sidebar.controls}
              onClick={sidebar.toggle}
              data-testid="sidebar-toggle"
            >
              <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
                <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" fill="none" stroke="currentColor" />
                <path d={sidebar.open ? 'M5.5 3v10' : 'M3.5 3v10'} stroke="currentColor" />
              </svg>
            </button>
          ) : null}
          <span className="brand-name">wxcred</span>
          <span className="brand-sub">{t('app.subtitle')}</span>
        </div>
        <div className="header-tools">
          {info.data ? (
            <span className={`badge badge-mode mode-${info.data.mode}`} data-testid="app-mode">
              {t(`mode.${info.data.mode}`)} · v{info.data.version}
            </span>
          ) : null}
          <UiLangSelect />
        </div>
      </header>
      {override ? (
        <div className="banner banner-warn" role="status" data-testid="api-base-banner">
          {t('banner.apiBaseOverride', { base: override })}
        </div>
      ) : null}
      {info.data?.notices.map((notice, i) => (
        <div key={i} className="banner banner-notice" role="status" data-testid="app-notice">
          {notice}
        </div>
      ))}
    </>
  );
}

/** The UI language, labelled; also on the web-mode "no session" page, which has no header. */
export function UiLangSelect() {
  const { t, lang, setLang } = useI18n();
  const langId = useId();
  return (
    <>
      <label htmlFor={langId} className="header-label">
        {t('settings.language')}
      </label>
      <select id={langId} className="select-compact" value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="language-select">
        {langs.map((l) => (
          <option key={l} value={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </>
  );
}
