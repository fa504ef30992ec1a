import { useState } from 'react';
import type { Profile } from '../../shared/api';
import { useBridgeQuery } from '../data/hooks';
import { ErrcodeSearchPage } from '../errcodes/ErrcodeSearchPage';
import { useT } from '../i18n/I18nProvider';
import { ProfileDialog } from '../profiles/ProfileDialog';
import { ProfileList } from '../profiles/ProfileList';
import { AppPage } from '../token/AppPage';
import { Header } from './Header';

type View = { page: 'app'; profileId: string | null } | { page: 'errcodes' };
type Dialog = { mode: 'add' } | { mode: 'edit'; profile: Profile } | null;

export function App() {
  const t = useT();
  const [view, setView] = useState<View>({ page: 'app', profileId: null });
  const [dialog, setDialog] = useState<Dialog>(null);
  const profiles = useBridgeQuery('listProfiles', {});

  // With nothing chosen yet, the first app is shown rather than an empty page.
  const current =
    view.page === 'app'
      ? (profiles.data?.find((p) => p.id === view.profileId) ?? (view.profileId === null ? profiles.data?.[0] : undefined))
      : undefined;

  return (
    <div className="shell">
      <Header />
      <div className="body">
        <nav className="sidebar" aria-label={t('nav.label')}>
          <ProfileList
            selectedId={current?.id ?? null}
            onSelect={(p) => setView({ page: 'app', profileId: p.id })}
            onAdd={() => setDialog({ mode: 'add' })}
          />
          <div className="sidebar-footer">
            <button
              type="button"
              className="nav-item"
              aria-current={view.page === 'errcodes' ? 'page' : undefined}
              onClick={() => setView({ page: 'errcodes' })}
              data-testid="nav-errcodes"
            >
              {t('nav.errcodes')}
            </button>
          </div>
        </nav>
        <main className="content">
          {view.page === 'errcodes' ? <ErrcodeSearchPage /> : null}
          {view.page === 'app' && current ? (
            <AppPage
              key={current.id}
              profile={current}
              onEdit={() => setDialog({ mode: 'edit', profile: current })}
              onDeleted={() => setView({ page: 'app', profileId: null })}
            />
          ) : null}
          {view.page === 'app' && !current && profiles.isSuccess ? <p className="muted pad">{t('profiles.none')}</p> : null}
        </main>
      </div>
      {dialog ? (
        <ProfileDialog
          profile={dialog.mode === 'edit' ? dialog.profile : undefined}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setDialog(null);
            setView({ page: 'app', profileId: saved.id });
          }}
        />
      ) : null}
    </div>
  );
}
