/** What a route handler receives and may return; shared by built-in and added routes. */
import type { IncomingHttpHeaders } from 'node:http';
import type { AppBook, QuotaBook, TokenBook, TokenCheck } from './state';
import type { ErrmsgForm, WxErrorBody } from './wxerrors';

export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON when the body is JSON, else undefined (see rawBody). */
  body: unknown;
  rawBody: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FakeOptions {
  /**
   * What a second force_refresh within 30 s does. WeChat's docs say the call succeeds but does
   * not refresh ("否则不会刷新"): 'unchanged'. '45011' answers the per-minute-limit error instead.
   */
  forceRefreshTooSoon: 'unchanged' | '45011';
  /** How errmsgs carry their request id (see wxerrors.ts); today's WeChat writes "rid: …". */
  errmsgForm: ErrmsgForm;
  /**
   * What rid/get answers for a rid from a /sns/ endpoint. The docs say 76022; developers have
   * also seen 76001 (rid not found) for them.
   */
  snsRid: 76022 | 76001;
}

export interface FakeContext {
  now(): number;
  apps: AppBook;
  tokens: TokenBook;
  quota: QuotaBook;
  options: FakeOptions;
  /** A WeChat error body with a fresh request id, in the simulator's errmsg form unless given. */
  error(errcode: number, message: string, form?: ErrmsgForm): WxErrorBody;
  /** The error WeChat gives for an access_token that failed `tokens.check`. */
  tokenError(check: Exclude<TokenCheck, { ok: true }>): WxErrorBody;
}

/** Return this instead of a JSON body to control status, content type and bytes. */
export class RawReply {
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly body: string | Buffer,
    /** Extra response headers, e.g. a redirect's Location. */
    readonly headers: Record<string, string> = {},
  ) {}
}

/** Returns the JSON body WeChat would send with HTTP 200, or a RawReply. */
export type RouteHandler = (req: FakeRequest, ctx: FakeContext) => unknown;

export type RouteMethod = 'GET' | 'POST';
