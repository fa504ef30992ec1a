/**
 * The shape of the generated errcode table (table.generated.ts, written by
 * scripts/gen-errcodes.mjs): written here once, so the generator emits only data.
 */
import type { Bilingual, ErrcodeCategory, ErrcodeEntry } from '../../contract/errcodes';

/** wxcred's own words on a code (search normalises them on first use: 42 entries, not worth storing twice). */
export interface ErrcodeNotes {
  cause: Bilingual | null;
  fix: Bilingual | null;
  conflict: Bilingual | null;
}

/**
 * [code, zh (null: WeChat publishes only English), en, enSource index, docUrl index (-1: none),
 * category index, zh as search sees it (absent or 0: zh itself), en as search sees it (absent or 0:
 * en lowercased), notes (absent or 0: none)]
 */
export type ErrcodeRow = readonly [number, string | null, string, number, number, number, (string | 0)?, (string | 0)?, (ErrcodeNotes | 0)?];

export interface ErrcodeData {
  enSources: readonly ErrcodeEntry['enSource'][];
  categories: readonly ErrcodeCategory[];
  docUrls: readonly string[];
  rows: readonly ErrcodeRow[];
}
