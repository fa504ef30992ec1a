/**
 * The built-in errcode table: WeChat's codes (from the shared TSV) joined with wxcred's
 * categories, conflict notes and guidance, finished at build time by scripts/gen-errcodes.mjs.
 * Parsed on first use, not at import, so `wxcred check` and the window start without paying for
 * 1,914 rows they may never read; lookups are O(1).
 */
import { createSearch, foldOfficial, haystackOf, type SearchTexts } from './search';
import { errcodeData, type ErrcodeRow } from './table.generated';
import type { ErrcodeEntry } from '../../contract/errcodes';

export type { Bilingual, ErrcodeCategory, ErrcodeEntry, ErrmsgParts } from '../../contract/errcodes';
export { errcodeCategories } from '../../contract/errcodes';
export { decodeRid, parseErrmsg, RID_LOOKUP_WINDOW_MS } from '../../contract/errmsg';
export type { RidAge } from '../../contract/errmsg';

let table: readonly ErrcodeEntry[] | null = null;
let byCode: Map<number, ErrcodeEntry> | null = null;
let search: ((query: string, limit?: number) => ErrcodeEntry[]) | null = null;

// Plain loops and indexed reads rather than `map` with array destructuring: this runs once, cold,
// in V8's interpreter, where destructuring walks each row through the iterator protocol and cost
// more than parsing the JSON.
const buildTable = (): readonly ErrcodeEntry[] => {
  const { enSources, categories, docUrls, rows } = errcodeData();
  const entries: ErrcodeEntry[] = new Array<ErrcodeEntry>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ErrcodeRow;
    const notes = row[7];
    entries[i] = Object.freeze({
      code: row[0],
      zh: row[1],
      en: row[2],
      enSource: enSources[row[3]] as ErrcodeEntry['enSource'],
      category: categories[row[5]] as ErrcodeEntry['category'],
      docUrl: docUrls[row[4]] ?? null,
      conflict: notes === undefined ? null : notes.conflict,
      cause: notes === undefined ? null : notes.cause,
      fix: notes === undefined ? null : notes.fix,
    });
  }
  return Object.freeze(entries);
};

/** The texts search looks in, rebuilt from what the generator stored (see search.ts). */
const searchTexts = (): SearchTexts[] => {
  const { categories, rows } = errcodeData();
  const texts: SearchTexts[] = new Array<SearchTexts>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ErrcodeRow;
    const official = row[6] || foldOfficial(row[1], row[2]);
    texts[i] = { official, haystack: haystackOf(row[0], official, categories[row[5]] ?? '', row[7]?.text ?? null) };
  }
  return texts;
};

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
  search ??= createSearch(allErrcodes(), searchTexts());
  return search(query, limit);
}
