import { useQueryClient } from '@tanstack/react-query';
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Profile } from '../../contract';
import { ConfirmDialog } from '../ui/ConfirmDialog';
import { CopyButton } from '../ui/CopyButton';
import { ErrorView } from '../ui/ErrorView';
import { apiDomains, isSimulatorProfile } from '../data/contract';
import { SimulatorBadge } from '../ui/SimulatorBadge';
import { bridgeKey, useBridgeMutation } from '../data/hooks';
import { useT } from '../i18n/I18nProvider';
import { tabKeyTarget } from './shortcuts';
import { AccountTab } from '../features/account/AccountTab';
import { CallbackTab } from '../features/callback/CallbackTab';
import { SecretSection } from '../features/secrets/SecretSection';
import { TokenSection } from '../features/token/TokenSection';
import { MiniProgramTab } from '../features/miniprogram/MiniProgramTab';
import { OAuthTab } from '../features/oauth/OAuthTab';
import { UserInfoTab } from '../features/userinfo/UserInfoTab';
import { PermissionsTab } from '../features/permissions/PermissionsTab';
import { ConsoleTab } from '../features/console/ConsoleTab';
import { JssdkTab } from '../features/jssdk/JssdkTab';
import { jssdkKinds } from '../data/contract';

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
          {tab.render(profile)}
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
