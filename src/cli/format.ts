/**
 * Everything the CLI prints is shaped here: masked tokens, durations, routes, and the typed
 * errors rendered for humans (lines) and for scripts (one JSON object). No logic: the handlers
 * decided what happened; this only says it.
 */
import type { TokenLane } from '../contract';
import type { Bilingual, ErrcodeEntry } from '../contract/errcodes';
import type { Route, WxError } from '../contract/errors';

/** Errors the CLI itself raises before any handler runs. Both exit 2. */
export type CliOnlyError =
  | { kind: 'usage'; message: string; hint?: string }
  | { kind: 'unavailable'; message: string };
export type CliError = WxError | CliOnlyError;

/** The exit-status contract (README, DESIGN.md). */
export const exitCodes = {
  ok: 0,
  wechat: 1,
  usage: 2,
  network: 3,
  keychain: 4,
  /** A bug in wxcred (sysexits EX_SOFTWARE): neither the user's input nor WeChat's answer. */
  internal: 70,
} as const;

export function exitCodeOf(error: CliError): number {
  switch (error.kind) {
    case 'wechat':
      return exitCodes.wechat;
    case 'usage':
    case 'unavailable':
    case 'validation':
      return exitCodes.usage;
    case 'network':
      return exitCodes.network;
    case 'keychain':
      return exitCodes.keychain;
    case 'internal':
      return exitCodes.internal;
  }
}

const hex = (c: string, width: number): string => (c.codePointAt(0) ?? 0).toString(16).padStart(width, '0');
const escapeControl = (c: string): string => ((c.codePointAt(0) ?? 0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u{${hex(c, 4)}}`);
/** C0 (newline and tab excepted: the CLI's own layout), DEL, C1, and the bidi controls that reorder what a terminal shows. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafeInOutput = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafeInValue = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw but a terminal (or a log viewer) may still act on. */
const unsafeInJson = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/**
 * The last step before the terminal: an ESC or CSI from a profile label, an errmsg or a file can
 * neither colour, move, retitle nor hyperlink anything; it is shown as \x1b.
 */
export const terminalSafe = (text: string): string => text.replace(unsafeInOutput, escapeControl);
/** One value inside a line (a label, WeChat's errmsg): its newlines are escaped too, so it cannot forge lines. */
export const shownValue = (text: string): string => text.replace(unsafeInValue, escapeControl);
/** JSON output: already-escaped C0 stays as it is; C1, DEL and bidi controls become \u escapes (still the same JSON). */
export const jsonSafe = (json: string): string => json.replace(unsafeInJson, (c) => `\\u${hex(c, 4)}`);

/** First 6 and last 4 characters: enough to tell tokens apart, useless to call WeChat with. */
export function maskToken(token: string): string {
  if (token.length < 16) return '***';
  return `${token.slice(0, 6)}…${token.slice(-4)}`;
}

/** "1h 59m", "4m 10s", "12s"; never negative. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

export function laneText(lane: TokenLane): string {
  switch (lane) {
    case 'stable':
      return 'stable lane';
    case 'stable-forced':
      return 'stable lane, forced refresh';
    case 'classic':
      return 'classic lane';
  }
}

/** Scheme, host and port only: a proxy's user and password never reach the terminal. */
function proxyHost(proxy: string): string {
  try {
    const url = new URL(proxy);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(proxy)';
  }
}

export function routeText(route: Route | undefined): string {
  if (!route || route.kind === 'direct') return 'direct';
  return `proxy ${proxyHost(route.proxy)}${route.source === 'env' ? ' from HTTPS_PROXY/HTTP_PROXY' : ''}`;
}

/** The route as it may appear in JSON: same redaction as routeText. */
export function routeJson(route: Route | undefined): Route | undefined {
  if (!route || route.kind === 'direct') return route;
  return { ...route, proxy: proxyHost(route.proxy) };
}

const IP_WHITELIST_CODES = new Set([40164, 61004]);
/** What WeChat writes when it could not tell the caller's address. */
const UNKNOWN_ADDRESSES = new Set(['0.0.0.0', '::', '::ffff:0.0.0.0']);

const bilingual = (b: Bilingual | null | undefined): Bilingual | undefined => (b ? { zh: b.zh, en: b.en } : undefined);

/** The entry's meaning: WeChat's Chinese text and the English gloss. */
function meaningOf(entry: ErrcodeEntry | null): { zh: string | null; en: string } | undefined {
  return entry ? { zh: entry.zh, en: entry.en } : undefined;
}

/** `{ kind, ... }` for --json: the spec'd fields plus what a script needs to act on the failure. */
export function errorJson(error: CliError): Record<string, unknown> {
  switch (error.kind) {
    case 'wechat':
      return dropUndefined({
        kind: error.kind,
        errcode: error.errcode,
        errmsg: error.errmsg,
        meaning: meaningOf(error.entry),
        cause: bilingual(error.entry?.cause),
        fix: bilingual(error.entry?.fix),
        docUrl: error.entry?.docUrl ?? undefined,
        ip: error.ip,
        ipv6: error.ipv6,
        rid: error.rid,
        endpoint: error.endpoint,
        route: routeJson(error.route),
      });
    case 'network':
      return dropUndefined({
        kind: error.kind,
        reason: error.reason,
        message: error.message,
        endpoint: error.endpoint,
        status: error.status,
        route: routeJson(error.route),
      });
    case 'validation':
      // retryAt: a refusal only for coming too soon (the forced-refresh guard), and when it lifts.
      return dropUndefined({ kind: error.kind, message: error.message, issues: error.issues, retryAt: error.retryAt });
    case 'keychain':
      return { kind: error.kind, reason: error.reason, message: error.message };
    case 'usage':
      return dropUndefined({ kind: error.kind, message: error.message, hint: error.hint });
    case 'unavailable':
    case 'internal':
      return { kind: error.kind, message: error.message };
  }
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

/** One line naming the failure, e.g. "errcode 40164 (invalid ip …)" or "network: connection refused …". */
export function errorHeadline(error: CliError): string {
  switch (error.kind) {
    case 'wechat':
      return `errcode ${error.errcode}`;
    case 'network':
      return `network failure (${error.reason}): ${error.message}`;
    case 'keychain':
      return `keychain failure (${error.reason}): ${error.message}`;
    case 'validation':
    case 'usage':
    case 'unavailable':
      return error.message;
    case 'internal':
      return `internal error: ${error.message}`;
  }
}

/** Indented detail lines under a headline: meaning, what WeChat saw, the fix. Empty for non-WeChat errors. */
export function errorDetails(error: CliError, indent = '      '): string[] {
  if (error.kind !== 'wechat') return [];
  const lines: string[] = [];
  const entry = error.entry;
  if (entry) {
    lines.push(`meaning: ${entry.zh ? `${entry.zh} / ` : ''}${entry.en}`);
    if (entry.cause) lines.push(`cause:   ${entry.cause.en}`);
  } else {
    lines.push(`meaning: not in wxcred's errcode table; WeChat said "${shownValue(error.errmsg)}"`);
  }
  const fix = entry?.fix?.en;
  // The IPv4 when there is one: "ipv6 ::ffff:a.b.c.d" is only its mapped spelling.
  const seen = error.ip ?? error.ipv6;
  if (IP_WHITELIST_CODES.has(error.errcode) && seen && UNKNOWN_ADDRESSES.has(seen)) {
    lines.push(
      `WeChat reported the caller as ${seen}: it could not tell this server's address (seen behind carrier-grade NAT ` +
        'and some IPv6 or proxy setups). Whitelisting it is no documented fix: call from a fixed public IP, or through ' +
        'a proxy whose egress IP is whitelisted (--proxy).',
    );
  } else if (IP_WHITELIST_CODES.has(error.errcode) && seen) {
    const who = error.route?.kind === 'proxy' ? `this server (through ${routeText(error.route)})` : 'this server';
    lines.push(`WeChat saw ${who} as ${seen} — add it to the IP whitelist: ${fix ?? whitelistPlace(error.errcode)}`);
  } else if (fix) {
    lines.push(`fix:     ${fix}`);
  }
  if (entry?.conflict) lines.push(`note:    ${entry.conflict.en}`);
  if (entry?.docUrl) lines.push(`docs:    ${entry.docUrl}`);
  if (error.rid) lines.push(`rid:     ${error.rid} (quote it when asking WeChat support)`);
  return lines.flatMap((line) => wrap(line, WIDTH - indent.length)).map((line) => indent + line);
}

