/** JS-SDK tickets, signatures and the "invalid signature" diagnosis as the renderer and CLI see them. */
import type { CardSignKind, JssdkCause, TicketType } from './constants';
import type { Route } from './errors';

/** A jsapi_ticket or card api_ticket; the renderer shows `ticket` masked unless the user asks. */
export interface TicketInfo {
  profileId: string;
  appid: string;
  type: TicketType;
  ticket: string;
  /** Seconds of life WeChat reported. */
  expiresIn: number;
  expiresAt: number;
  fetchedAt: number;
  fromCache: boolean;
  apiBase: string;
  route: Route;
}

export interface JssdkSignature {
  /** The URL as signed: the given one without `#…`. */
  url: string;
  noncestr: string;
  timestamp: string;
  /** Exactly the text that was hashed (it holds the ticket). */
  string1: string;
  signature: string;
  /** The app's appid when the ticket came from one; null for a pasted ticket. */
  appId: string | null;
  /** A wx.config({...}) to paste into the page. */
  configSnippet: string;
}

export interface CardSignature {
  kind: CardSignKind;
  /** The values in the order they were joined (sorted as strings), exactly as hashed. */
  sorted: string[];
  /** Where the api_ticket is among `sorted`, so it can be shown masked. */
  ticketAt: number;
  string1: string;
  signature: string;
}

export interface JssdkAttempt {
  cause: JssdkCause | 'exact';
  url: string;
  signature: string;
}

/** One field of string1 compared between what should be signed and what was signed. */
export interface String1Diff {
  expected: string;
  compared: string;
  /** Where `compared` came from: the server's string1 as pasted, or the page's values as given. */
  comparedSource: 'pasted' | 'page';
  /** Character ranges [start, end) that differ, in each string. */
  expectedMarks: [number, number][];
  comparedMarks: [number, number][];
}

export interface DomainCheck {
  host: string;
  /** What to enter under JS接口安全域名 (a domain only), or null when this host cannot be registered. */
  register: string | null;
  problems: ('ip-address' | 'port' | 'localhost')[];
  /** The domain the user said is registered, and what is wrong with it (scheme, port, path…). */
  registered: { value: string; problems: ('scheme' | 'port' | 'path' | 'mismatch')[] } | null;
}

export interface JssdkDiagnosis {
  match: JssdkCause | 'exact' | null;
  explanation: string;
  fix: string;
  tried: JssdkAttempt[];
  /** The URL to sign: the browser's, without `#…`. */
  url: string;
  /** The string1 of the right signature for that URL with the current ticket (ticket inside). */
  expectedString1: string;
  expectedSignature: string;
  /** When nothing matched: both string1s side by side, differences marked. */
  diff: String1Diff | null;
  domain: DomainCheck | null;
  /** Which tickets were tried: the current one, the one before it, other apps' cached ones. */
  tickets: { current: boolean; previous: boolean; others: number };
}
