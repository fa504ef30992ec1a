import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Profile } from '../../contract';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyButton } from '../ui/CopyButton';
import { ErrorView } from '../ui/ErrorView';
import { apiDomains, isSimulatorProfile } from '../data/contract';
import { SimulatorBadge } from '../ui/SimulatorBadge';
import { bridgeKey, useBridgeMutation } from '../data/hooks';
import { useT } from '../i18n/I18nProvider';
import { tabKeyTarget } from './shortcuts';
import { deferred } from '../ui/deferred';
import { SecretSection } from '../features/secrets/SecretSection';
import { TokenSection } from '../features/token/TokenSection';
import { jssdkKinds } from '../data/contract';

// The token tab is what an app page opens on; every other tab is a chunk of its own, fetched
// when the page is idle (main.tsx) or on first visit, so the first screen does not wait for them.
const OAuthTab = deferred(() => import('../features/oauth/OAuthTab').then((m) => m.OAuthTab));
const MiniProgramTab = deferred(() => import('../features/miniprogram/MiniProgramTab').then((m) => m.MiniProgramTab));
const UserInfoTab = deferred(() => import('../features/userinfo/UserInfoTab').then((m) => m.UserInfoTab));
const JssdkTab = deferred(() => import('../features/jssdk/JssdkTab').then((m) => m.JssdkTab));
const CallbackTab = deferred(() => import('../features/callback/CallbackTab').then((m) => m.CallbackTab));
const AccountTab = deferred(() => import('../features/account/AccountTab').then((m) => m.AccountTab));
const PermissionsTab = deferred(() => import('../features/permissions/PermissionsTab').then((m) => m.PermissionsTab));
const ConsoleTab = deferred(() => import('../features/console/ConsoleTab').then((m) => m.ConsoleTab));

/**
 * The tabs of an app page. Each feature adds one entry here; `show` hides tabs that do not apply
 * to the app's kind (e.g. web OAuth for a mini-program).
 */
interface AppTab {
  id: string;
  label: (t: ReturnType<typeof useT>) => string;
  show?: (profile: Profile) => boolean;
  render: (profile: Profile) => ReactNode;
}

const appTabs: AppTab[] = [
  {
    id: 'token',
    label: (t) => t('tab.token'),
    render: (profile) => (
      <>
        <SecretSection profileId={profile.id} />
        <TokenSection profile={profile} />
      </>
    ),
  },
  {
    id: 'oauth',
    label: (t) => t('tab.oauth'),
    show: (profile) => profile.kind !== 'mini-program',
    render: (profile) => <OAuthTab profile={profile} />,
  },
  {
    id: 'miniprogram',
    label: (t) => t('tab.miniprogram'),
    show: (profile) => profile.kind === 'mini-program',
    render: (profile) => <MiniProgramTab profile={profile} />,
  },
  {
    id: 'userinfo',
    label: (t) => t('tab.userinfo'),
    show: (profile) => profile.kind === 'official-account' || profile.kind === 'test-account',
    render: (profile) => <UserInfoTab profile={profile} />,
  },
  {
    id: 'jssdk',
    label: (t) => t('tab.jssdk'),
    // 小程序 and 网站应用 have no JS-SDK: no wx.config, no jsapi_ticket.
    show: (profile) => jssdkKinds.includes(profile.kind),
    render: (profile) => <JssdkTab profile={profile} />,
  },
  {
    id: 'callback',
    label: (t) => t('tab.callback'),
    // A 网站应用 receives no messages: it has no server URL to configure.
    show: (profile) => profile.kind !== 'website-app',
    render: (profile) => <CallbackTab profile={profile} />,
  },
  {
    id: 'account',
    label: (t) => t('tab.account'),
    // A 网站应用 has no base access_token to call these with: it only does QR login.
    show: (profile) => profile.kind !== 'website-app',
    render: (profile) => <AccountTab profile={profile} />,
  },
  {
    id: 'permissions',
    label: (t) => t('tab.permissions'),
    render: (profile) => <PermissionsTab profile={profile} />,
  },
  {
    id: 'console',
    label: (t) => t('tab.console'),
    show: (profile) => profile.kind !== 'website-app',
    render: (profile) => <ConsoleTab profile={profile} />,
  },
];

