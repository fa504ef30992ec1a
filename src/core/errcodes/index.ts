/**
 * The built-in errcode table: WeChat's codes (from the shared TSV) joined with wxcred's
 * categories, conflict notes and guidance, finished at build time by scripts/gen-errcodes.mjs.
 * Parsed on first use, not at import, so `wxcred check` and the window start without paying for
 * 1,914 rows they may never read; lookups are O(1).
 */
import { createSearch, normalizeQuery, notesText, type SearchIndex } from './search';
import { errcodeData } from './table.generated';
import type { ErrcodeRow } from './tableTypes';
import type { ErrcodeEntry } from '../../contract/errcodes';

export type { Bilingual, ErrcodeCategory, ErrcodeEntry, ErrmsgParts } from '../../contract/errcodes';
export { errcodeCategories } from '../../contract/errcodes';
export { decodeRid, parseErrmsg, RID_LOOKUP_WINDOW_MS } from '../../contract/errmsg';
export type { RidAge } from '../../contract/errmsg';

/** Entries made so far, by row; each is made once, so every caller sees the same object. */
let made: (ErrcodeEntry | undefined)[] | null = null;
let table: readonly ErrcodeEntry[] | null = null;
let byCode: Map<number, number> | null = null;
let search: ((query: string, limit?: number) => ErrcodeEntry[]) | null = null;

// Plain loops and indexed reads rather than `map` with array destructuring: this runs once, cold,
// in V8's interpreter, where destructuring walks each row through the iterator protocol.
function entryAt(i: number): ErrcodeEntry {
  const { enSources, categories, docUrls, rows } = errcodeData();
  made ??= new Array<ErrcodeEntry | undefined>(rows.length);
  const known = made[i];
  if (known) return known;
  const row = rows[i] as ErrcodeRow;
  const notes = row[8];
  const entry: ErrcodeEntry = Object.freeze({
    code: row[0],
    zh: row[1],
    en: row[2],
    enSource: enSources[row[3]] as ErrcodeEntry['enSource'],
    category: categories[row[5]] as ErrcodeEntry['category'],
    docUrl: docUrls[row[4]] ?? null,
    conflict: notes ? notes.conflict : null,
    cause: notes ? notes.cause : null,
    fix: notes ? notes.fix : null,
  });
  made[i] = entry;
  return entry;
}

/** The search index, from what the generator stored (see search.ts). */
function searchIndex(): SearchIndex {
  const { categories, rows } = errcodeData();
  const n = rows.length;
  const ix = { codes: new Array<number>(n), zh: new Array<string>(n), en: new Array<string>(n), rest: new Array<string>(n), hasGuidance: new Array<boolean>(n), entryAt };
  for (let i = 0; i < n; i++) {
    const row = rows[i] as ErrcodeRow;
    const category = categories[row[5]] ?? '';
    const notes = row[8];
    ix.codes[i] = row[0];
    ix.zh[i] = row[6] || (row[1] ?? '');
    ix.en[i] = row[7] || row[2].toLowerCase();
    ix.rest[i] = notes ? `${category} ${normalizeQuery(notesText(notes))}` : category;
    ix.hasGuidance[i] = notes ? notes.cause !== null : false;
  }
  return ix;
}

/** Every entry, in code order. */
export function allErrcodes(): readonly ErrcodeEntry[] {
  table ??= Object.freeze(errcodeData().rows.map((_, i) => entryAt(i)));
  return table;
}

/** The entry for a code, or null when the table does not know it (the UI says "unknown code"). */
export function lookupErrcode(code: number): ErrcodeEntry | null {
  if (byCode === null) {
    const { rows } = errcodeData();
    byCode = new Map<number, number>();
    for (let i = 0; i < rows.length; i++) byCode.set((rows[i] as ErrcodeRow)[0], i);
  }
  const at = byCode.get(code);
  return at === undefined ? null : entryAt(at);
}

/**
 * Full-text search over code, WeChat's texts and wxcred's guidance. Exact code first, then codes
 * starting with the query, then entries with guidance, then other text hits. An empty query lists
 * the table in code order.
 */
export function searchErrcodes(query: string, limit?: number): ErrcodeEntry[] {
  search ??= createSearch(searchIndex());
  return search(query, limit);
}
