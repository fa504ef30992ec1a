import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { SecretStatus } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorView } from '../../ui/ErrorView';
import { fieldIssues } from '../../ui/fieldIssues';
import { bridgeKey, useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { secretRevision, useLongCallStore } from '../../data/longCalls';
import { useT } from '../../i18n/I18nProvider';

/**
 * Write-only AppSecret: it goes from the input to main and is not kept here. The input is cleared
 * once main has stored it (a refused one stays, so the user can correct what they typed), and the
 * setSecret mutation (whose `variables` hold the secret) is reset and dropped from react-query's
 * cache as soon as it settles.
 */
export function SecretSection({ profileId }: { profileId: string }) {
  const t = useT();
  const inputId = useId();
  const queryClient = useQueryClient();
  const statusKey = bridgeKey('secretStatus', { profileId });
  const status = useBridgeQuery('secretStatus', { profileId });
  const [draft, setDraft] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [error, setError] = useState<WxError | null>(null);
  /** What main changed on the way in (surrounding whitespace), shown once after a save. */
  const [trimmed, setTrimmed] = useState(false);

  const setSecret = useBridgeMutation('setSecret', { gcTime: 0 });
  const deleteSecret = useBridgeMutation('deleteSecret');

  const calls = useLongCallStore();
  const stored = (next: SecretStatus) => {
    queryClient.setQueryData(statusKey, next);
    // What was got with the old secret (a 40125, a token) no longer describes the one stored now.
    calls.bump(secretRevision(profileId));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const secret = draft;
    setError(null);
    setTrimmed(false);
    if (secret === '') return;
    setSecret.mutate(
      { profileId, secret },
      {
        onSuccess: (next) => {
          // The status cache keeps what is true of the stored secret, not of this one save.
          const { trimmed: wasTrimmed, ...status } = next;
          stored(status);
          setDraft('');
          setTrimmed(wasTrimmed === true);
          setReplacing(false);
        },
        onError: (err) => setError(err.error),
        onSettled: () => setSecret.reset(),
      },
    );
  };

  const remove = () => {
    setError(null);
    deleteSecret.mutate(
      { profileId },
      {
        onSuccess: stored,
        onError: (err) => setError(err.error),
        onSettled: () => setConfirmDelete(false),
      },
    );
  };

  const showForm = status.data && (!status.data.stored || replacing);
  // A refusal of the secret itself shows under the input, once; anything else in the error view.
  const issues = fieldIssues(error, ['secret'] as const);
  const secretProblem = showForm ? issues.byField.secret : undefined;

  return (
    <section className="panel" aria-labelledby={`${inputId}-title`}>
      <h2 className="panel-title" id={`${inputId}-title`}>
        {t('secret.title')}
      </h2>
      {status.isPending ? <p className="muted">{t('app.loading')}</p> : null}
      {status.error ? <ErrorView error={status.error.error} /> : null}

      {status.data?.stored && !replacing ? (
        <div className="secret-stored">
          <span className="badge badge-ok" data-testid="secret-status">
            {status.data.hint ? t('secret.stored', { hint: status.data.hint }) : t('secret.storedNoHint')}
          </span>
          <button type="button" className="btn btn-small" onClick={() => setReplacing(true)}>
            {t('secret.replace')}
          </button>
          <button type="button" className="btn btn-small btn-danger-quiet" onClick={() => setConfirmDelete(true)}>
            {t('secret.delete')}
          </button>
        </div>
      ) : null}
      {trimmed ? (
        <p className="notice" role="status" data-testid="secret-trimmed">
          {t('secret.trimmed')}
        </p>
      ) : null}
      {status.data?.stored && status.data.unusualShape ? (
        <p className="notice notice-warn" role="status" data-testid="secret-shape-warning">
          {t('secret.unusualShape')}
        </p>
      ) : null}
      {status.data && !status.data.stored ? (
        <p className="muted" data-testid="secret-status">
          {t('secret.notStored')}
        </p>
      ) : null}

      {showForm ? (
        <form className="secret-form" onSubmit={submit}>
          <label htmlFor={inputId}>{t('secret.input')}</label>
          <div className="row">
            <input
              id={inputId}
              className="mono grow"
              type="password"
              value={draft}
              onChange={(e) => {
                setDraft(e.target.value);
                // The refusal was about what was typed before; it goes with the edit.
                if (error) setError(null);
              }}
              autoComplete="off"
              spellCheck={false}
              data-testid="secret-input"
              aria-invalid={secretProblem ? true : undefined}
              aria-describedby={secretProblem ? `${inputId}-problem ${inputId}-help` : `${inputId}-help`}
            />
            <button
              type="submit"
              className="btn btn-primary"
              disabled={draft === '' || setSecret.isPending}
              data-testid="secret-save"
            >
              {setSecret.isPending ? t('common.saving') : t('secret.save')}
            </button>
            {replacing ? (
              <button type="button" className="btn" onClick={() => setReplacing(false)}>
                {t('common.cancel')}
              </button>
            ) : null}
          </div>
          {secretProblem ? (
            <p className="field-problem" id={`${inputId}-problem`} role="alert" data-testid="secret-problem">
              {secretProblem}
            </p>
          ) : null}
          <p className="field-help" id={`${inputId}-help`}>
            {t('secret.help')}
          </p>
        </form>
      ) : null}

      {error && !secretProblem ? <ErrorView error={error} /> : null}

      {confirmDelete ? (
        <ConfirmDialog
          title={t('secret.deleteTitle')}
          confirmLabel={deleteSecret.isPending ? t('common.deleting') : t('secret.delete')}
          danger
          busy={deleteSecret.isPending}
          onConfirm={remove}
          onCancel={() => setConfirmDelete(false)}
        >
          <p>{t('secret.deleteBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
