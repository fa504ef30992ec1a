/**
 * WeChat's error bodies, word for word as the live API sends them (messages checked against
 * public reports), each ending in a request id. The live API has written that id in several
 * ways over the years, and different backends still do (all taken from real replies):
 *   rid       "invalid appsecret rid: 67b81456-7702e5f9-2c9e1783"   (today's form)
 *   hint      "invalid credential, access_token is invalid or not latest hint: [Ab1Cd2Ef3]"
 *   hint-rid  "invalid code hint: [hElexSDNRa-XiBFgA] rid: 632d16be-15ad5486-1e378de4"
 *   hints     "invalid appsecret, hints: [ req_id: 4AuA4a0381s156 ]"
 * A rid is shaped like the real ones: the hex Unix time, then two random 8-hex groups.
 */
import { randomBytes } from 'node:crypto';

export interface WxErrorBody {
  errcode: number;
  errmsg: string;
}

export function rid(nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000).toString(16).padStart(8, '0');
  return `${seconds}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

export const errmsgForms = ['rid', 'hint', 'hint-rid', 'hints'] as const;
export type ErrmsgForm = (typeof errmsgForms)[number];

/** A hint as WeChat writes them: 9–17 URL-safe characters. */
const hintId = (): string => randomBytes(12).toString('base64url').slice(0, 16);

/** errmsg texts before the request id. */
export const errmsgs = {
  systemError: 'system error',
  /** An authed call with a token that was rotated out or never existed. */
  staleToken:
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r',
  invalidGrantType: 'invalid grant_type',
  invalidAppid: 'invalid appid',
  invalidAccessToken: 'invalid access_token',
  invalidAppsecret: 'invalid appsecret',
  accessTokenMissing: 'access_token missing',
  appidMissing: 'appid missing',
  appsecretMissing: 'appsecret missing',
  accessTokenExpired: 'access_token expired',
  requireGet: 'require GET method',
  requirePost: 'require POST method',
  dailyQuota: 'reach max api daily quota limit',
  minuteQuota: 'api minute-quota reach limit mustslower retry next minute',
  dataFormat: 'data format error',
  invalidParameter: 'invalid parameter',
} as const;

/** The errmsg for `message` with its request id in one of WeChat's forms. */
export function withRequestId(message: string, form: ErrmsgForm, nowMs: number): string {
  switch (form) {
    case 'hint':
      return `${message} hint: [${hintId()}]`;
    case 'hint-rid':
      return `${message} hint: [${hintId()}] rid: ${rid(nowMs)}`;
    case 'hints':
      return `${message.replace(/,$/, '')}, hints: [ req_id: ${hintId()} ]`;
    default:
      return `${message} rid: ${rid(nowMs)}`;
  }
}

export function wxError(errcode: number, message: string, nowMs: number, form: ErrmsgForm = 'rid'): WxErrorBody {
  return { errcode, errmsg: withRequestId(message, form, nowMs) };
}

/** 40164, with the caller's IP in both the IPv4 and the IPv4-mapped IPv6 form, as WeChat writes it. */
export function ipNotWhitelisted(ip: string, nowMs: number, form: ErrmsgForm = 'rid'): WxErrorBody {
  const ipv6 = ip.includes(':') ? ip : `::ffff:${ip}`;
  return wxError(40164, `invalid ip ${ip} ipv6 ${ipv6}, not in whitelist`, nowMs, form);
}

/** 61004 (an API whose whitelist is checked by another backend): the caller's IP after the hint. */
export function clientIpNotRegistered(ip: string): WxErrorBody {
  return { errcode: 61004, errmsg: `access clientip is not registered hint: [${hintId()}] requestIP: ${ip}` };
}
