import { useT } from '../i18n/I18nProvider';

/** Marks an app whose calls go to the built-in simulator, wherever the app is shown. */
export function SimulatorBadge() {
  const t = useT();
  return (
    <span className="badge badge-sim" title={t('simulator.badgeTitle')} data-testid="simulator-badge">
      {t('simulator.badge')}
    </span>
  );
}
