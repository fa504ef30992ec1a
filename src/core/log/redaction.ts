/**
 * What the request log hides, and the one walk that copies a request or response body the way the
 * log keeps it. Recording runs on every WeChat call, so the walk is the log's own (its rules
 * written in, not passed as callbacks to a walk other code shares, whose call sites then see
 * every caller's shapes) and it counts the copy's JSON length as it goes: the byte cap needs that
 * length, and counting while copying spares serialising the whole entry a second time.
 */
import { REDACTED, type SensitiveRegistry } from './sensitive';
import { TOO_DEEP } from './walk';

/** Never shown at all, in requests or responses. */
export const hiddenKeys: ReadonlySet<string> = new Set(['secret', 'appsecret', 'code', 'js_code', 'session_key']);
/** Shown as "abcd…wxyz (len 136)" in responses so a developer can tell tokens apart. */
export const maskedKeys: ReadonlySet<string> = new Set(['access_token', 'refresh_token', 'ticket']);
const sensitiveNames = [...hiddenKeys, ...maskedKeys].join('|');
/** `secret=…` inside a query or form string: at the start, or after ?, & or ;. */
const pairPattern = new RegExp(`(^|[?&;])(${sensitiveNames})=([^&#\\s"]*)`, 'gi');
/** `"secret":"…"` (or a bare value) inside JSON text, also when the JSON itself is an escaped string. */
const jsonPattern = new RegExp(`((?:\\\\)?"(?:${sensitiveNames})(?:\\\\)?"\\s*:\\s*)((?:\\\\)?"(?:[^"\\\\]|\\\\[^"])*(?:\\\\)?"|[^,}\\]\\s]+)`, 'gi');
/** Cheap pre-check: text that names no sensitive key cannot hold one in a key=value or JSON pair. */
export const mentionsSensitiveKey = /secret|token|ticket|code|session_key/i;

/**
 * Redacts sensitive pairs inside free text: a form body (`appid=…&secret=…`), a query string, or
 * JSON carried as a string (rid/get echoes the request URL and bodies WeChat recorded).
 */
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

export function maskToken(value: string): string {
  if (value.length < 16) return REDACTED;
  return `${value.slice(0, 4)}…${value.slice(-4)} (len ${value.length})`;
}

const SHOW = 0;
const HIDE = 1;
const MASK = 2;
type KeyRule = typeof SHOW | typeof HIDE | typeof MASK;
const ruleOf = (lower: string): KeyRule => (hiddenKeys.has(lower) ? HIDE : maskedKeys.has(lower) ? MASK : SHOW);

/**
 * The keys WeChat and wxcred actually send, already lower case, with their rule. `redactText`
 * leaves each of them as it is (none holds a key=value or JSON pair), so only other keys pay for it.
 */
const commonKeys = new Map<string, KeyRule>(
  [
    ...hiddenKeys,
    ...maskedKeys,
    ...['appid', 'grant_type', 'force_refresh', 'expires_in', 'errcode', 'errmsg', 'type', 'openid', 'unionid', 'scope'],
    ...['ip_list', 'cgi_path', 'quota', 'daily_limit', 'used', 'remain', 'kind', 'proxy', 'source'],
  ]
    .filter((key) => redactText(key) === key)
    .map((key) => [key, ruleOf(key)]),
);

/** A JSON string's length as JSON.stringify writes it (UTF-16 units, quotes and escapes included). */
// eslint-disable-next-line no-control-regex -- the characters JSON escapes are the point
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;
export const jsonStringLength = (text: string): number =>
  needsEscape.test(text) ? JSON.stringify(text).length : text.length + 2;

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** A number's length as JSON.stringify writes it (NaN and ±Infinity become null). */
export function jsonNumberLength(n: number): number {
  if (!Number.isSafeInteger(n)) return Number.isFinite(n) ? String(n).length : 4;
  const abs = Math.abs(n);
  let digits = 1;
  while (digits < 16 && abs >= POWERS_OF_TEN[digits]!) digits++;
  return n < 0 ? digits + 1 : digits;
}

/**
 * A scalar's JSON length. Values JSON leaves out of an object (undefined, functions, symbols)
 * count as `null`, which is what an array holds for them: never less than what is written.
 */
