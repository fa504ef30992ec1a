/**
 * The built-in errcode table: WeChat's codes (generated from the shared TSV) joined with wxcred's
 * categories, conflict notes and guidance. Built once at import; lookups are O(1).
 */
import { categorize, conflicts } from './categories';
import { guidance } from './guidance';
import { createSearch } from './search';
import { docUrls, enSources, errcodeRows } from './table.generated';
import type { ErrcodeEntry } from './types';

export type { Bilingual, ErrcodeCategory, ErrcodeEntry, ErrmsgParts } from './types';
export { errcodeCategories } from './types';
export { decodeRid, parseErrmsg, RID_LOOKUP_WINDOW_MS } from './errmsg';
export type { RidInfo } from './errmsg';

export const errcodeTable: readonly ErrcodeEntry[] = Object.freeze(
  errcodeRows.map(([code, zh, en, enSource, docUrl, lists]): ErrcodeEntry => {
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

const byCode = new Map(errcodeTable.map((entry) => [entry.code, entry]));

/** The entry for a code, or null when the table does not know it (the UI says "unknown code"). */
export function lookupErrcode(code: number): ErrcodeEntry | null {
  return byCode.get(code) ?? null;
}

/**
 * Full-text search over code, WeChat's texts and wxcred's guidance. Exact code first, then codes
 * starting with the query, then entries with guidance, then other text hits. An empty query lists
 * the table in code order.
 */
export const searchErrcodes: (query: string, limit?: number) => ErrcodeEntry[] = createSearch(errcodeTable);
