import { keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { Profile, RequestLogEntry } from '../../../contract';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { ErrorView } from '../../ui/ErrorView';
import { bridgeKey, useBridgeMutation, useBridgeQuery } from '../../data/hooks';
import { useT } from '../../i18n/I18nProvider';
import { downloadText } from '../../ui/download';
import { LogDetail } from './LogDetail';
import { LogTable } from './LogTable';

/** The most the contract lets us ask for; main's own bound on the log is usually lower. */
const LIMIT = 10_000;
const LIVE_INTERVAL_MS = 2000;

export interface LogFilters {
  app: string;
  endpoint: string;
  errcode: string;
}

/**
 * Text filters, applied here so they can match what the UI shows: the app filter matches the
 * appid or the app's name, the endpoint filter any part of the path, and the errcode filter the
 * start of the code ("40" finds 40001 and 40164), or "error" for every failed call.
 */
export function filterLog(
  entries: readonly RequestLogEntry[],
  filters: LogFilters,
  labelOf: (appid: string | null) => string,
): RequestLogEntry[] {
  const app = filters.app.trim().toLowerCase();
  const endpoint = filters.endpoint.trim().toLowerCase();
  const errcode = filters.errcode.trim().toLowerCase();
  return entries.filter((e) => {
    if (app && !(e.appid ?? '').toLowerCase().includes(app) && !labelOf(e.appid).toLowerCase().includes(app)) return false;
    if (endpoint && !e.endpoint.toLowerCase().includes(endpoint)) return false;
    if (errcode) {
      const failed = e.error != null || (e.errcode !== null && e.errcode !== 0);
      if (errcode === 'error' || errcode === '错误') return failed;
      if (!String(e.errcode ?? e.error?.kind ?? '').startsWith(errcode)) return false;
    }
    return true;
  });
}

export function RequestLogPage() {
  const t = useT();
  const ids = useId();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useState<LogFilters>({ app: '', endpoint: '', errcode: '' });
  const [live, setLive] = useState(true);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);

  const log = useBridgeQuery(
    'requestLog',
    { limit: LIMIT },
    { refetchInterval: live ? LIVE_INTERVAL_MS : false, placeholderData: keepPreviousData },
  );
  const profiles = useBridgeQuery('listProfiles', {});
  const byAppid = useMemo(() => new Map((profiles.data ?? []).map((p): [string, Profile] => [p.appid, p])), [profiles.data]);
  const labelOf = useMemo(
    () => (appid: string | null) => (appid ? (byAppid.get(appid)?.label ?? appid) : '—'),
    [byAppid],
  );
  const all = useMemo(() => log.data ?? [], [log.data]);
  const shown = useMemo(() => filterLog(all, filters, labelOf), [all, filters, labelOf]);
  const selected = selectedId === null ? undefined : all.find((e) => e.id === selectedId);

  const exportLog = useBridgeMutation('exportRequestLog', {
    onSuccess: ({ filename, json }) => downloadText(filename, json),
  });
  const clearLog = useBridgeMutation('clearRequestLog', {
    onSuccess: async () => {
      setConfirmClear(false);
      setSelectedId(null);
      await queryClient.invalidateQueries({ queryKey: bridgeKey('requestLog', { limit: LIMIT }) });
    },
  });

  const filter = (name: keyof LogFilters, label: string, placeholder: string) => (
    <div className="filter">
      <label htmlFor={`${ids}-${name}`}>{label}</label>
      <input
        id={`${ids}-${name}`}
        type="search"
        value={filters[name]}
        onChange={(e) => setFilters((f) => ({ ...f, [name]: e.target.value }))}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        data-testid={`log-filter-${name}`}
      />
    </div>
  );

  return (
    <div className="log-page" data-testid="log-page">
      <header className="page-header">
        <div>
          <h1 className="page-title">{t('log.title')}</h1>
          <p className="field-help">{t('log.help')}</p>
        </div>
        <div className="row">
          <label className="check">
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} data-testid="log-live" />
            {t('log.live')}
          </label>
          <button type="button" className="btn" onClick={() => exportLog.mutate({})} disabled={exportLog.isPending} data-testid="log-export">
            {t('log.export')}
          </button>
          <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirmClear(true)} data-testid="log-clear">
            {t('log.clear')}
          </button>
        </div>
      </header>
      <div className="filters">
        {filter('app', t('log.filter.app'), t('log.filter.appHint'))}
        {filter('endpoint', t('log.filter.endpoint'), '/cgi-bin/token')}
        {filter('errcode', t('log.filter.errcode'), t('log.filter.errcodeHint'))}
        <p className="muted small" aria-live="polite" data-testid="log-count">
          {shown.length === all.length
            ? t('log.count', { count: all.length })
            : t('log.countFiltered', { shown: shown.length, count: all.length })}
        </p>
      </div>
      {log.error ? <ErrorView error={log.error.error} /> : null}
      {exportLog.error ? <ErrorView error={exportLog.error.error} /> : null}
      <div className="log-split">
        {log.isSuccess && all.length === 0 ? (
          <p className="muted pad" data-testid="log-empty">
            {t('log.empty')}
          </p>
        ) : (
          <LogTable entries={shown} appLabel={labelOf} selectedId={selectedId} onSelect={(e) => setSelectedId(e.id)} />
        )}
        <section className="log-detail-pane">
          {selected ? (
            <LogDetail entry={selected} profile={selected.appid ? byAppid.get(selected.appid) : undefined} />
          ) : (
            <p className="muted pad">{t('log.pick')}</p>
          )}
        </section>
      </div>

      {confirmClear ? (
        <ConfirmDialog
          title={t('log.clearTitle')}
          confirmLabel={t('log.clear')}
          danger
          busy={clearLog.isPending}
          onConfirm={() => clearLog.mutate({})}
          onCancel={() => setConfirmClear(false)}
        >
          <p>{t('log.clearBody', { count: all.length })}</p>
          {clearLog.error ? <ErrorView error={clearLog.error.error} /> : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
