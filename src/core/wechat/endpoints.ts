/**
 * One typed function per WeChat endpoint. Each validates what a success looks like: a 200 whose
 * body lacks the fields we need is reported as a typed error, never passed on as undefined.
 */
import type { Route } from '../../contract/errors';
import type { WechatClient, WechatReply } from './client';
import { networkError } from './http';
import type { AppTarget } from './types';

export interface TokenReply {
  accessToken: string;
  /** Seconds of life WeChat reported (stable_token returns what is left, not always 7200). */
  expiresIn: number;
  route: Route;
}

export interface CallbackIpReply {
  ipList: string[];
  route: Route;
}

export interface QuotaReply {
  dailyLimit: number;
  used: number;
  remain: number;
  route: Route;
}

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

function malformed(path: string, reply: WechatReply, what: string) {
  return networkError({ endpoint: path, route: reply.route }, 'not-json', `${path}: unexpected success body: ${what}.`);
}

function token(path: string, reply: WechatReply): TokenReply {
  const { access_token: accessToken, expires_in: expiresIn } = reply.body;
  if (typeof accessToken !== 'string' || accessToken.length === 0) {
    throw malformed(path, reply, 'access_token is missing or not a string');
  }
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw malformed(path, reply, 'expires_in is missing or not a positive number');
  }
  return { accessToken, expiresIn, route: reply.route };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

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
      const list = reply.body.ip_list;
      if (!Array.isArray(list) || !list.every((ip) => typeof ip === 'string')) {
        throw malformed(CALLBACK_IP, reply, 'ip_list is missing or not a list of strings');
      }
      return { ipList: list, route: reply.route };
    },
    async getQuota(target, accessToken, cgiPath) {
      const reply = await client.call(target, {
        method: 'POST',
        path: QUOTA,
        query: { access_token: accessToken },
        body: { cgi_path: cgiPath },
      });
      const quota = reply.body.quota as Record<string, unknown> | undefined;
      if (typeof quota !== 'object' || quota === null || !isCount(quota.daily_limit) || !isCount(quota.used) || !isCount(quota.remain)) {
        throw malformed(QUOTA, reply, 'quota.{daily_limit, used, remain} missing or not numbers');
      }
      return { dailyLimit: quota.daily_limit, used: quota.used, remain: quota.remain, route: reply.route };
    },
  };
}
