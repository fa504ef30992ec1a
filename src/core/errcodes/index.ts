/**
 * The built-in errcode table: WeChat's codes (generated from the shared TSV) joined with wxcred's
 * categories, conflict notes and guidance. Built on first use, not at import, so `wxcred check`
 * and the window start without paying for 1,914 rows they may never read; lookups are O(1).
 */
import { categorize, conflicts } from './categories';
import { guidance } from './guidance';
import { createSearch } from './search';
import { docUrls, enSources, errcodeRows } from './table.generated';
import type { ErrcodeEntry } from '../../contract/errcodes';

export type { Bilingual, ErrcodeCategory, ErrcodeEntry, ErrmsgParts } from '../../contract/errcodes';
export { errcodeCategories } from '../../contract/errcodes';
export { decodeRid, parseErrmsg, RID_LOOKUP_WINDOW_MS } from '../../contract/errmsg';
export type { RidAge } from '../../contract/errmsg';

let table: readonly ErrcodeEntry[] | null = null;
let byCode: Map<number, ErrcodeEntry> | null = null;
let search: ((query: string, limit?: number) => ErrcodeEntry[]) | null = null;

const buildTable = (): readonly ErrcodeEntry[] => Object.freeze(
  errcodeRows().map(([code, zh, en, enSource, docUrl, lists]): ErrcodeEntry => {
    const notes = guidance.get(code);
    return Object.freeze({
      code,
      zh,
      en,
      enSource: enSources[enSource],
      category: categorize(code, zh, en, lists),
      docUrl: docUrls[docUrl] ?? null,
      conflict: conflicts.get(code) ?? null,
      cause: notes?.cause ?? null,
      fix: notes?.fix ?? null,
    });
  }),
);

/** Every entry, in code order. */
export function allErrcodes(): readonly ErrcodeEntry[] {
  table ??= buildTable();
  return table;
}

/** The entry for a code, or null when the table does not know it (the UI says "unknown code"). */
export function lookupErrcode(code: number): ErrcodeEntry | null {
  byCode ??= new Map(allErrcodes().map((entry) => [entry.code, entry]));
  return byCode.get(code) ?? null;
}

/**
 * Full-text search over code, WeChat's texts and wxcred's guidance. Exact code first, then codes
 * starting with the query, then entries with guidance, then other text hits. An empty query lists
 * the table in code order.
 */
export function searchErrcodes(query: string, limit?: number): ErrcodeEntry[] {
  search ??= createSearch(allErrcodes());
  return search(query, limit);
}
