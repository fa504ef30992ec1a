/**
 * The token endpoints (both lanes) and two small authed calls: getcallbackip and quota/get.
 * Other groups live in their own files (account.ts, oauth.ts, ticket.ts, authorize.ts); a test
 * adds one endpoint with `fake.route(method, path, handler)`.
 */
import type { FakeContext, FakeRequest, RouteHandler, RouteMethod } from './context';
import { dailyLimit, TOKEN_LIFETIME_S, type IssuedToken } from './state';
import { errmsgs } from './wxerrors';

export interface RouteDef {
  method: RouteMethod;
  path: string;
  handler: RouteHandler;
}

const appidShape = /^wx[0-9a-f]{16}$/;

type Credentials = { ok: true; appid: string; secret: string } | { ok: false; body: unknown };

/** grant_type, appid, secret: checked in the order WeChat checks them. */
function credentials(ctx: FakeContext, input: Record<string, unknown>, badSecret: [number, string]): Credentials {
  const { grant_type: grantType, appid, secret } = input;
  if (grantType !== 'client_credential') return { ok: false, body: ctx.error(40002, errmsgs.invalidGrantType) };
  if (typeof appid !== 'string' || appid === '') return { ok: false, body: ctx.error(41002, errmsgs.appidMissing) };
  const app = ctx.apps.get(appid);
  if (!appidShape.test(appid) || !app) return { ok: false, body: ctx.error(40013, errmsgs.invalidAppid) };
  if (typeof secret !== 'string' || secret === '') return { ok: false, body: ctx.error(41004, errmsgs.appsecretMissing) };
  if (secret !== app.secret) return { ok: false, body: ctx.error(...badSecret) };
  return { ok: true, appid, secret };
}

function countCall(ctx: FakeContext, appid: string, counter: string): boolean {
  const kind = ctx.apps.get(appid)?.kind ?? 'official-account';
  return ctx.quota.take(appid, counter, dailyLimit(counter, kind));
}

const remainingSeconds = (ctx: FakeContext, token: IssuedToken): number =>
  // Rounded: a token issued this very request reads 7200, as WeChat answers, not 7199.
  Math.max(1, Math.min(TOKEN_LIFETIME_S, Math.round((token.expiresAt - ctx.now()) / 1000)));

const classicToken: RouteHandler = (req, ctx) => {
  const creds = credentials(ctx, req.query, [40125, errmsgs.invalidAppsecret]);
  if (!creds.ok) return creds.body;
  if (!countCall(ctx, creds.appid, '/cgi-bin/token')) return ctx.error(45009, errmsgs.dailyQuota);
  const token = ctx.tokens.issue(creds.appid, 'classic');
  return { access_token: token.token, expires_in: remainingSeconds(ctx, token) };
};

const stableToken: RouteHandler = (req, ctx) => {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
    return ctx.error(47001, errmsgs.dataFormat);
  }
  const input = req.body as Record<string, unknown>;
  const creds = credentials(ctx, input, [40125, errmsgs.invalidAppsecret]);
  if (!creds.ok) return creds.body;
  const { appid } = creds;
  const now = ctx.now();
  if (input.force_refresh === true) {
    if (!countCall(ctx, appid, '/cgi-bin/stable_token#force_refresh')) return ctx.error(45009, errmsgs.dailyQuota);
    const last = ctx.tokens.lastForced.get(appid);
    const current = ctx.tokens.currentOf(appid, 'stable');
    if (last !== undefined && now - last < 30_000 && current) {
      if (ctx.options.forceRefreshTooSoon === '45011') return ctx.error(45011, errmsgs.minuteQuota);
      return { access_token: current.token, expires_in: remainingSeconds(ctx, current) };
    }
    ctx.tokens.lastForced.set(appid, now);
    const token = ctx.tokens.issue(appid, 'stable');
    return { access_token: token.token, expires_in: remainingSeconds(ctx, token) };
  }
  if (!countCall(ctx, appid, '/cgi-bin/stable_token')) return ctx.error(45009, errmsgs.dailyQuota);
  let token = ctx.tokens.currentOf(appid, 'stable');
  // In its last 5 minutes WeChat starts handing out the next token; the old one lives out its time.
  if (!token || token.expiresAt - now < 5 * 60_000) {
    token = ctx.tokens.issue(appid, 'stable', token?.expiresAt ?? now);
  }
  return { access_token: token.token, expires_in: remainingSeconds(ctx, token) };
};

/** Wraps a handler that needs a valid ?access_token=. */
export function authed(handler: (req: FakeRequest, ctx: FakeContext, token: IssuedToken) => unknown): RouteHandler {
  return (req, ctx) => {
    const check = ctx.tokens.check(req.query.access_token);
    if (!check.ok) return ctx.tokenError(check);
    return handler(req, ctx, check.token);
  };
}

export const callbackIps = ['101.226.103.0/25', '101.226.233.128/25', '58.247.206.128/25', '182.254.86.128/25'];

const getCallbackIp = authed((_req, ctx, token) => {
  if (!countCall(ctx, token.appid, '/cgi-bin/getcallbackip')) return ctx.error(45009, errmsgs.dailyQuota);
  return { ip_list: callbackIps };
});

const getQuota = authed((req, ctx, token) => {
  const cgiPath = (req.body as { cgi_path?: unknown } | undefined)?.cgi_path;
  if (typeof cgiPath !== 'string' || !cgiPath.startsWith('/')) return ctx.error(40097, errmsgs.invalidParameter);
  // /sns/ endpoints have no quota to report (WeChat: 76022).
  if (cgiPath.startsWith('/sns/')) return ctx.error(76022, 'could not use this cgi_path, no permission');
  const kind = ctx.apps.get(token.appid)?.kind ?? 'official-account';
  const limit = dailyLimit(cgiPath, kind);
  const used = ctx.quota.get(token.appid, cgiPath);
  const quota = { daily_limit: limit, used, remain: Math.max(0, limit - used) };
  // Message-sending APIs also carry per-period limits, for the account and for platforms calling for it.
  if (cgiPath.startsWith('/cgi-bin/message/')) {
    return { errcode: 0, errmsg: 'ok', quota, rate_limit: { call_count: 5, refresh_second: 10 }, component_rate_limit: { call_count: 1, refresh_second: 60 } };
  }
  return { errcode: 0, errmsg: 'ok', quota };
});

export const builtinRoutes: RouteDef[] = [
  { method: 'GET', path: '/cgi-bin/token', handler: classicToken },
  { method: 'POST', path: '/cgi-bin/stable_token', handler: stableToken },
  { method: 'GET', path: '/cgi-bin/getcallbackip', handler: getCallbackIp },
  { method: 'POST', path: '/cgi-bin/openapi/quota/get', handler: getQuota },
];
