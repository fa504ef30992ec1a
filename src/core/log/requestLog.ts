/**
 * The bounded request log. Redaction happens here, when a call is recorded, so nothing that
 * reads the log later (UI, CLI, export) can ever see a secret or a whole token.
 */
import type { RequestLogEntry } from '../../contract';
import type { WxError } from '../../contract/errors';
import { localDay } from '../token/localDay';
import { createSensitiveRegistry, REDACTED, type SensitiveKind, type SensitiveRegistry } from './sensitive';
import { eachString, mapJson, MAX_KEPT_DEPTH } from './walk';

/** What the HTTP layer hands over for every call, success or failure (the contract's entry, before it gets an id). */
export type RequestRecord = Omit<RequestLogEntry, 'id' | 'at'>;
export type { RequestLogEntry };

export interface RequestLogFilter {
  appid?: string;
  /** Matches endpoints containing this text, e.g. "token" or "/cgi-bin/token". */
  endpoint?: string;
  errcode?: number;
  limit?: number;
}

export interface RequestLog {
  record(call: RequestRecord): RequestLogEntry;
  /** Oldest first. */
  list(): RequestLogEntry[];
  /** Newest first, at most `limit` (default all). */
  query(filter?: RequestLogFilter): RequestLogEntry[];
  clear(): void;
  readonly size: number;
  /**
   * The secrets, tokens and session keys this stack has seen, learnt here from every call as it
   * is recorded (the one place every request and reply passes) and from the services that load
   * or hold them; dispatch and the CLI redact what leaves with it.
   */
  readonly sensitive: SensitiveRegistry;
  /** What the kept entries weigh, as their JSON length; never above the byte cap but for one oversized newest entry. */
  readonly bytes: number;
}

/** Never shown at all, in requests or responses. */
const hiddenKeys = new Set(['secret', 'appsecret', 'code', 'js_code', 'session_key']);
/** Shown as "abcd…wxyz (len 136)" in responses so a developer can tell tokens apart. */
const maskedKeys = new Set(['access_token', 'refresh_token', 'ticket']);
const sensitiveNames = [...hiddenKeys, ...maskedKeys].join('|');
/** Keys WeChat actually sends are already lower case; skip lowercasing those on the hot path. */
const lowerKeys = new Map([...hiddenKeys, ...maskedKeys, 'appid', 'grant_type', 'force_refresh', 'expires_in', 'errcode', 'errmsg', 'type'].map((k) => [k, k]));
/** `secret=…` inside a query or form string: at the start, or after ?, & or ;. */
const pairPattern = new RegExp(`(^|[?&;])(${sensitiveNames})=([^&#\\s"]*)`, 'gi');
/** `"secret":"…"` (or a bare value) inside JSON text, also when the JSON itself is an escaped string. */
const jsonPattern = new RegExp(`((?:\\\\)?"(?:${sensitiveNames})(?:\\\\)?"\\s*:\\s*)((?:\\\\)?"(?:[^"\\\\]|\\\\[^"])*(?:\\\\)?"|[^,}\\]\\s]+)`, 'gi');

export { REDACTED };

/** What each sensitive key's value is: a secret is never shown; a credential only where it is the result. */
const kindOfKey = new Map<string, SensitiveKind>([
  ['secret', 'secret'],
  ['appsecret', 'secret'],
  ['session_key', 'credential'],
  ['access_token', 'credential'],
  ['refresh_token', 'credential'],
]);

export function maskToken(value: string): string {
  if (value.length < 16) return REDACTED;
  return `${value.slice(0, 4)}…${value.slice(-4)} (len ${value.length})`;
}

/**
 * Redacts sensitive pairs inside free text: a form body (`appid=…&secret=…`), a query string, or
 * JSON carried as a string (rid/get echoes the request URL and bodies WeChat recorded).
 */
/** Cheap pre-check: text that names no sensitive key cannot hold one in a key=value or JSON pair. */
const mentionsSensitiveKey = /secret|token|ticket|code|session_key/i;

