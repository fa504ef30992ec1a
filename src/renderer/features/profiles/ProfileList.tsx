import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Profile, ProfileStatus } from '../../../contract';
import { isSimulatorProfile } from '../../data/contract';
import { SimulatorBadge } from '../../ui/SimulatorBadge';
import { ErrorView } from '../../ui/ErrorView';
import { bridgeKey, useBridgeQuery } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { AppStatus } from './AppStatus';
import { ProfileTransfer } from './ProfileTransfer';

const statusesKey = bridgeKey('profileStatuses', {});
/** Queries whose fresh data can mean a changed secret or token state. */
const followed = new Set<string>(['listProfiles', 'secretStatus', 'cachedToken']);

/**
 * The sidebar's list of apps; selecting one opens its app page. Each app shows whether its secret
 * is stored and what is left of its newest token. The search matches name, AppID and kind; arrow
 * keys move from the search box through the list, Enter opens the first match, Escape clears.
 */
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
  const ids = useId();
  const queryClient = useQueryClient();
  const profiles = useBridgeQuery('listProfiles', {});
  const statuses = useBridgeQuery('profileStatuses', {});
  const [query, setQuery] = useState('');
  const search = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);

  // A secret saved, a token fetched, an app added: each ends in a mutation or in fresh data for the
  // app page's secretStatus / cachedToken, so the states are asked again then (from the keychain
  // and the token cache, never WeChat).
  useEffect(() => {
    const refresh = () => void queryClient.invalidateQueries({ queryKey: statusesKey });
    const offMutations = queryClient.getMutationCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success') refresh();
    });
    const offQueries = queryClient.getQueryCache().subscribe((event) => {
      if (event.type === 'updated' && event.action.type === 'success' && followed.has(String(event.query.queryKey[0]))) refresh();
    });
    return () => {
      offMutations();
      offQueries();
    };
  }, [queryClient]);

  const byId = useMemo(() => new Map<string, ProfileStatus>((statuses.data ?? []).map((s) => [s.profileId, s])), [statuses.data]);
  const needle = query.trim().toLowerCase();
  const shown = (profiles.data ?? []).filter(
    (p) =>
      needle === '' ||
      [p.label, p.appid, p.kind, t(`kind.${p.kind}`)].some((text) => text.toLowerCase().includes(needle)),
  );

  const items = (): HTMLButtonElement[] => [...(list.current?.querySelectorAll<HTMLButtonElement>('button.app-item') ?? [])];
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      items()[0]?.focus();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const first = shown[0];
      if (first) onSelect(first);
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      setQuery('');
    }
  };
  const onItemKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const all = items();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = index + (event.key === 'ArrowDown' ? 1 : -1);
      if (next < 0) search.current?.focus();
      else all[Math.min(next, all.length - 1)]?.focus();
    } else if (event.key === 'Home' || event.key === 'End') {
      event.preventDefault();
      (event.key === 'Home' ? all[0] : all.at(-1))?.focus();
    }
  };

  const count = profiles.data?.length ?? 0;
  return (
    <section className="profile-list" aria-labelledby="profile-list-title">
      <div className="sidebar-heading">
        <h2 id="profile-list-title">{t('nav.apps')}</h2>
        <button type="button" className="btn btn-small" onClick={onAdd} data-testid="add-app">
          + {t('profiles.add')}
        </button>
      </div>
      {count > 0 ? (
        <div className="app-search">
          <input
            ref={search}
            type="search"
            aria-label={t('profiles.search')}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={onSearchKey}
            placeholder={t('profiles.searchPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            aria-controls={`${ids}-items`}
            data-testid="app-search"
          />
        </div>
      ) : null}
      {profiles.isPending ? <p className="muted pad">{t('app.loading')}</p> : null}
      {profiles.error ? <ErrorView error={profiles.error.error} /> : null}
      {count === 0 && profiles.data ? <p className="muted pad">{t('profiles.empty')}</p> : null}
      {count > 0 && shown.length === 0 ? (
        <p className="muted pad" role="status" data-testid="app-search-none">
          {t('profiles.searchNone', { query: query.trim() })}
        </p>
      ) : null}
      {statuses.error ? <ErrorView error={statuses.error.error} /> : null}
      <ul className="app-items" id={`${ids}-items`} ref={list}>
        {shown.map((profile, index) => (
          <li key={profile.id}>
            <button
              type="button"
              className="app-item"
              aria-current={profile.id === selectedId ? 'page' : undefined}
              onClick={() => onSelect(profile)}
              onKeyDown={(event) => onItemKey(event, index)}
              data-testid="app-item"
              data-profile-id={profile.id}
            >
              <span className="app-item-label">{profile.label}</span>
              <span className="app-item-meta">
                <span className="mono">{profile.appid}</span>
                {isSimulatorProfile(profile) ? <SimulatorBadge /> : null}
                <span className={`kind-dot kind-${profile.kind}`} title={t(`kind.${profile.kind}`)} aria-hidden="true" />
              </span>
              <AppStatus status={byId.get(profile.id)} />
            </button>
          </li>
        ))}
      </ul>
      <ProfileTransfer hasApps={count > 0} />
    </section>
  );
}
