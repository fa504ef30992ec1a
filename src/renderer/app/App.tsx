import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { Profile } from '../../contract';
import { useBridgeQuery } from '../data/hooks';
import { ErrcodeNavProvider } from '../ui/errcodeNav';
import { useT } from '../i18n/I18nProvider';
import { FirstRun } from '../features/profiles/FirstRun';
import { ProfileDialog } from '../features/profiles/ProfileDialog';
import { ProfileList } from '../features/profiles/ProfileList';
import { AppPage } from './AppPage';
import { Header } from './Header';
import { useShortcuts } from './shortcuts';
import { useSidebar } from './sidebar';
import { prefetchWhenIdle } from './prefetch';

// Pages other than the first screen load on first visit, so the first screen does not wait for
// the errcode table, the virtualised log list or settings.
const ErrcodeSearchPage = lazy(() => import('../features/errcodes/ErrcodeSearchPage').then((m) => ({ default: m.ErrcodeSearchPage })));
const RequestLogPage = lazy(() => import('../features/log/RequestLogPage').then((m) => ({ default: m.RequestLogPage })));
const SettingsPage = lazy(() => import('../features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));

type View =
  | { page: 'app'; profileId: string | null }
  | { page: 'errcodes'; query?: string }
  | { page: 'log' }
  | { page: 'settings' };
type Dialog = { mode: 'add' } | { mode: 'edit'; profile: Profile } | null;

/** The pages below the app list, in sidebar order. */
const globalPages = ['errcodes', 'log', 'settings'] as const;

export function App() {
  const t = useT();
  const [view, setView] = useState<View>({ page: 'app', profileId: null });
  const [dialog, setDialog] = useState<Dialog>(null);
  const profiles = useBridgeQuery('listProfiles', {});
  const sidebar = useSidebar();
  // Any error on screen can open its errcode here.
  const openErrcode = useCallback((code: number) => setView({ page: 'errcodes', query: String(code) }), []);
  useShortcuts(useCallback(() => setView({ page: 'errcodes' }), []));
  // Once the first screen has its content, fetch what other screens need while the page is idle.
  const listed = profiles.data !== undefined;
  useEffect(() => {
    if (listed) prefetchWhenIdle();
  }, [listed]);

  // With nothing chosen yet, the first app is shown rather than an empty page.
  const current =
    view.page === 'app'
      ? (profiles.data?.find((p) => p.id === view.profileId) ?? (view.profileId === null ? profiles.data?.[0] : undefined))
      : undefined;

  return (
    <ErrcodeNavProvider open={openErrcode}>
      <div className="shell">
        <Header sidebar={{ ...sidebar, controls: 'sidebar' }} />
        <div className="body">
          <nav id="sidebar" className="sidebar" aria-label={t('nav.label')} hidden={!sidebar.open}>
            <ProfileList
              selectedId={current?.id ?? null}
              onSelect={(p) => setView({ page: 'app', profileId: p.id })}
              onAdd={() => setDialog({ mode: 'add' })}
            />
            <div className="sidebar-footer">
              {globalPages.map((page) => (
                <button
                  key={page}
                  type="button"
                  className="nav-item"
                  aria-current={view.page === page ? 'page' : undefined}
                  onClick={() => setView({ page })}
                  data-testid={`nav-${page}`}
                >
                  {t(`nav.${page}`)}
                </button>
              ))}
            </div>
          </nav>
          <main className="content">
            <Suspense fallback={null}>
              {view.page === 'errcodes' ? <ErrcodeSearchPage key={view.query ?? ''} initialQuery={view.query} /> : null}
              {view.page === 'log' ? <RequestLogPage /> : null}
              {view.page === 'settings' ? <SettingsPage /> : null}
            </Suspense>
            {view.page === 'app' && current ? (
              <AppPage
                key={current.id}
                profile={current}
                onEdit={() => setDialog({ mode: 'edit', profile: current })}
                onDeleted={() => setView({ page: 'app', profileId: null })}
              />
            ) : null}
            {view.page === 'app' && !current && profiles.data?.length === 0 ? (
              <FirstRun
                onAdd={() => setDialog({ mode: 'add' })}
                onLoaded={(first) => setView({ page: 'app', profileId: first?.id ?? null })}
              />
            ) : null}
            {view.page === 'app' && !current && profiles.data && profiles.data.length > 0 ? (
              <p className="muted pad">{t('profiles.none')}</p>
            ) : null}
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
    </ErrcodeNavProvider>
  );
}
