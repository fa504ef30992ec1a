/**
 * The JS-SDK signature as WeChat computes it (JS-SDK 附录1): the four fields sorted by name and
 * joined as key=value&… with raw values (no URL escaping), then sha1 in lowercase hex. Card
 * signatures (附录4) are different: the values alone, sorted as strings and concatenated.
 */
import { createHash } from 'node:crypto';
import type { CardSignKind } from '../../contract';

export const sha1 = (text: string): string => createHash('sha1').update(text, 'utf8').digest('hex');

/** WeChat signs the page URL without `#…`; everything else (query, trailing slash, case) stays as it is. */
export const withoutFragment = (url: string): string => {
  const hash = url.indexOf('#');
  return hash === -1 ? url : url.slice(0, hash);
};

export interface JssdkFields {
  ticket: string;
  noncestr: string;
  timestamp: string;
  url: string;
}

/** jsapi_ticket, noncestr, timestamp, url: already in ASCII order of their names. */
export const jssdkString1 = (f: JssdkFields): string =>
  `jsapi_ticket=${f.ticket}&noncestr=${f.noncestr}&timestamp=${f.timestamp}&url=${f.url}`;

export function jssdkSign(f: JssdkFields): { string1: string; signature: string } {
  const string1 = jssdkString1(f);
  return { string1, signature: sha1(string1) };
}

/** Reads string1 back into its fields (the url is last and may hold '&'). Null if it is not shaped like one. */
export function parseString1(text: string): JssdkFields | null {
  const m = /^jsapi_ticket=([^&]*)&noncestr=([^&]*)&timestamp=([^&]*)&url=(.*)$/s.exec(text.trim());
  if (!m) return null;
  return { ticket: m[1] ?? '', noncestr: m[2] ?? '', timestamp: m[3] ?? '', url: m[4] ?? '' };
}

/** A config to paste into the page, with the values that were signed. */
export function configSnippet(appId: string | null, f: Omit<JssdkFields, 'ticket' | 'url'>, signature: string): string {
  // A timestamp of digits is passed as a number, as WeChat's own example does.
  const timestamp = /^\d+$/.test(f.timestamp) ? f.timestamp : JSON.stringify(f.timestamp);
  return [
    'wx.config({',
    '  debug: false,',
    `  appId: ${JSON.stringify(appId ?? 'YOUR_APPID')},`,
    `  timestamp: ${timestamp},`,
    `  nonceStr: ${JSON.stringify(f.noncestr)},`,
    `  signature: ${JSON.stringify(signature)},`,
    "  jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'],",
    '});',
  ].join('\n');
}

export interface CardFields {
  ticket: string;
  appId: string;
  timestamp: string;
  nonceStr: string;
  cardId: string;
  code: string;
  openid: string;
  balance: string;
  shopId: string;
  cardType: string;
}

/**
 * addCard's cardExt signs api_ticket, timestamp, card_id, code, openid, nonce_str (and balance for
 * 红包 cards); chooseCard's cardSign signs api_ticket, app_id, location_id, times_tamp, nonce_str,
 * card_id, card_type. Fields left empty take no part; the values are sorted as strings.
 */
export function cardSign(kind: CardSignKind, f: CardFields): { sorted: string[]; ticketAt: number; string1: string; signature: string } {
  const values =
    kind === 'addCard'
      ? [f.ticket, f.timestamp, f.cardId, f.code, f.openid, f.nonceStr, f.balance]
      : [f.ticket, f.appId, f.shopId, f.timestamp, f.nonceStr, f.cardId, f.cardType];
  // Code-unit order, the order WeChat's examples sort in (digits before letters, upper before lower).
  const sorted = values.filter((v) => v !== '').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const string1 = sorted.join('');
  return { sorted, ticketAt: sorted.indexOf(f.ticket), string1, signature: sha1(string1) };
}
