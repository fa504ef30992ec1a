/**
 * Account-level endpoints of the fake: get_api_domain_ip, callback/check, openapi/rid/get and
 * clear_quota (v1 with a token, v2 with appid + appsecret), with WeChat's own error codes.
 * Every error the fake answers is remembered by rid, so rid/get can describe it later.
 */
import type { FakeContext, FakeRequest, RouteHandler } from './context';
import { authed, type RouteDef } from './routes';
import { errmsgs } from './wxerrors';

export const apiDomainIps = ['101.89.47.18', '101.91.34.103', '109.244.129.223', '182.254.11.146'];

/** clear_quota and clear_quota/v2 together: 10 a month per account. */
export const CLEAR_QUOTA_MONTHLY_LIMIT = 10;
const RID_LIFETIME_MS = 7 * 24 * 3_600_000;

export const accountErrmsgs = {
  clearQuotaLimit: 'forbid to clear quota because of reaching the limit',
  invalidAction: 'invalid action',
  invalidOperator: 'invalid check operator',
  ridNotFound: 'rid not found',
  ridIsError: 'rid is error',
  ridNoPermission: 'could not query this rid,no permission',
} as const;

export interface RidRecord {
  rid: string;
  path: string;
  appid: string | null;
  at: number;
  requestUrl: string;
  requestBody: string;
  responseBody: string;
  clientIp: string;
}

export interface AccountFake {
  routes: RouteDef[];
  /** Called for every JSON answer: errors carrying a rid are remembered for rid/get. */
  observe(req: FakeRequest, reply: unknown, clientIp: string): void;
  rids: Map<string, RidRecord>;
  /** clear_quota calls that took effect this (Beijing) month. */
  clearsThisMonth(appid: string): number;
}

const RID_IN_ERRMSG = /\brid: ([0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8})$/;
const ridShape = /^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

const bodyOf = (req: FakeRequest): Record<string, unknown> =>
  typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};

