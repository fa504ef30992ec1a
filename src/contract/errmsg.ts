/**
 * Reading the machine parts out of WeChat's errmsg strings. WeChat documents none of these shapes;
 * they are taken from real responses, e.g.
 *   invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 6523f1a2-1b2c3d4e-5f6a7b8c
 *   invalid ip 1.2.3.4, not in whitelist hint: [xyz012345]
 *   invalid code, hints: [ req_id: 6EkbY7aLRa-se8T9 ]
 *   invalid appsecret, view more at http://t.cn/RAEkdVq hint: [1fUWsA04483054]
 *   access clientip is not registered hint: [OOcsrA0577oxy3] requestIP: 1.2.3.4
 *   invalid credential, access_token is invalid or not latest, could get access_token by
 *     getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r rid: 655d9278-7c157f97-69055077
 * Anything unrecognised is returned untouched as `text`.
 */
import type { ErrmsgParts } from './errcodes';

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
/** Loose on purpose: hex groups and colons, at least two colons, optionally an embedded IPv4 tail. */
const IPV6 = /^(?=.*:.*:)[0-9a-f:]*(?:\d{1,3}(?:\.\d{1,3}){3})?$/i;
const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

const isIp = (s: string): boolean => IPV4.test(s) || IPV6.test(s);

// Trailers WeChat appends after the sentence. Each also eats the comma or space that joined it.
const RID = /[,;]?\s*\brid\s*:\s*([0-9a-z][0-9a-z_-]*)/i;
const HINTS = /[,;]?\s*\bhints?\s*:\s*\[\s*([^\]]*?)\s*\]/i;
const REQUEST_IP = /[,;]?\s*\brequest_?ip\s*:\s*([0-9a-f:.]+)/i;
const LINK = /[,;]?\s*(?:(?:(?:view )?more(?: details)? at|for more details,? see|please refer to|see)\s*:?\s*)?(https?:\/\/[^\s,;]+)/i;
/** The caller's address as WeChat saw it, optionally followed by its IPv6 spelling. */
const INVALID_IP = /\binvalid ip\s+([0-9a-f:.]+)(?:\s+ipv6\s+([0-9a-f:.]+))?(?=[\s,;]|$)/i;

export function parseErrmsg(errmsg: string): ErrmsgParts {
  const parts: ErrmsgParts = { text: errmsg };
  let rest = errmsg;

  const take = (pattern: RegExp): string | undefined => {
    const m = pattern.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(0, m.index) + rest.slice(m.index + m[0].length);
    return m[1];
  };

  const rid = take(RID);
  if (rid) parts.rid = rid;
  const hint = take(HINTS);
  // "hints: [ req_id: X ]" is the older request id; keep just X.
  if (hint) parts.hint = hint.replace(/^req_id\s*:\s*/i, '');
  const link = take(LINK);
  if (link) parts.link = link.replace(/[.)\]]+$/, '');
  const requestIp = take(REQUEST_IP);
  if (requestIp && isIp(requestIp)) setIp(parts, requestIp);

  const invalid = INVALID_IP.exec(rest);
  if (invalid?.[1] && isIp(invalid[1])) {
    setIp(parts, invalid[1]);
    if (invalid[2] && isIp(invalid[2])) parts.ipv6 = invalid[2];
  }

  parts.text = rest.replace(/\s+/g, ' ').replace(/[\s,;:]+$/, '').trim();
  return parts;
}

/** `ip` is the address to whitelist; an IPv4-mapped IPv6 spelling is unwrapped to its IPv4. */
function setIp(parts: ErrmsgParts, address: string): void {
  const mapped = MAPPED_V4.exec(address);
  if (mapped?.[1] && IPV4.test(mapped[1])) {
    parts.ip = mapped[1];
    parts.ipv6 = address;
  } else if (IPV4.test(address)) {
    parts.ip = address;
  } else {
    parts.ip = address;
    parts.ipv6 = address;
  }
}

/** WeChat's rid query (get_rid_info) only covers requests from the last 7 days. */
export const RID_LOOKUP_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** What a rid itself tells (its age), before WeChat is asked what it recorded under it. */
export interface RidAge {
  /**
   * When the request was made, epoch ms. Inferred, not documented: the first dash-separated
   * segment of real rids reads as a Unix time in seconds, in hex. Null when it does not look like one.
   */
  issuedAt: number | null;
  ageMs: number | null;
  /** True when the inferred age is past the 7-day lookup window. */
  lookupExpired: boolean;
}

// Sanity bounds for the inferred timestamp: 2015-01-01 to 2100-01-01 (seconds).
const EARLIEST_S = 1_420_070_400;
const LATEST_S = 4_102_444_800;

export function decodeRid(rid: string, now: number): RidAge {
  const head = rid.trim().split('-')[0] ?? '';
  if (!/^[0-9a-f]{8}$/i.test(head)) return { issuedAt: null, ageMs: null, lookupExpired: false };
  const seconds = Number.parseInt(head, 16);
  if (seconds < EARLIEST_S || seconds > LATEST_S) return { issuedAt: null, ageMs: null, lookupExpired: false };
  const issuedAt = seconds * 1000;
  const ageMs = now - issuedAt;
  return { issuedAt, ageMs, lookupExpired: ageMs > RID_LOOKUP_WINDOW_MS };
}
