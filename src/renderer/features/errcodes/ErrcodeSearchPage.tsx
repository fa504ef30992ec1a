import { keepPreviousData } from '@tanstack/react-query';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ErrcodeEntry } from '../../../contract/errcodes';
import { ErrorView } from '../../ui/ErrorView';
import { useBridgeQuery } from '../../data/hooks';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrcodeDetail } from './ErrcodeDetail';

const LIMIT = 50;

/**
 * Searches main's errcode table on every keystroke; the table itself never enters the renderer.
 * Opened from an error (`initialQuery` = its code), the exact match is selected once it arrives.
 */
export function ErrcodeSearchPage({ initialQuery = '' }: { initialQuery?: string }) {
  const { t, lang } = useI18n();
  const inputId = useId();
  const [query, setQuery] = useState(initialQuery);
  const [picked, setPicked] = useState<ErrcodeEntry | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const results = useBridgeQuery('searchErrcodes', { query: query.trim(), limit: LIMIT }, { placeholderData: keepPreviousData });
  const entries = results.data ?? [];
  const exact =
    initialQuery !== '' && query === initialQuery ? (entries.find((e) => String(e.code) === initialQuery) ?? null) : null;
  // A pick belongs to the results it was made in: once the query no longer finds it, it is gone.
  const selected = (picked && entries.some((e) => e.code === picked.code) ? picked : null) ?? exact;
  const changeQuery = (next: string) => {
    setQuery(next);
    setPicked(null);
  };

  /** Arrow keys move through the results (from the search box too); Enter opens the one in focus. */
  const move = (event: KeyboardEvent, from: number) => {
    if (entries.length === 0) return;
    let next: number | null = null;
    if (event.key === 'ArrowDown') next = Math.min(entries.length - 1, from + 1);
    else if (event.key === 'ArrowUp') next = Math.max(0, from - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = entries.length - 1;
    else if (event.key === 'Enter' && from === -1) next = 0;
    if (next === null) return;
    event.preventDefault();
    const entry = entries[next];
    if (entry) setPicked(entry);
    list.current?.querySelectorAll<HTMLButtonElement>('button.result-item')[next]?.focus();
  };

  return (
    <div className="errcodes-page" data-testid="errcodes-page">
      <header className="page-header">
        <h1 className="page-title">{t('errcodes.title')}</h1>
      </header>
      <div className="search">
        <label htmlFor={inputId}>{t('errcodes.search')}</label>
        <input
          id={inputId}
          type="search"
          value={query}
          onChange={(e) => changeQuery(e.target.value)}
          onKeyDown={(e) => move(e, -1)}
          placeholder={t('errcodes.placeholder')}
          maxLength={200}
          spellCheck={false}
          autoComplete="off"
          data-testid="errcode-search"
        />
      </div>
      {results.error ? <ErrorView error={results.error.error} /> : null}
      <div className="split">
        <section className="errcode-results" aria-label={t('errcodes.results')}>
          <p className="muted small" aria-live="polite">
            {results.isSuccess
              ? entries.length === 0 && query.trim() !== ''
                ? t('errcodes.noResults', { query: query.trim() })
                : entries.length === 1
                  ? t('errcodes.countOne')
                  : t('errcodes.count', { count: entries.length })
              : null}
          </p>
          <ul className="result-items" ref={list}>
            {entries.map((entry, index) => (
              <li key={entry.code}>
                <button
                  type="button"
                  className="result-item"
                  aria-current={selected?.code === entry.code ? 'true' : undefined}
                  onClick={() => setPicked(entry)}
                  onKeyDown={(e) => move(e, index)}
                  title={lang === 'zh-CN' ? (entry.zh ?? entry.en) : entry.en}
                  data-testid="errcode-result"
                >
                  <span className="mono result-code">{entry.code}</span>
                  <span className="result-text">{lang === 'zh-CN' ? (entry.zh ?? entry.en) : entry.en}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className="errcode-detail-pane">
          {selected ? <ErrcodeDetail entry={selected} /> : <p className="muted pad">{t('errcodes.pick')}</p>}
        </section>
      </div>
    </div>
  );
}
