/**
 * Search that is cheap enough to run on every keystroke: each entry's text is normalised and
 * lowercased once, so a query is a handful of `includes` calls per entry. That normalising is done
 * at build time (scripts/gen-errcodes.mjs runs `searchTextsOf` on every entry and stores what a
 * plain `toLowerCase` would not reproduce), so the first search in a fresh process does not pay
 * for NFKC and regexes over 1,914 entries.
 */
import type { ErrcodeEntry } from '../../contract/errcodes';

/**
 * Words a developer types for a problem, and the codes that problem usually is, most likely first.
 * They let "白名单" find 89503 (whose text never says 白名单) and keep 40164 above the dozens of
 * entries that merely contain "ip".
 */
const concepts: readonly { terms: readonly string[]; codes: readonly number[] }[] = [
  {
    terms: ['ip', 'whitelist', 'white list', 'white-list', 'allowlist', 'ip whitelist', '白名单', 'ip白名单', '出口ip', 'clientip', 'requestip'],
    codes: [40164, 61004, 89503, 89501, 89506, 89507, 45035, 48017],
  },
  {
    terms: ['token', 'access_token', 'accesstoken', 'stable_token', 'credential', '令牌', '凭证', '凭据'],
    codes: [40001, 42001, 40014, 41001, 40125],
  },
  { terms: ['secret', 'appsecret', 'app secret', '密钥', '秘钥'], codes: [40125, 40001, 41004, 40243] },
  { terms: ['appid', 'app id'], codes: [40013, 41002, 10016] },
  {
    terms: ['quota', 'limit', 'rate', 'rate limit', 'clear_quota', '限额', '配额', '频率', '次数', '清零', '上限'],
    codes: [45009, 45011, 48006],
  },
  {
    terms: ['code', 'oauth', 'js_code', 'jscode2session', '授权', '网页授权', '登录'],
    codes: [40029, 40163, 42003, 41008, 10003],
  },
  { terms: ['redirect_uri', 'redirect', 'domain', '域名', '回调'], codes: [10003, 10016, 48017] },
  { terms: ['scope', 'userinfo', 'snsapi_userinfo', 'snsapi_base', 'unauthorized', '未授权', '权限'], codes: [48001, 10005, 50001] },
  { terms: ['expired', 'expire', 'timeout', '过期', '超时'], codes: [42001, 42003, 42002] },
  { terms: ['admin', 'confirm', '管理员', '确认', '风控'], codes: [89503, 89501, 89506, 89507] },
  { terms: ['hosts', 'dns', 'hk', '香港'], codes: [48017] },
  { terms: ['busy', 'system error', '繁忙', '系统错误'], codes: [-1, -1000] },
];

const CJK = /[\u3400-\u9fff]/;

/** NFKC folds full-width digits and letters (４０１６４ → 40164); case and runs of space are folded too. */
export function normalizeQuery(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function conceptBoosts(token: string): Map<number, number> {
  const boosts = new Map<number, number>();
  for (const { terms, codes } of concepts) {
    const hit = terms.some((term) => term === token || (CJK.test(term) && token.includes(term)));
    if (!hit) continue;
    codes.forEach((code, i) => boosts.set(code, Math.max(boosts.get(code) ?? 0, 50_000 - i * 1_000)));
  }
  return boosts;
}

/** a-z, 0-9 or _ (text is already lowercased); NaN past either end is not. */
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

/** Whether `token` occurs in `text` as a whole word (CJK counts as its own boundary). */
function hasWord(text: string, token: string): boolean {
  for (let at = text.indexOf(token); at !== -1; at = text.indexOf(token, at + 1)) {
    if (!isWordChar(text.charCodeAt(at - 1)) && !isWordChar(text.charCodeAt(at + token.length))) return true;
  }
  return false;
}

/** The texts one entry is searched by. */
export interface SearchTexts {
  /** WeChat's own words (zh + en), normalised. */
  official: string;
  /** Everything searchable, normalised. */
  haystack: string;
}

/** The definition the generator applies to every entry; a fresh process rebuilds it cheaply below. */
export function searchTextsOf(entry: ErrcodeEntry): SearchTexts {
  const official = normalizeQuery(`${entry.zh ?? ''} ${entry.en}`);
  return { official, haystack: normalizeQuery(`${entry.code} ${official} ${entry.category} ${notesText(entry)}`) };
}

/** wxcred's own words on an entry (guidance, conflict note), as one string. */
export function notesText(entry: ErrcodeEntry): string {
  return [entry.cause, entry.fix, entry.conflict].flatMap((b) => (b ? [b.zh, b.en] : [])).join(' ');
}

/**
 * `official` as a fresh process rebuilds it: for most entries the normalised text is just the
 * lowercased one, and the generator stores the text only where it is not (full-width punctuation,
 * runs of space), after checking that this and `haystackOf` give `searchTextsOf`'s strings.
 */
export const foldOfficial = (zh: string | null, en: string): string => (zh === null ? en : `${zh} ${en}`).toLowerCase();

/** `haystack` from its parts; `notes` is the normalised `notesText` (null: none). */
export const haystackOf = (code: number, official: string, category: string, notes: string | null): string =>
  notes === null ? `${code} ${official} ${category}` : `${code} ${official} ${category} ${notes}`;

interface Indexed {
  entry: ErrcodeEntry;
  codeText: string;
  official: string;
  haystack: string;
}

/** `texts[i]` belongs to `table[i]`. */
export function createSearch(
  table: readonly ErrcodeEntry[],
  texts: readonly SearchTexts[],
): (query: string, limit?: number) => ErrcodeEntry[] {
  const indexed: Indexed[] = new Array<Indexed>(table.length);
  for (let i = 0; i < table.length; i++) {
    const entry = table[i] as ErrcodeEntry;
    const t = texts[i] as SearchTexts;
    indexed[i] = { entry, codeText: String(entry.code), official: t.official, haystack: t.haystack };
  }

  return function searchErrcodes(query: string, limit = 50): ErrcodeEntry[] {
    const max = Math.max(0, Math.floor(limit));
    const q = normalizeQuery(query);
    if (q === '') return table.slice(0, max);

    const compact = q.replace(/ /g, '');
    const codeQuery = /^-?\d+$/.test(compact) ? compact : null;
    const tokens = q.split(' ');
    const boosts = tokens.map(conceptBoosts);

    const scored: { entry: ErrcodeEntry; score: number }[] = [];
    for (const ix of indexed) {
      let score = 0;
      if (codeQuery !== null && ix.codeText === codeQuery) score = 1_000_000;
      else if (codeQuery !== null && ix.codeText.startsWith(codeQuery)) score = 500_000 - ix.codeText.length * 100;
      else {
        let all = true;
        for (let i = 0; i < tokens.length && all; i++) {
          const token = tokens[i] as string;
          const boost = boosts[i]?.get(ix.entry.code) ?? 0;
          if (ix.official.includes(token)) score += hasWord(ix.official, token) ? 300 : 200;
          else if (ix.haystack.includes(token)) score += 50;
          else if (boost === 0) all = false;
          score += boost;
        }
        if (!all) continue;
        if (ix.entry.cause) score += 100_000;
      }
      scored.push({ entry: ix.entry, score });
    }
    scored.sort((a, b) => b.score - a.score || a.entry.code - b.entry.code);
    return scored.slice(0, max).map((s) => s.entry);
  };
}