export function createAccountFake(ctx: FakeContext): AccountFake {
  const rids = new Map<string, RidRecord>();
  const clears = new Map<string, number>();

  const monthKey = (appid: string) => {
    const beijing = new Date(ctx.now() + 8 * 3_600_000);
    return `${beijing.getUTCFullYear()}-${beijing.getUTCMonth() + 1}:${appid}`;
  };

  /** Counts one clear against the monthly limit and resets the app's daily counters; or 48006. */
  function clear(appid: string): unknown {
    const key = monthKey(appid);
    const used = clears.get(key) ?? 0;
    if (used >= CLEAR_QUOTA_MONTHLY_LIMIT) return ctx.error(48006, accountErrmsgs.clearQuotaLimit);
    clears.set(key, used + 1);
    ctx.quota.reset(appid);
    if (ctx.apps.get(appid)?.situation?.kind === 'quotaExhausted') ctx.apps.settle(appid);
    return { errcode: 0, errmsg: 'ok' };
  }

  const clearQuota = authed((req, _ctx, token) => {
    const appid = bodyOf(req).appid;
    if (typeof appid !== 'string' || appid === '') return ctx.error(41002, errmsgs.appidMissing);
    // The token must belong to the account being cleared.
    if (appid !== token.appid) return ctx.error(40013, errmsgs.invalidAppid);
    return clear(appid);
  });

  /** Takes appid/appsecret from the query or the body: the docs show both. */
  const clearQuotaV2: RouteHandler = (req) => {
    const body = bodyOf(req);
    const appid = req.query.appid ?? body.appid;
    const secret = req.query.appsecret ?? body.appsecret;
    if (typeof appid !== 'string' || appid === '') return ctx.error(41002, errmsgs.appidMissing);
    const app = ctx.apps.get(appid);
    if (!app) return ctx.error(40013, errmsgs.invalidAppid);
    if (typeof secret !== 'string' || secret === '') return ctx.error(41004, errmsgs.appsecretMissing);
    if (secret !== app.secret) return ctx.error(40125, errmsgs.invalidAppsecret);
    return clear(appid);
  };

  const apiDomainIp = authed(() => ({ ip_list: apiDomainIps }));

  const callbackCheck = authed((req) => {
    const { action, check_operator: operator } = bodyOf(req);
    if (action !== 'dns' && action !== 'ping' && action !== 'all') return ctx.error(40202, accountErrmsgs.invalidAction);
    if (typeof operator !== 'string' || !['DEFAULT', 'CHINANET', 'UNICOM', 'CAP'].includes(operator)) {
      return ctx.error(40203, accountErrmsgs.invalidOperator);
    }
    const from = operator === 'DEFAULT' ? 'UNICOM' : operator;
    const ips = ['111.161.64.40', '111.161.64.48'];
    return {
      dns: action === 'ping' ? [] : ips.map((ip) => ({ ip, real_operator: 'UNICOM' })),
      ping: action === 'dns' ? [] : ips.map((ip, i) => ({ ip, from_operator: from, package_loss: '0%', time: `2${i}.079ms` })),
    };
  });

  const ridGet = authed((req, _ctx, token) => {
    const rid = bodyOf(req).rid;
    if (typeof rid !== 'string' || !ridShape.test(rid)) return ctx.error(76002, accountErrmsgs.ridIsError);
    const found = rids.get(rid);
    if (!found || ctx.now() - found.at > RID_LIFETIME_MS) return ctx.error(76001, accountErrmsgs.ridNotFound);
    // "/xxx/sns/xxx" requests cannot be looked up (the docs say 76022; some see 76001).
    if (found.path.startsWith('/sns/')) {
      return ctx.options.snsRid === 76022 ? ctx.error(76022, accountErrmsgs.ridNoPermission) : ctx.error(76001, accountErrmsgs.ridNotFound);
    }
    if (found.appid !== token.appid) return ctx.error(76003, accountErrmsgs.ridNoPermission);
    return {
      errcode: 0,
      errmsg: 'ok',
      request: {
        invoke_time: Math.floor(found.at / 1000),
        cost_in_ms: 3,
        request_url: found.requestUrl,
        request_body: found.requestBody,
        response_body: found.responseBody,
        client_ip: found.clientIp,
      },
    };
  });

  /** Which app a request was for: its appid, else its token's. */
  function appidOf(req: FakeRequest): string | null {
    const body = bodyOf(req);
    const appid = req.query.appid ?? body.appid;
    if (typeof appid === 'string' && appid) return appid;
    const check = ctx.tokens.check(req.query.access_token);
    return check.ok ? check.token.appid : null;
  }

  return {
    routes: [
      { method: 'GET', path: '/cgi-bin/get_api_domain_ip', handler: apiDomainIp },
      { method: 'POST', path: '/cgi-bin/callback/check', handler: callbackCheck },
      { method: 'POST', path: '/cgi-bin/openapi/rid/get', handler: ridGet },
      { method: 'POST', path: '/cgi-bin/clear_quota', handler: clearQuota },
      { method: 'POST', path: '/cgi-bin/clear_quota/v2', handler: clearQuotaV2 },
    ],
    observe(req, reply, clientIp) {
      if (typeof reply !== 'object' || reply === null) return;
      const errmsg = (reply as { errmsg?: unknown }).errmsg;
      const rid = typeof errmsg === 'string' ? RID_IN_ERRMSG.exec(errmsg)?.[1] : undefined;
      if (!rid) return;
      const seenIp = typeof errmsg === 'string' ? /^invalid ip (\S+) /.exec(errmsg)?.[1] : undefined;
      rids.set(rid, {
        rid,
        path: req.path,
        appid: appidOf(req),
        at: req.at,
        requestUrl: new URLSearchParams(req.query).toString(),
        requestBody: req.rawBody,
        responseBody: JSON.stringify(reply),
        clientIp: seenIp ?? clientIp,
      });
    },
    rids,
    clearsThisMonth: (appid) => clears.get(monthKey(appid)) ?? 0,
  };
}
