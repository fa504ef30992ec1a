import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, type KeyboardEvent } from 'react';
import type { RequestLogEntry } from '../../../contract';
import { formatTime } from '../../ui/format';
import { useI18n } from '../../i18n/I18nProvider';

export const ROW_HEIGHT = 24;

export const columns = ['time', 'app', 'method', 'endpoint', 'status', 'errcode', 'duration', 'route'] as const;

const routeLabel = (entry: RequestLogEntry) => (entry.route.kind === 'direct' ? '' : entry.route.proxy);

/**
 * The log as a virtualized list: only the rows in view (plus a few) are in the DOM, so 10,000
 * entries scroll as smoothly as 10. Arrow keys move the selection when the list has focus.
 */
export function LogTable({
  entries,
  appLabel,
  selectedId,
  onSelect,
}: {
  entries: readonly RequestLogEntry[];
  appLabel: (appid: string | null) => string;
  selectedId: number | null;
  onSelect: (entry: RequestLogEntry) => void;
}) {
  const { t, lang } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer's values are read during render on purpose
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => entries[index]?.id ?? index,
  });
  const selectedIndex = selectedId === null ? -1 : entries.findIndex((e) => e.id === selectedId);

  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[event.key];
    let next: number | undefined;
    if (step !== undefined) next = Math.min(entries.length - 1, Math.max(0, (selectedIndex < 0 ? -1 : selectedIndex) + step));
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = entries.length - 1;
    const entry = next === undefined ? undefined : entries[next];
    if (!entry || next === undefined) return;
    event.preventDefault();
    onSelect(entry);
    // Only keyboard moves scroll: a live refresh must not pull the list back to the selection.
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  return (
    <div className="log-table">
      <div className="log-row log-head" aria-hidden="true">
        {columns.map((c) => (
          <span key={c} className={`log-cell log-${c}`}>
            {t(`log.col.${c}`)}
          </span>
        ))}
      </div>
      <div
        ref={scrollRef}
        className="log-scroll"
        role="listbox"
        tabIndex={0}
        aria-label={t('log.rows', { count: entries.length })}
        aria-activedescendant={selectedIndex >= 0 ? `log-row-${selectedId}` : undefined}
        onKeyDown={onKeyDown}
        data-testid="log-scroll"
      >
        <div className="log-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const entry = entries[item.index];
            if (!entry) return null;
            const failed = entry.error != null || (entry.errcode !== null && entry.errcode !== 0);
            return (
              <div
                key={item.key}
                id={`log-row-${entry.id}`}
                role="option"
                aria-selected={entry.id === selectedId}
                aria-posinset={item.index + 1}
                aria-setsize={entries.length}
                className={`log-row${failed ? ' log-failed' : ''}`}
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                onClick={() => onSelect(entry)}
                data-testid="log-row"
                data-entry-id={entry.id}
              >
                <span className="log-cell log-time mono">{formatTime(entry.at, lang)}</span>
                <span className="log-cell log-app" title={entry.appid ?? ''}>
                  {appLabel(entry.appid)}
                </span>
                <span className="log-cell log-method mono">{entry.method}</span>
                <span className="log-cell log-endpoint mono" title={entry.endpoint}>
                  {entry.endpoint}
                </span>
                <span className="log-cell log-status mono">{entry.status ?? '—'}</span>
                <span className="log-cell log-errcode mono">{entry.errcode ?? (entry.error ? entry.error.kind : '')}</span>
                <span className="log-cell log-duration mono">{t('log.ms', { ms: Math.round(entry.durationMs) })}</span>
                <span className="log-cell log-route" title={routeLabel(entry)}>
                  {entry.route.kind === 'direct' ? t('route.direct') : t('log.viaProxy')}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