export function jsonScalarLength(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return jsonStringLength(value);
    case 'number':
      return jsonNumberLength(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'bigint':
      return String(value).length;
    default:
      return 4;
  }
}

/** Where `redactBody` adds the JSON length of what it copied. */
export interface Tally {
  bytes: number;
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

function put(target: Record<string, unknown>, key: string, value: unknown): void {
  // An own "__proto__" key (JSON.parse makes them) must stay a key, not become the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Left out of an object by JSON.stringify. */
const omitted = (value: unknown): boolean =>
  value === undefined || typeof value === 'function' || typeof value === 'symbol';

const TOO_DEEP_LENGTH = jsonStringLength(TOO_DEEP);
const REDACTED_LENGTH = jsonStringLength(REDACTED);

/**
 * A body as the log keeps it: every sensitive key's value hidden (or, with `maskTokens`, a token
 * masked), every string and key through `redactText` and then the registry's known values, and
 * anything nested `maxDepth` deep replaced by a marker. Adds the copy's JSON length to `tally`:
 * exact for JSON data, never less (two keys that redact to the same text count twice).
 * No recursion: a reply can nest far deeper than the call stack.
 */
export function redactBody(root: unknown, maskTokens: boolean, registry: SensitiveRegistry, maxDepth: number, tally: Tally): unknown {
  if (!isContainer(root)) {
    const value = typeof root === 'string' ? registry.redact(redactText(root)) : root;
    tally.bytes += jsonScalarLength(value);
    return value;
  }
  let bytes = 0;
  const out: Container = Array.isArray(root) ? [] : {};
  // Containers still to fill, as (source, copy, depth) triples on one stack, made only when a
  // body nests (most do not).
  let stack: unknown[] | null = null;
  let from: Container = root;
  let to: Container = out;
  let depth = 1;
  for (;;) {
    if (Array.isArray(from)) {
      const items = to as unknown[];
      bytes += from.length > 0 ? from.length + 1 : 2;
      for (let i = 0; i < from.length; i++) {
        const value: unknown = from[i];
        let copy: unknown;
        if (typeof value === 'string') {
          copy = registry.redact(redactText(value));
          bytes += jsonStringLength(copy as string);
        } else if (!isContainer(value)) {
          copy = value;
          bytes += jsonScalarLength(value);
        } else if (depth >= maxDepth) {
          copy = TOO_DEEP;
          bytes += TOO_DEEP_LENGTH;
        } else {
          copy = Array.isArray(value) ? [] : {};
          (stack ??= []).push(value, copy, depth + 1);
        }
        items[i] = copy;
      }
    } else {
      const props = to as Record<string, unknown>;
      let written = 0;
      for (const key of Object.keys(from)) {
        const value: unknown = from[key];
        let rule = commonKeys.get(key);
        let name: string;
        if (rule === undefined) {
          rule = ruleOf(key.toLowerCase());
          name = registry.redact(redactText(key));
        } else {
          name = registry.redact(key);
        }
        let copy: unknown;
        let length: number;
        if (rule === HIDE || (rule === MASK && !(maskTokens && typeof value === 'string'))) {
          copy = REDACTED;
          length = REDACTED_LENGTH;
        } else if (rule === MASK) {
          copy = registry.redact(maskToken(value as string));
          length = jsonStringLength(copy as string);
        } else if (typeof value === 'string') {
          copy = registry.redact(redactText(value));
          length = jsonStringLength(copy as string);
        } else if (!isContainer(value)) {
          copy = value;
          length = omitted(value) ? -1 : jsonScalarLength(value);
        } else if (depth >= maxDepth) {
          copy = TOO_DEEP;
          length = TOO_DEEP_LENGTH;
        } else {
          copy = Array.isArray(value) ? [] : {};
          (stack ??= []).push(value, copy, depth + 1);
          length = 0; // counted when it is filled
        }
        put(props, name, copy);
        if (length >= 0) {
          bytes += jsonStringLength(name) + 1 + length;
          written++;
        }
      }
      bytes += written > 0 ? written + 1 : 2;
    }
    if (stack === null || stack.length === 0) break;
    depth = stack.pop() as number;
    to = stack.pop() as Container;
    from = stack.pop() as Container;
  }
  tally.bytes += bytes;
  return out;
}
