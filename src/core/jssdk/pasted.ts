/**
 * Reads what a developer pastes from a page: a `wx.config({...})` call or object literal as it is
 * in the page's source, JSON, or the line the devtools snippet prints. Never evaluated: the four
 * fields are picked out by pattern, so nothing pasted can run.
 */
export interface PastedConfig {
  appId?: string;
  timestamp?: string;
  nonceStr?: string;
  signature?: string;
  url?: string;
  /** The key was spelled noncestr or nonce_str: wx.config reads only nonceStr. */
  nonceKeyMisspelt: boolean;
}

const KEYS = ['appId', 'timestamp', 'nonceStr', 'noncestr', 'nonce_str', 'signature', 'url'] as const;
type Key = (typeof KEYS)[number];

const pairPattern = new RegExp(
  String.raw`(?:^|[\s{,])(['"]?)(${KEYS.join('|')})\1\s*:\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|\x60[^\x60]*\x60|[^,}\s]+)`,
  'g',
);

function unquote(raw: string): string {
  const q = raw[0];
  if (q === '"') {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  if (q === "'" || q === '`') return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  return raw;
}

export function parsePasted(text: string): PastedConfig {
  const found: Partial<Record<Key, string>> = {};
  for (const m of text.matchAll(pairPattern)) {
    const key = m[2] as Key;
    // The first occurrence wins: a config's own fields come before anything nested after them.
    if (found[key] === undefined && m[3] !== undefined) found[key] = unquote(m[3]);
  }
  const misspelt = found.nonceStr === undefined && (found.noncestr !== undefined || found.nonce_str !== undefined);
  return {
    appId: found.appId,
    timestamp: found.timestamp,
    nonceStr: found.nonceStr ?? (misspelt ? '' : undefined),
    signature: found.signature,
    url: found.url,
    nonceKeyMisspelt: misspelt,
  };
}
