/**
 * WeChat's error bodies, word for word as the live API sends them (messages checked against
 * public reports), each ending in a request id shaped like the real ones: the hex Unix time,
 * then two random 8-hex groups, e.g. "656e8793-061949b5-738cb8f4".
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

/** errmsg texts before " rid: …". */
export const errmsgs = {
  systemError: 'system error',
  /** /cgi-bin/token with a wrong secret. */
  badSecretClassic: 'invalid credential, access_token is invalid or not latest',
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

export function wxError(errcode: number, message: string, nowMs: number): WxErrorBody {
  return { errcode, errmsg: `${message} rid: ${rid(nowMs)}` };
}

/** 40164, with the caller's IP in both the IPv4 and the IPv4-mapped IPv6 form, as WeChat writes it. */
export function ipNotWhitelisted(ip: string, nowMs: number): WxErrorBody {
  const ipv6 = ip.includes(':') ? ip : `::ffff:${ip}`;
  return wxError(40164, `invalid ip ${ip} ipv6 ${ipv6}, not in whitelist`, nowMs);
}
