import { useId } from 'react';
import { useBridgeQuery } from '../data/hooks';
import { useI18n } from '../i18n/I18nProvider';
import { langs, type Lang } from '../i18n/messages';

/**
 * Brand, run mode, the language setting, a loud banner when WXCRED_API_BASE redirects calls, and
 * any start-up notices from main (e.g. a corrupt profiles file that was moved aside).
 */
export function Header() {
  const { t, lang, setLang } = useI18n();
  const langId = useId();
  const info = useBridgeQuery('appInfo', {}, { staleTime: Infinity });
  const override = info.data?.apiBaseOverride ?? null;
  return (
    <>
      <header className="app-header">
        <div className="brand">
          <span className="brand-name">wxcred</span>
          <span className="brand-sub">{t('app.subtitle')}</span>
        </div>
        <div className="header-tools">
          {info.data ? (
            <span className={`badge badge-mode mode-${info.data.mode}`} data-testid="app-mode">
              {t(`mode.${info.data.mode}`)} · v{info.data.version}
            </span>
          ) : null}
          <label htmlFor={langId} className="header-label">
            {t('settings.language')}
          </label>
          <select
            id={langId}
            className="select-compact"
            value={lang}
            onChange={(e) => setLang(e.target.value as Lang)}
            data-testid="language-select"
          >
            {langs.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
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
