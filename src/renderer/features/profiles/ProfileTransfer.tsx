import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type ChangeEvent } from 'react';
import { PROFILES_IMPORT_MAX_BYTES, type ProfilesImported } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { bridgeKey, useBridgeMutation } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { downloadText } from '../../ui/download';
import { ErrorView } from '../../ui/ErrorView';

/**
 * Export and import of the app list without secrets. Picking and saving the file is the shell's
 * (a download and a file input: the browser's own dialogs in web mode, Electron's native ones on
 * the desktop); reading and checking what is in it is main's.
 */
export function ProfileTransfer({ hasApps }: { hasApps: boolean }) {
  const t = useT();
  const queryClient = useQueryClient();
  const fileInput = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<ProfilesImported | null>(null);
  const [error, setError] = useState<WxError | null>(null);

  const exportApps = useBridgeMutation('exportProfiles', {
    onSuccess: ({ filename, json }) => downloadText(filename, json),
    onError: (err) => setError(err.error),
  });
  const importApps = useBridgeMutation('importProfiles', {
    // The file's text is not kept in react-query's cache once the import settles.
    gcTime: 0,
    onSuccess: async (imported) => {
      setResult(imported);
      await queryClient.invalidateQueries({ queryKey: bridgeKey('listProfiles', {}) });
    },
    onError: (err) => setError(err.error),
  });

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // Cleared so choosing the same file again (after fixing it) is a change too.
    event.target.value = '';
    setResult(null);
    setError(null);
    if (!file) return;
    if (file.size > PROFILES_IMPORT_MAX_BYTES) {
      setError({ kind: 'validation', message: t('profiles.importTooLarge', { kb: PROFILES_IMPORT_MAX_BYTES / 1024 }), issues: [] });
      return;
    }
    importApps.mutate({ json: await file.text() });
  };

  return (
    <div className="app-transfer">
      <div className="row">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setResult(null);
            setError(null);
            exportApps.mutate({});
          }}
          disabled={!hasApps || exportApps.isPending}
          data-testid="export-apps"
        >
          {t('profiles.export')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => fileInput.current?.click()} disabled={importApps.isPending} data-testid="import-apps">
          {importApps.isPending ? t('profiles.importing') : t('profiles.import')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(event) => void chosen(event)}
          data-testid="import-file"
          aria-label={t('profiles.import')}
        />
      </div>
      <p className="field-help">{t('profiles.transferHelp')}</p>
      {result ? (
        <div className="notice" role="status" data-testid="import-result">
          <p>{t('profiles.imported', { added: result.added.length, skipped: result.skipped.length })}</p>
          {result.skipped.length > 0 ? (
            <ul data-testid="import-skipped">
              {result.skipped.map((s) => (
                <li key={s.appid}>{t('profiles.importSkipped', { label: s.label, appid: s.appid, existing: s.existingLabel })}</li>
              ))}
            </ul>
          ) : null}
          {result.added.length > 0 ? <p>{t('profiles.importSecretsNext')}</p> : null}
        </div>
      ) : null}
      {error ? <ErrorView error={error} /> : null}
    </div>
  );
}
