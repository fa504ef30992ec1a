/**
 * One typed function per WeChat endpoint; what a success looks like is each reply's schema in
 * replies.ts.
 */
import type { QuotaInfo, TokenInfo } from '../../contract';
import type { Route } from '../../contract/errors';
import type { WechatClient, WechatReply } from './client';
import { ipListReply, quotaReply, readReply, tokenReply } from './replies';
import type { AppTarget } from './types';

/** expiresIn: the seconds of life WeChat reported (stable_token returns what is left, not always 7200). */
export type TokenReply = Pick<TokenInfo, 'accessToken' | 'expiresIn' | 'route'>;

export interface CallbackIpReply {
  ipList: string[];
  route: Route;
}

export type QuotaReply = Omit<QuotaInfo, 'cgiPath'>;

export interface WechatApi {
  /** POST /cgi-bin/stable_token. forceRefresh true invalidates the token production holds. */
  fetchStableToken(target: AppTarget, secret: string, forceRefresh: boolean): Promise<TokenReply>;
  /** GET /cgi-bin/token: always issues a new token, invalidating the previous one after a grace period. */
  fetchClassicToken(target: AppTarget, secret: string): Promise<TokenReply>;
  /** GET /cgi-bin/getcallbackip: the cheapest authed call, to prove a token works. */
  getCallbackIp(target: AppTarget, token: string): Promise<CallbackIpReply>;
  /** POST /cgi-bin/openapi/quota/get: today's quota for one API path. */
  getQuota(target: AppTarget, token: string, cgiPath: string): Promise<QuotaReply>;
}

const STABLE = '/cgi-bin/stable_token';
const CLASSIC = '/cgi-bin/token';
const CALLBACK_IP = '/cgi-bin/getcallbackip';
const QUOTA = '/cgi-bin/openapi/quota/get';

function token(path: string, reply: WechatReply): TokenReply {
  const body = readReply(path, reply, tokenReply);
  return { accessToken: body.access_token, expiresIn: body.expires_in, route: reply.route };
}

export function createWechatApi(client: WechatClient): WechatApi {
  return {
    async fetchStableToken(target, secret, forceRefresh) {
      const body = { grant_type: 'client_credential', appid: target.appid, secret, force_refresh: forceRefresh };
      return token(STABLE, await client.call(target, { method: 'POST', path: STABLE, body }));
    },
    async fetchClassicToken(target, secret) {
      const query = { grant_type: 'client_credential', appid: target.appid, secret };
      return token(CLASSIC, await client.call(target, { method: 'GET', path: CLASSIC, query }));
    },
    async getCallbackIp(target, accessToken) {
      const reply = await client.call(target, { method: 'GET', path: CALLBACK_IP, query: { access_token: accessToken } });
      return { ipList: readReply(CALLBACK_IP, reply, ipListReply).ip_list, route: reply.route };
    },
    async getQuota(target, accessToken, cgiPath) {
      const reply = await client.call(target, {
        method: 'POST',
        path: QUOTA,
        query: { access_token: accessToken },
        body: { cgi_path: cgiPath },
      });
      const body = readReply(QUOTA, reply, quotaReply);
      const rate = (r: { call_count: number; refresh_second: number } | undefined) =>
        r ? { callCount: r.call_count, refreshSecond: r.refresh_second } : null;
      return {
        dailyLimit: body.quota.daily_limit,
        used: body.quota.used,
        remain: body.quota.remain,
        rateLimit: rate(body.rate_limit),
        componentRateLimit: rate(body.component_rate_limit),
        route: reply.route,
      };
    },
  };
}
