import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Profile } from '../../shared/api';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CopyButton } from '../common/CopyButton';
import { ErrorView } from '../common/ErrorView';
import { apiDomains } from '../contract';
import { bridgeKey, useBridgeMutation } from '../data/hooks';
import { useT } from '../i18n/I18nProvider';
import { SecretSection } from './SecretSection';
import { TokenSection } from './TokenSection';

/** One app: who it is, its write-only AppSecret, and its access token. */
export function AppPage({ profile, onEdit, onDeleted }: { profile: Profile; onEdit: () => void; onDeleted: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteProfile = useBridgeMutation('deleteProfile', {
    onSuccess: async () => {
      setConfirmDelete(false);
      await queryClient.invalidateQueries({ queryKey: bridgeKey('listProfiles', {}) });
      onDeleted();
    },
  });
  const base = profile.domain === 'custom' ? (profile.customBase ?? '') : apiDomains[profile.domain];

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

      <SecretSection profileId={profile.id} />
      <TokenSection profile={profile} />

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