export function redactText(text: string): string {
  if (!mentionsSensitiveKey.test(text)) return text;
  return text
    .replace(pairPattern, (_m, lead: string, key: string) => `${lead}${key}=${REDACTED}`)
    .replace(jsonPattern, (_m, head: string, value: string) => {
      // A bare value (a number) becomes a string, so redacted JSON stays JSON.
      const quote = value.startsWith('\\"') ? '\\"' : '"';
      return `${head}${quote}${REDACTED}${quote}`;
    });
}

const keep = (text: string): string => text;

/**
 * By name (the key rules and `redactText`), then each resulting string through `byValue` (the
 * registry's known values), in one walk.
 */
function redactValue(value: unknown, maskTokens: boolean, byValue = keep, maxDepth = MAX_KEPT_DEPTH): unknown {
  return mapJson(value, {
    text: byValue === keep ? redactText : (text) => byValue(redactText(text)),
    property(key, v) {
      const k = lowerKeys.get(key) ?? key.toLowerCase();
      if (hiddenKeys.has(k)) return { value: REDACTED };
      if (maskedKeys.has(k)) return { value: maskTokens && typeof v === 'string' ? byValue(maskToken(v)) : REDACTED };
      return undefined;
    },
    maxDepth,
  });
}

/** Learns the sensitive values a call carried: in its query, its body (object or form text) and its reply. */
function harvest(call: RequestRecord, into: SensitiveRegistry): void {
  const learn = (key: string | null, value: string): void => {
    const kind = key === null ? undefined : kindOfKey.get(key.toLowerCase());
    if (kind) into.add(value, kind);
  };
  const pairs = (text: string): void => {
    if (!mentionsSensitiveKey.test(text)) return;
    try {
      for (const [key, value] of new URLSearchParams(text.replace(/^[^?]*\?/, ''))) learn(key, value);
    } catch {
      // Not form text.
    }
  };
  // Only a query carries named values (credentials in the URL are dropped when recorded).
  if (call.url.includes('?')) {
    try {
      for (const [key, value] of new URL(call.url).searchParams) learn(key, value);
    } catch {
      // Unparseable URLs are dropped whole when recorded.
    }
  }
  eachString(call.requestBody, learn);
  if (typeof call.requestBody === 'string') pairs(call.requestBody);
  eachString(call.response, learn);
}

/** Request bodies: every sensitive key fully hidden. */
export const redactRequestBody = (body: unknown): unknown => redactValue(body, false);
/** Responses: tokens masked (recognisable, not usable), other secrets hidden. */
export const redactResponse = (body: unknown): unknown => redactValue(body, true);

/** Query parameters with sensitive names become ***; an unparseable URL is dropped whole. */
const plainHttpUrl = /^https?:\/\/[^\s?#@]+$/i;

export function redactUrl(url: string): string {
  // Nothing to hide without a query or credentials (e.g. POST /cgi-bin/stable_token).
  if (plainHttpUrl.test(url)) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    const k = key.toLowerCase();
    if (hiddenKeys.has(k) || maskedKeys.has(k)) parsed.searchParams.set(key, REDACTED);
  }
  return parsed.toString();
}

/** A network error's message may quote the start of a body (a truncated token reply, say). */
function redactError(error: WxError): WxError {
  if (error.kind === 'wechat') return { ...error, errmsg: redactText(error.errmsg) };
  return { ...error, message: redactText(error.message) };
}

/** The export file: built from entries that were redacted when recorded, so it holds nothing more. */
export function exportRequestLog(entries: readonly RequestLogEntry[], now: number): { filename: string; json: string } {
  const json = JSON.stringify({ exportedAt: new Date(now).toISOString(), count: entries.length, entries }, null, 2);
  return { filename: `wxcred-request-log-${localDay(now)}.json`, json: `${json}\n` };
}

/** Default caps: whichever is reached first evicts the oldest entries. */
export const REQUEST_LOG_ENTRY_LIMIT = 1000;
/**
 * An entry is usually under 1 KiB, but an IP-list reply can carry hundreds of CIDRs (a 300-CIDR
 * entry is several KiB); counting entries alone would let 1,000 of those hold over 10 MiB of
 * heap, so the log also counts the bytes of what it keeps.
 */
