import { useId } from 'react';
import type { CallbackCheckResult, Profile, RequestOf } from '../../../contract';
import { ErrorView } from '../../ui/ErrorView';
import { RouteText } from '../../ui/RouteText';
import { secretRevision, useLongCall, useRevision } from '../../data/longCalls';
import { CallProgress, PendingLabel } from '../../ui/CallProgress';
import { useKept } from '../../ui/kept';
import { useT } from '../../i18n/I18nProvider';

import { callbackCheckActions, callbackCheckOperators } from '../../../contract/constants';

type Action = NonNullable<RequestOf<'callbackCheck'>['action']>;
type Operator = NonNullable<RequestOf<'callbackCheck'>['operator']>;

function Results({ result }: { result: CallbackCheckResult }) {
  const t = useT();
  return (
    <div data-testid="callback-results">
      <p className="muted small">
        <RouteText route={result.route} />
      </p>
      <h3 className="subhead">{t('cbcheck.dns', { count: result.dns.length })}</h3>
      {result.dns.length > 0 ? (
        <table className="table" data-testid="callback-dns">
          <thead>
            <tr>
              <th scope="col">{t('cbcheck.ip')}</th>
              <th scope="col">{t('cbcheck.realOperator')}</th>
            </tr>
          </thead>
          <tbody>
            {result.dns.map((row, i) => (
              <tr key={`${row.ip}-${i}`}>
                <td className="mono">{row.ip}</td>
                <td>{row.realOperator}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">{t('cbcheck.none')}</p>
      )}
      <h3 className="subhead">{t('cbcheck.ping', { count: result.ping.length })}</h3>
      {result.ping.length > 0 ? (
        <table className="table" data-testid="callback-ping">
          <thead>
            <tr>
              <th scope="col">{t('cbcheck.ip')}</th>
              <th scope="col">{t('cbcheck.fromOperator')}</th>
              <th scope="col">{t('cbcheck.packageLoss')}</th>
              <th scope="col">{t('cbcheck.time')}</th>
            </tr>
          </thead>
          <tbody>
            {result.ping.map((row, i) => (
              <tr key={`${row.ip}-${i}`}>
                <td className="mono">{row.ip}</td>
                <td>{row.fromOperator}</td>
                <td className="mono">{row.packageLoss}</td>
                <td className="mono">{row.time}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted small">{t('cbcheck.none')}</p>
      )}
    </div>
  );
}

/** callback/check: asks WeChat to resolve and ping this account's callback URL from its side. */
export function CallbackCheckPanel({ profile }: { profile: Profile }) {
  const t = useT();
  const ids = useId();
  const [action, setAction] = useKept<Action>('cbcheck.action', profile.id, 'all');
  const [operator, setOperator] = useKept<Operator>('cbcheck.operator', profile.id, 'DEFAULT');
  const check = useLongCall('callbackCheck', { owner: profile.id, input: { action, operator, secret: useRevision(secretRevision(profile.id)) } });
  const run = () => check.run({ profileId: profile.id, action, operator });
  return (
    <section className="panel" aria-labelledby={`${ids}-title`} data-testid="callback-check">
      <h2 className="panel-title" id={`${ids}-title`}>
        {t('cbcheck.title')}
      </h2>
      <p className="field-help">{t('cbcheck.help')}</p>
      <div className="row">
        <label htmlFor={`${ids}-action`} className="muted small">
          {t('cbcheck.action')}
        </label>
        <select
          id={`${ids}-action`}
          className="select-compact"
          value={action}
          onChange={(e) => setAction(e.target.value as Action)}
          data-testid="callback-action"
        >
          {callbackCheckActions.map((a) => (
            <option key={a} value={a}>
              {t(`cbcheck.action.${a}`)}
            </option>
          ))}
        </select>
        <label htmlFor={`${ids}-operator`} className="muted small">
          {t('cbcheck.operator')}
        </label>
        <select
          id={`${ids}-operator`}
          className="select-compact"
          value={operator}
          onChange={(e) => setOperator(e.target.value as Operator)}
          data-testid="callback-operator"
        >
          {callbackCheckOperators.map((o) => (
            <option key={o} value={o}>
              {t(`cbcheck.operator.${o}`)}
            </option>
          ))}
        </select>
        <button type="button" className="btn btn-small btn-primary" onClick={run} disabled={check.isPending} data-testid="callback-run">
          {check.isPending ? <PendingLabel call={check} label={t('cbcheck.running')} /> : t('cbcheck.run')}
        </button>
        <CallProgress call={check} testId="callback-run" />
      </div>
      {check.error ? <ErrorView error={check.error.error} appKind={profile.kind} profileId={profile.id} onRetry={run} /> : null}
      {check.data ? <Results result={check.data} /> : null}
    </section>
  );
}
