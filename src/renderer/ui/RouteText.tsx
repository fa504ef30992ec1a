import type { Route } from '../../contract/errors';
import { useT } from '../i18n/I18nProvider';

/** "direct" or "via proxy http://…" — the proxy string arrives from main without credentials. */
export function RouteText({ route }: { route: Route }) {
  const t = useT();
  if (route.kind === 'direct') return <span className="route">{t('route.direct')}</span>;
  return (
    <span className="route">
      {t('route.proxy', { proxy: route.proxy })}
      {route.source === 'env' ? ` ${t('route.env')}` : null}
    </span>
  );
}