/** One app: who it is, its write-only AppSecret, its access token, and the feature tabs. */
export function AppPage({ profile, onEdit, onDeleted }: { profile: Profile; onEdit: () => void; onDeleted: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const tabs = appTabs.filter((tab) => tab.show?.(profile) ?? true);
  const [tabId, setTabId] = useState(tabs[0]?.id ?? 'token');
  const tab = tabs.find((candidate) => candidate.id === tabId) ?? tabs[0];
  const onTabKey = (event: KeyboardEvent) => {
    const next = tabKeyTarget(event.key, tabs.map((candidate) => candidate.id), tab?.id ?? '');
    if (next === null) return;
    event.preventDefault();
    setTabId(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  const deleteProfile = useBridgeMutation('deleteProfile', {
    onSuccess: async () => {
      setConfirmDelete(false);
      await queryClient.invalidateQueries({ queryKey: bridgeKey('listProfiles', {}) });
      onDeleted();
    },
  });
  const base =
    profile.domain === 'custom' ? (profile.customBase ?? '') : profile.domain === 'simulator' ? t('domain.simulator') : apiDomains[profile.domain];

  return (
    <article className="app-page" data-testid="app-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{profile.label}</h1>
          <div className="page-meta">
            <code className="mono" data-testid="app-appid">
              {profile.appid}
            </code>
            <CopyButton value={profile.appid} />
            <span className={`badge kind-${profile.kind}`}>{t(`kind.${profile.kind}`)}</span>
            {isSimulatorProfile(profile) ? <SimulatorBadge /> : null}
            <code className="mono muted">{base}</code>
            {profile.proxy ? <span className="muted">{t('route.proxy', { proxy: profile.proxy })}</span> : null}
          </div>
        </div>
        <div className="row">
          <button type="button" className="btn" onClick={onEdit}>
            {t('profile.edit')}
          </button>
          <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirmDelete(true)}>
            {t('profile.delete')}
          </button>
        </div>
      </header>

      {tabs.length > 1 ? (
        <div className="tabs" role="tablist" aria-label={t('tab.label')} onKeyDown={onTabKey}>
          {tabs.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              role="tab"
              id={`tab-${candidate.id}`}
              aria-selected={candidate.id === tab?.id}
              tabIndex={candidate.id === tab?.id ? 0 : -1}
              aria-controls={`tabpanel-${candidate.id}`}
              className="tab"
              onClick={() => setTabId(candidate.id)}
              data-testid={`tab-${candidate.id}`}
            >
              {candidate.label(t)}
            </button>
          ))}
        </div>
      ) : null}
      {tab ? (
        <div role="tabpanel" id={`tabpanel-${tab.id}`} aria-labelledby={`tab-${tab.id}`} className="tabpanel">
          <Suspense fallback={<p className="muted pad">{t('app.loading')}</p>}>{tab.render(profile)}</Suspense>
        </div>
      ) : null}

      {confirmDelete ? (
        <ConfirmDialog
          title={t('profile.deleteTitle', { label: profile.label })}
          confirmLabel={deleteProfile.isPending ? t('common.deleting') : t('profile.delete')}
          danger
          busy={deleteProfile.isPending}
          onConfirm={() => deleteProfile.mutate({ profileId: profile.id })}
          onCancel={() => {
            setConfirmDelete(false);
            deleteProfile.reset();
          }}
        >
          <p>{t('profile.deleteBody')}</p>
          {deleteProfile.error ? <ErrorView error={deleteProfile.error.error} /> : null}
        </ConfirmDialog>
      ) : null}
    </article>
  );
}