const WIDTH = 100;

/** Word-wraps English prose; continuation lines line up under the text after a "label:   " prefix. */
export function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const hang = /^[a-z]+: +/.exec(line)?.[0].length ?? 2;
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length > width && current) {
      out.push(current);
      current = ' '.repeat(hang) + word;
    } else {
      current = candidate;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Where the whitelist lives, for entries that carry no fix text of their own. */
function whitelistPlace(errcode: number): string {
  return errcode === 61004
    ? 'open.weixin.qq.com → 第三方平台 → 开发配置 → 白名单IP地址.'
    : 'mp.weixin.qq.com → 设置与开发 → 基本配置 → IP白名单 (小程序: 开发管理 → 开发设置 → IP白名单; a 测试号 has no whitelist).';
}

/** One errcode entry for humans, as `wxcred errcode <code>` prints it. */
export function entryLines(entry: ErrcodeEntry): string[] {
  const lines = [`${entry.code}  ${entry.zh ?? entry.en}`];
  if (entry.zh) lines.push(`       ${entry.en}`);
  lines.push(`       category: ${entry.category}`);
  if (entry.cause) lines.push(`cause: ${entry.cause.en}`, `       ${entry.cause.zh}`);
  if (entry.fix) lines.push(`fix:   ${entry.fix.en}`, `       ${entry.fix.zh}`);
  if (entry.conflict) lines.push(`note:  ${entry.conflict.en}`, `       ${entry.conflict.zh}`);
  if (entry.docUrl) lines.push(`docs:  ${entry.docUrl}`);
  return lines;
}

/** One line per entry, for search results and --list. */
export function entrySummary(entry: ErrcodeEntry): string {
  const text = entry.zh ? `${entry.zh} / ${entry.en}` : entry.en;
  return `${String(entry.code).padStart(7)}  ${entry.category.padEnd(13)} ${text}`;
}
