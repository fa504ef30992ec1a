/**
 * The bounded request log. Redaction happens here, when a call is recorded, so nothing that
 * reads the log later (UI, CLI, export) can ever see a secret or a whole token.
 */
import type { RequestLogEntry } from '../../contract';
import type { WxError } from '../../contract/errors';
import { localDay } from '../token/localDay';
import { createSensitiveRegistry, REDACTED, type SensitiveKind, type SensitiveRegistry } from './sensitive';
import { mapJson, MAX_KEPT_DEPTH } from './walk';
import { hiddenKeys, jsonScalarLength, jsonStringLength, maskedKeys, maskToken, mentionsSensitiveKey, redactBody, redactText, type Tally } from './redaction';

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
  /**
   * What the kept entries weigh, as their JSON length (exact for JSON data, never less); never
   * above the byte cap but for one oversized newest entry.
   */
  readonly bytes: number;
}

export { REDACTED, maskToken, redactText };

/** What each sensitive key's value is: a secret is never shown; a credential only where it is the result. */
const kindOfKey = new Map<string, SensitiveKind>([
  ['secret', 'secret'],
  ['appsecret', 'secret'],
  ['session_key', 'credential'],
  ['access_token', 'credential'],
  ['refresh_token', 'credential'],
]);

/** The kind of value a key names, if it names one. */
const kindOf = (key: string): SensitiveKind | undefined => kindOfKey.get(key) ?? kindOfKey.get(key.toLowerCase());

/**
 * Learns every string held under a key that names a secret or credential, at any depth a kept
 * entry can have. No callbacks and no stacks for a flat body: this runs on every call, twice.
 */
function learnFrom(root: unknown, into: SensitiveRegistry): void {
  if (typeof root !== 'object' || root === null) return;
  // Containers still to visit, as (container, depth) pairs, made only when a body nests.
  let stack: unknown[] | null = null;
  let value = root as Record<string, unknown> | unknown[];
  let depth = 1;
  for (;;) {
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null && depth < MAX_KEPT_DEPTH) (stack ??= []).push(item, depth + 1);
    } else {
      for (const key of Object.keys(value)) {
        const item = value[key];
        if (typeof item === 'string') {
          const kind = kindOf(key);
          if (kind) into.add(item, kind);
        } else if (typeof item === 'object' && item !== null && depth < MAX_KEPT_DEPTH) (stack ??= []).push(item, depth + 1);
      }
    }
    if (stack === null || stack.length === 0) return;
    depth = stack.pop() as number;
    value = stack.pop() as Record<string, unknown> | unknown[];
  }
}

/** Learns the sensitive values named in a query or form text. */
function learnPairs(params: Iterable<[string, string]>, into: SensitiveRegistry): void {
  for (const [key, value] of params) {
    const kind = kindOf(key);
    if (kind) into.add(value, kind);
  }
}

/** Learns the sensitive values a call carried: in its query, its body (object or form text) and its reply. */
function harvest(call: RequestRecord, into: SensitiveRegistry): void {
  // Only a query carries named values (credentials in the URL are dropped when recorded).
  if (call.url.includes('?')) {
    try {
      learnPairs(new URL(call.url).searchParams, into);
    } catch {
      // Unparseable URLs are dropped whole when recorded.
    }
  }
  if (typeof call.requestBody === 'string') {
    if (mentionsSensitiveKey.test(call.requestBody)) {
      try {
        learnPairs(new URLSearchParams(call.requestBody.replace(/^[^?]*\?/, '')), into);
      } catch {
        // Not form text.
      }
    }
  } else learnFrom(call.requestBody, into);
  learnFrom(call.response, into);
}

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

/**
 * What an entry costs to keep is its JSON length (UTF-16 units, i.e. about the heap's strings),
 * counted while it is built rather than by serialising it again: the frame below (braces, keys,
 * colons, commas), each scalar field's length, and the bodies' as `redactBody` copies them.
 */
const entryKeys: readonly (keyof RequestLogEntry)[] = [
  'id', 'at', 'appid', 'endpoint', 'method', 'url', 'requestBody', 'status', 'durationMs', 'route', 'response', 'errcode', 'error',
];
const ENTRY_FRAME = entryKeys.reduce((sum, key) => sum + jsonStringLength(key) + 1, 0) + entryKeys.length + 1;
const DIRECT_LENGTH = JSON.stringify({ kind: 'direct' }).length;

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
  const tally: Tally = { bytes: 0 };
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
      // Each field redacted by name and by value (the fixed keys of the entry itself are wxcred's
      // own words); the bodies add their JSON length to the tally as they are copied.
      tally.bytes = ENTRY_FRAME;
      const requestBody = redactBody(call.requestBody, false, sensitive, bodyDepth, tally);
      const response = redactBody(call.response, true, sensitive, bodyDepth, tally);
      // A direct route holds nothing but wxcred's own words.
      const route = call.route.kind === 'direct' ? { kind: 'direct' as const } : known(call.route);
      const error = call.error ? known(redactError(call.error)) : null;
      const entry: RequestLogEntry = {
        id: nextId++,
        at: clock(),
        appid: call.appid === null ? null : byValue(call.appid),
        endpoint: byValue(call.endpoint),
        method: byValue(call.method),
        url: byValue(redactUrl(call.url)),
        requestBody,
        status: call.status,
        durationMs: call.durationMs,
        route,
        response,
        errcode: call.errcode,
        error,
      };
      const size =
        tally.bytes +
        jsonScalarLength(entry.id) +
        jsonScalarLength(entry.at) +
        jsonScalarLength(entry.appid) +
        jsonStringLength(entry.endpoint) +
        jsonStringLength(entry.method) +
        jsonStringLength(entry.url) +
        jsonScalarLength(entry.status) +
        jsonScalarLength(entry.durationMs) +
        (route.kind === 'direct' ? DIRECT_LENGTH : JSON.stringify(route).length) +
        jsonScalarLength(entry.errcode) +
        (error === null ? 4 : JSON.stringify(error).length);
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