export const REQUEST_LOG_BYTE_LIMIT = 1024 * 1024;

/** What an entry costs to keep, measured as its JSON size (UTF-16 units, i.e. about the heap's strings). */
const entryBytes = (entry: RequestLogEntry): number => JSON.stringify(entry).length;

export function createRequestLog(options: { limit?: number; maxBytes?: number; clock?: () => number; sensitive?: SensitiveRegistry } = {}): RequestLog {
  const limit = Math.max(1, options.limit ?? REQUEST_LOG_ENTRY_LIMIT);
  const maxBytes = Math.max(1, options.maxBytes ?? REQUEST_LOG_BYTE_LIMIT);
  const clock = options.clock ?? Date.now;
  const sensitive = options.sensitive ?? createSensitiveRegistry();
  /** By name first, then by value: a secret WeChat echoed inside an errmsg or an HTML page has no name. */
  const byValue = (text: string): string => sensitive.redact(text);
  const known = <T>(value: T): T => mapJson(value, { text: byValue }) as T;
  // Bodies sit one level down in the entry: cut them where a walk of the whole entry would.
  const bodyDepth = MAX_KEPT_DEPTH - 1;
  // A ring: recording never shifts the array, however full the log is.
  let ring: (RequestLogEntry | undefined)[] = new Array(limit);
  let sizes = new Float64Array(limit);
  let head = 0; // index of the oldest entry
  let kept = 0;
  let bytes = 0;
  let nextId = 1;
  const dropOldest = () => {
    bytes -= sizes[head]!;
    ring[head] = undefined;
    head = (head + 1) % limit;
    kept--;
  };
  /** Oldest first. */
  const ordered = (): RequestLogEntry[] => {
    const out: RequestLogEntry[] = [];
    for (let i = 0; i < kept; i++) out.push(ring[(head + i) % limit] as RequestLogEntry);
    return out;
  };

  return {
    record(call) {
      harvest(call, sensitive);
      // Each field redacted by name and by value in one walk (the fixed keys of the entry itself
      // are wxcred's own words).
      const entry: RequestLogEntry = {
        id: nextId++,
        at: clock(),
        appid: call.appid === null ? null : byValue(call.appid),
        endpoint: byValue(call.endpoint),
        method: byValue(call.method),
        url: byValue(redactUrl(call.url)),
        requestBody: redactValue(call.requestBody, false, byValue, bodyDepth),
        status: call.status,
        durationMs: call.durationMs,
        route: known(call.route),
        response: redactValue(call.response, true, byValue, bodyDepth),
        errcode: call.errcode,
        error: call.error ? known(redactError(call.error)) : null,
      };
      const size = entryBytes(entry);
      if (kept === limit) dropOldest();
      // The newest entry is always kept, even one bigger than the whole cap: it is the call the
      // developer just made.
      while (kept > 0 && bytes + size > maxBytes) dropOldest();
      const slot = (head + kept) % limit;
      ring[slot] = entry;
      sizes[slot] = size;
      bytes += size;
      kept++;
      return entry;
    },
    list: ordered,
    query(filter = {}) {
      const endpoint = filter.endpoint?.trim().toLowerCase();
      const entries = ordered();
      const out: RequestLogEntry[] = [];
      for (let i = entries.length - 1; i >= 0 && out.length < (filter.limit ?? Infinity); i--) {
        const entry = entries[i] as RequestLogEntry;
        if (filter.appid !== undefined && filter.appid !== '' && entry.appid !== filter.appid) continue;
        if (endpoint && !entry.endpoint.toLowerCase().includes(endpoint)) continue;
        if (filter.errcode !== undefined && entry.errcode !== filter.errcode) continue;
        out.push(entry);
      }
      return out;
    },
    clear() {
      ring = new Array(limit);
      sizes = new Float64Array(limit);
      head = 0;
      kept = 0;
      bytes = 0;
    },
    get size() {
      return kept;
    },
    get bytes() {
      return bytes;
    },
    sensitive,
  };
}
