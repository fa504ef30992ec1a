/**
 * Search that is cheap enough to run on every keystroke: each entry's text is normalised and
 * lowercased once, so a query is a handful of `includes` calls per entry. That normalising is done
 * at build time (scripts/gen-errcodes.mjs runs `searchTextsOf` on every entry and stores the parts
 * a fresh process cannot take as they are or get with a plain `toLowerCase`), so the first search
 * in a fresh process pays for no NFKC or regex over 1,914 entries. The index is parallel arrays
 * and entries are made only for hits: a fresh process's young heap is about 1 MiB, and every
 * object saved there is a scavenge the first search does not wait for.
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

/** The texts one entry is searched by, as a search over a single entry would build them. */
export interface SearchTexts {
  /** WeChat's own words (zh + en), normalised. */
  official: string;
  /** Everything searchable, normalised. */
  haystack: string;
}

/** The definition: the generator applies it to every entry and checks `joinParts` against it. */
export function searchTextsOf(entry: ErrcodeEntry): SearchTexts {
  const official = normalizeQuery(`${entry.zh ?? ''} ${entry.en}`);
  return { official, haystack: normalizeQuery(`${entry.code} ${official} ${entry.category} ${notesText(entry)}`) };
}

/** wxcred's own words on an entry (guidance, conflict note), as one string. */
export function notesText(entry: Pick<ErrcodeEntry, 'cause' | 'fix' | 'conflict'>): string {
  return [entry.cause, entry.fix, entry.conflict].flatMap((b) => (b ? [b.zh, b.en] : [])).join(' ');
}

/**
 * What search actually keeps: `SearchTexts` cut at the spaces that join its parts (code, zh, en,
 * category + notes). A query token never holds a space, so it occurs in the joined text exactly
 * when it occurs in one part, and whole-word tests agree too (a space and a string's end are both
 * boundaries). Kept apart, most parts are strings the table already holds — zh as it is, the
 * category name — so a fresh process allocates little more than the lowercased English.
 */
export interface SearchParts {
  zh: string;
  en: string;
  /** The category, then the normalised notes text if any. */
  rest: string;
}

/** The parts joined back: what the generator compares with `searchTextsOf`. */
export function joinParts(code: number, parts: SearchParts): SearchTexts {
  const official = parts.zh === '' ? parts.en : `${parts.zh} ${parts.en}`;
  return { official, haystack: `${code} ${official} ${parts.rest}` };
}

/** Entry i's code, search parts and whether it carries guidance, as parallel arrays. */
export interface SearchIndex {
  codes: readonly number[];
  zh: readonly string[];
  en: readonly string[];
  rest: readonly string[];
  hasGuidance: readonly boolean[];
  /** Entry i, made on demand; the index itself holds none. */
  entryAt(i: number): ErrcodeEntry;
}

export function createSearch(ix: SearchIndex): (query: string, limit?: number) => ErrcodeEntry[] {
  const count = ix.codes.length;
  const codeTexts: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) codeTexts[i] = String(ix.codes[i]);

  return function searchErrcodes(query: string, limit = 50): ErrcodeEntry[] {
    const max = Math.max(0, Math.floor(limit));
    const q = normalizeQuery(query);
    if (q === '') return Array.from({ length: Math.min(max, count) }, (_, i) => ix.entryAt(i));

    const compact = q.replace(/ /g, '');
    const codeQuery = /^-?\d+$/.test(compact) ? compact : null;
    const tokens = q.split(' ');
    const boosts = tokens.map(conceptBoosts);

    const scored: { at: number; score: number }[] = [];
    for (let at = 0; at < count; at++) {
      const code = ix.codes[at] as number;
      const codeText = codeTexts[at] as string;
      let score = 0;
      if (codeQuery !== null && codeText === codeQuery) score = 1_000_000;
      else if (codeQuery !== null && codeText.startsWith(codeQuery)) score = 500_000 - codeText.length * 100;
      else {
        const zh = ix.zh[at] as string;
        const en = ix.en[at] as string;
        let all = true;
        for (let i = 0; i < tokens.length && all; i++) {
          const token = tokens[i] as string;
          const boost = boosts[i]?.get(code) ?? 0;
          if (zh.includes(token) || en.includes(token)) score += hasWord(zh, token) || hasWord(en, token) ? 300 : 200;
          else if (codeText.includes(token) || (ix.rest[at] as string).includes(token)) score += 50;
          else if (boost === 0) all = false;
          score += boost;
        }
        if (!all) continue;
        if (ix.hasGuidance[at]) score += 100_000;
      }
      scored.push({ at, score });
    }
    scored.sort((a, b) => b.score - a.score || (ix.codes[a.at] as number) - (ix.codes[b.at] as number));
    return scored.slice(0, max).map((s) => ix.entryAt(s.at));
  };
}
