import type { Profile } from '../../../contract';
import { isSimulatorProfile } from '../../data/contract';
import { SimulatorBadge } from '../../ui/SimulatorBadge';
import { ErrorView } from '../../ui/ErrorView';
import { useBridgeQuery } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';

/** The sidebar's list of apps; selecting one opens its app page. */
export function ProfileList({
  selectedId,
  onSelect,
  onAdd,
}: {
  selectedId: string | null;
  onSelect: (profile: Profile) => void;
  onAdd: () => void;
}) {
  const t = useT();
  const profiles = useBridgeQuery('listProfiles', {});
  return (
    <section className="profile-list" aria-labelledby="profile-list-title">
      <div className="sidebar-heading">
        <h2 id="profile-list-title">{t('nav.apps')}</h2>
        <button type="button" className="btn btn-small" onClick={onAdd} data-testid="add-app">
          + {t('profiles.add')}
        </button>
      </div>
      {profiles.isPending ? <p className="muted pad">{t('app.loading')}</p> : null}
      {profiles.error ? <ErrorView error={profiles.error.error} /> : null}
      {profiles.data?.length === 0 ? <p className="muted pad">{t('profiles.empty')}</p> : null}
      <ul className="app-items">
        {profiles.data?.map((profile) => (
          <li key={profile.id}>
            <button
              type="button"
              className="app-item"
              aria-current={profile.id === selectedId ? 'page' : undefined}
              onClick={() => onSelect(profile)}
              data-testid="app-item"
              data-profile-id={profile.id}
            >
              <span className="app-item-label">{profile.label}</span>
              <span className="app-item-meta">
                <span className="mono">{profile.appid}</span>
                {isSimulatorProfile(profile) ? <SimulatorBadge /> : null}
                <span className={`kind-dot kind-${profile.kind}`} title={t(`kind.${profile.kind}`)} aria-hidden="true" />
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
