import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { CallbackSecretKind, CallbackSecrets as Status } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { ErrorView } from '../../ui/ErrorView';
import { bridgeKey, useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { callbackSecretRevision, useLongCallStore } from '../../data/longCalls';
import { useT } from '../../i18n/I18nProvider';

/**
 * The Token and the EncodingAESKey, write-only like the AppSecret: typed here, sent to main once,
 * forgotten at once. Only whether each is stored and its last 4 characters ever come back.
 */
export function CallbackSecrets({ profileId }: { profileId: string }) {
  const t = useT();
  const ids = useId();
  const status = useBridgeQuery('callbackSecrets', { profileId });
  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="cblab-secrets">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('cblab.secretsTitle')}
      </h2>
      <p className="field-help lab-help">{t('cblab.secretsHelp')}</p>
      {status.error ? <ErrorView error={status.error.error} /> : null}
      {status.data ? (
        <div className="two-col">
          <SecretField profileId={profileId} kind="token" status={status.data} />
          <SecretField profileId={profileId} kind="aesKey" status={status.data} />
        </div>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
    </section>
  );
}

function SecretField({ profileId, kind, status }: { profileId: string; kind: CallbackSecretKind; status: Status }) {
  const t = useT();
  const inputId = useId();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const [replacing, setReplacing] = useState(false);
  const [error, setError] = useState<WxError | null>(null);
  const save = useBridgeMutation('setCallbackSecret', { gcTime: 0 });
  const remove = useBridgeMutation('deleteCallbackSecret');
  const mine = status[kind];
  const calls = useLongCallStore();
  const stored = (next: Status) => {
    queryClient.setQueryData(bridgeKey('callbackSecrets', { profileId }), next);
    // A handshake or push checked with the old Token or key no longer describes the ones stored now.
    calls.bump(callbackSecretRevision(profileId));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft;
    setDraft('');
    setError(null);
    if (value === '') return;
    save.mutate(
      { profileId, kind, value },
      {
        onSuccess: (next) => {
          stored(next);
          setReplacing(false);
        },
        onError: (err) => setError(err.error),
        onSettled: () => save.reset(),
      },
    );
  };

  return (
    <div className="lab-field" data-testid={`cblab-secret-${kind}`}>
      <label htmlFor={inputId} className="field-label">
        {t(`cblab.secret.${kind}`)}
      </label>
      {mine.stored && !replacing ? (
        <div className="row">
          <span className="badge badge-ok" data-testid={`cblab-${kind}-status`}>
            {t('cblab.stored', { hint: mine.hint ?? '' })}
          </span>
          <button type="button" className="btn btn-small" onClick={() => setReplacing(true)}>
            {t('secret.replace')}
          </button>
          <button
            type="button"
            className="btn btn-small btn-danger-quiet"
            onClick={() => remove.mutate({ profileId, kind }, { onSuccess: stored, onError: (err) => setError(err.error) })}
            data-testid={`cblab-${kind}-delete`}
          >
            {t('secret.delete')}
          </button>
        </div>
      ) : (
        <form className="row" onSubmit={submit}>
          <input
            id={inputId}
            className="mono grow"
            type="password"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder={t(`cblab.placeholder.${kind}`)}
            data-testid={`cblab-${kind}-input`}
          />
          <button type="submit" className="btn btn-primary" disabled={draft === '' || save.isPending} data-testid={`cblab-${kind}-save`}>
            {save.isPending ? t('common.saving') : t('secret.save')}
          </button>
          {replacing ? (
            <button type="button" className="btn" onClick={() => setReplacing(false)}>
              {t('common.cancel')}
            </button>
          ) : null}
        </form>
      )}
      {error ? <ErrorView error={error} /> : null}
    </div>
  );
}
