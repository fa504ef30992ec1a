/**
 * Account-level endpoints: WeChat's server IPs, the callback network check, rid lookup and
 * clearing the daily quota. Each checks what a success looks like; field names follow the
 * official docs (openApi/get_rid_info, Network_Detection, clearQuotaByAppSecret).
 */
import type { CallbackCheckResult, IpList, RidInfo } from '../../contract';
import type { Route } from '../../contract/errors';
import type { WechatClient, WechatReply } from './client';
import { networkError } from './http';
import type { AppTarget } from './types';

export const API_DOMAIN_IP = '/cgi-bin/get_api_domain_ip';
export const CALLBACK_CHECK = '/cgi-bin/callback/check';
export const RID_GET = '/cgi-bin/openapi/rid/get';
export const CLEAR_QUOTA = '/cgi-bin/clear_quota';
export const CLEAR_QUOTA_V2 = '/cgi-bin/clear_quota/v2';

/** The contract's shapes are exactly what these endpoints return. */
export type IpListReply = IpList;
export type CallbackCheckReply = CallbackCheckResult;

/** What WeChat recorded about one call, as it recorded it (not yet redacted): the contract's RidInfo less the rid asked for. */
export type RidReply = Omit<RidInfo, 'rid'>;

export interface AccountApi {
  /** GET /cgi-bin/get_api_domain_ip: the addresses api.weixin.qq.com resolves to. */
  getApiDomainIp(target: AppTarget, accessToken: string): Promise<IpListReply>;
  /** POST /cgi-bin/callback/check: WeChat resolves and pings this app's callback URL. */
  callbackCheck(target: AppTarget, accessToken: string, action: string, operator: string): Promise<CallbackCheckReply>;
  /** POST /cgi-bin/openapi/rid/get: one failed call of this app within the last 7 days. */
  getRidInfo(target: AppTarget, accessToken: string, rid: string): Promise<RidReply>;
  /** POST /cgi-bin/clear_quota: resets today's counters; 10 a month, shared with v2. */
  clearQuota(target: AppTarget, accessToken: string): Promise<{ route: Route }>;
  /** POST /cgi-bin/clear_quota/v2: the same with appid + AppSecret, for when no token can be had. */
  clearQuotaBySecret(target: AppTarget, secret: string): Promise<{ route: Route }>;
}

function malformed(path: string, reply: WechatReply, what: string) {
  return networkError({ endpoint: path, route: reply.route }, 'not-json', `${path}: unexpected success body: ${what}.`);
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list WeChat may leave out (action "dns" has no ping results); present, it must be a list of objects. */
function records(reply: WechatReply, path: string, key: string): Record<string, unknown>[] {
  const value = reply.body[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every(isRecord)) throw malformed(path, reply, `${key} is not a list of objects`);
  return value;
}

export function createAccountApi(client: WechatClient): AccountApi {
  return {
    async getApiDomainIp(target, accessToken) {
      const reply = await client.call(target, { method: 'GET', path: API_DOMAIN_IP, query: { access_token: accessToken } });
      const list = reply.body.ip_list;
      if (!Array.isArray(list) || !list.every((ip) => typeof ip === 'string')) {
        throw malformed(API_DOMAIN_IP, reply, 'ip_list is missing or not a list of strings');
      }
      return { ipList: list, route: reply.route };
    },
    async callbackCheck(target, accessToken, action, operator) {
      const reply = await client.call(target, {
        method: 'POST',
        path: CALLBACK_CHECK,
        query: { access_token: accessToken },
        body: { action, check_operator: operator },
      });
      return {
        dns: records(reply, CALLBACK_CHECK, 'dns').map((d) => ({ ip: text(d.ip), realOperator: text(d.real_operator) })),
        ping: records(reply, CALLBACK_CHECK, 'ping').map((p) => ({
          ip: text(p.ip),
          fromOperator: text(p.from_operator),
          packageLoss: text(p.package_loss),
          time: text(p.time),
        })),
        route: reply.route,
      };
    },
    async getRidInfo(target, accessToken, rid) {
      const reply = await client.call(target, {
        method: 'POST',
        path: RID_GET,
        query: { access_token: accessToken },
        body: { rid },
      });
      const request = reply.body.request;
      if (!isRecord(request)) throw malformed(RID_GET, reply, 'request is missing or not an object');
      return {
        invokeTime: num(request.invoke_time),
        costInMs: num(request.cost_in_ms),
        requestUrl: str(request.request_url),
        requestBody: str(request.request_body),
        responseBody: str(request.response_body),
        clientIp: str(request.client_ip),
        route: reply.route,
      };
    },
    async clearQuota(target, accessToken) {
      const reply = await client.call(target, {
        method: 'POST',
        path: CLEAR_QUOTA,
        query: { access_token: accessToken },
        body: { appid: target.appid },
      });
      return { route: reply.route };
    },
    async clearQuotaBySecret(target, secret) {
      // The AppSecret goes in the JSON body only, as the reference page lists it: a URL is what
      // proxies and gateways write to their access logs.
      const reply = await client.call(target, {
        method: 'POST',
        path: CLEAR_QUOTA_V2,
        body: { appid: target.appid, appsecret: secret },
      });
      return { route: reply.route };
    },
  };
}
