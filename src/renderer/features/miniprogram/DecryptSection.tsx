import { MonoField } from '../../ui/MonoField';
import { useId, useState, type FormEvent } from 'react';
import type { DecryptedUserData, MiniSession, Profile } from '../../../contract';
import type { WxError } from '../../../contract/errors';
import { ErrorView } from '../../ui/ErrorView';
import { RawJson } from '../../ui/ProfileCard';
import { useBridgeMutation } from '../../data/hooks';
import { useI18n } from '../../i18n/I18nProvider';
import { fieldIssues } from '../../ui/fieldIssues';
import { keyFields, type KeySourceState } from './KeySource';
import { formatDateTime } from '../../ui/format';
import { useResetOnInput } from '../../ui/resetOnInput';

type Watermark = DecryptedUserData['watermark'];

/** ✓ when the data was encrypted for this app, ✗ (with both appids) when it was not. */
export function WatermarkCheck({ watermark, matches, appid }: { watermark: Watermark; matches: boolean | null; appid: string }) {
  const { t, lang } = useI18n();
  if (!watermark || matches === null) {
    return (
      <p className="muted" data-testid="watermark-check" data-match="none">
        {t('mini.noWatermark')}
      </p>
    );
  }
  return (
    <>
      {matches ? (
        <p className="check check-ok" data-testid="watermark-check" data-match="true">
          ✓ {t('mini.watermarkMatches', { appid: watermark.appid ?? '' })}
        </p>
      ) : (
        <p className="check check-bad" data-testid="watermark-check" data-match="false">
          ✗ {t('mini.watermarkMismatch', { got: watermark.appid ?? '—', want: appid })}
        </p>
      )}
      <p className="muted" data-testid="watermark-time">
        {t('mini.watermarkTime')}{' '}
        {watermark.timestamp === null ? t('data.notReturned') : formatDateTime(watermark.timestamp * 1000, lang)}
      </p>
    </>
  );
}

const fields = ['encryptedData', 'iv', 'sessionKey'] as const;

/**
 * Decrypts wx.getUserInfo / getWeRunData style payloads with the login's session_key (in main) or
 * a pasted one. The request may carry a session_key, so the mutation is reset as soon as it
 * settles and the answer is kept in component state instead.
 */
export function DecryptSection({ profile, session, source }: { profile: Profile; session: MiniSession | null; source: KeySourceState }) {
  const { t } = useI18n();
  const ids = useId();
  const [encryptedData, setEncryptedData] = useState('');
  const [iv, setIv] = useState('');
  const [result, setResult] = useState<DecryptedUserData | null>(null);
  const [error, setError] = useState<WxError | null>(null);
  const decrypt = useBridgeMutation('decryptUserData', { gcTime: 0 });
  const key = keyFields(source, session);
  useResetOnInput([encryptedData, iv, key], () => {
    setResult(null);
    setError(null);
  });
  const issues = fieldIssues(error, fields);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!key) return;
    setError(null);
    setResult(null);
    decrypt.mutate(
      { profileId: profile.id, ...key, encryptedData: encryptedData.trim(), iv: iv.trim() },
      { onSuccess: setResult, onError: (err) => setError(err.error), onSettled: () => decrypt.reset() },
    );
  };

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('mini.decryptTitle')}
      </h2>
      <form className="form-grid" onSubmit={submit} noValidate>
        <MonoField
          id={`${ids}-data`}
          label="encryptedData"
          rows={3}
          value={encryptedData}
          onChange={setEncryptedData}
          problem={issues.byField.encryptedData}
          testId="encrypted-data"
        />
        <MonoField
          id={`${ids}-iv`}
          label="iv"
          value={iv}
          onChange={setIv}
          problem={issues.byField.iv}
          extra={issues.byField.sessionKey ? <p className="field-problem">session_key: {issues.byField.sessionKey}</p> : null}
          testId="decrypt-iv"
        />
        <div />
        <div className="row">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={!key || encryptedData.trim() === '' || iv.trim() === '' || decrypt.isPending}
            data-testid="decrypt"
          >
            {t('mini.decrypt')}
          </button>
          {!key ? <span className="muted">{t('mini.needKey')}</span> : null}
        </div>
      </form>
      {error && issues.unplaced ? <ErrorView error={error} /> : null}
      {result ? (
        <div className="result-card" data-testid="decrypt-result">
          <WatermarkCheck watermark={result.watermark} matches={result.appidMatches} appid={profile.appid} />
          <RawJson value={result.data} testId="decrypted-json" />
        </div>
      ) : null}
    </section>
  );
}
