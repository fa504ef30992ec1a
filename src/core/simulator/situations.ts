/**
 * Answers for apps in a Situation (state.ts), given before any endpoint runs, the way WeChat's
 * front ends answer before the API behind them: the whitelist check, a busy backend, a spent
 * quota, a gateway's HTML page, a wrong secret. Requests are matched to an app by their appid,
 * their access_token or their user access_token.
 */
import type { FakeContext, FakeRequest } from './context';
import { RawReply } from './context';
import type { FakeApp } from './state';
import { clientIpNotRegistered, errmsgs, ipNotWhitelisted } from './wxerrors';

export const html502 = `<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

/** Endpoints a spent quota never blocks: clearing it is the way out. */
const QUOTA_ESCAPES = new Set(['/cgi-bin/clear_quota', '/cgi-bin/clear_quota/v2', '/cgi-bin/openapi/quota/get']);

const bodyField = (req: FakeRequest, name: string): unknown =>
  typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? (req.body as Record<string, unknown>)[name] : undefined;

export interface SituationDesk {
  /** The reply for a request of an app in a situation, or undefined to let the endpoint answer. */
  answer(req: FakeRequest, app: FakeApp & { situation: NonNullable<FakeApp['situation']> }): unknown;
}

export function createSituationDesk(ctx: FakeContext): SituationDesk {
  const busyCalls = new Map<string, number>();
  return {
    answer(req, app) {
      // The authorize pages are WeChat's web front, not the API: no whitelist, no quota there.
      if (req.path.startsWith('/connect/') || req.path.startsWith('/simulator/')) return undefined;
      const { situation } = app;
      switch (situation.kind) {
        case 'ipNotWhitelisted':
          return ipNotWhitelisted(situation.ip, ctx.now(), ctx.options.errmsgForm);
        case 'clientIpNotRegistered':
          return clientIpNotRegistered(situation.ip);
        case 'html502':
          return new RawReply(502, 'text/html', html502);
        case 'busy': {
          // -1 `failures` times, then one answer, and again: each fetch shows the retries.
          const key = `${app.appid}\n${req.path}`;
          const n = busyCalls.get(key) ?? 0;
          busyCalls.set(key, n + 1);
          return n % (situation.failures + 1) < situation.failures ? ctx.error(-1, errmsgs.systemError) : undefined;
        }
        case 'quotaExhausted':
          return QUOTA_ESCAPES.has(req.path) ? undefined : ctx.error(45009, errmsgs.dailyQuota);
        case 'wrongSecret': {
          const secret = req.query.secret ?? req.query.appsecret ?? bodyField(req, 'secret') ?? bodyField(req, 'appsecret');
          return typeof secret === 'string' && secret !== '' ? ctx.error(40125, errmsgs.invalidAppsecret) : undefined;
        }
        default:
          return undefined;
      }
    },
  };
}
