/**
 * Account-level endpoints: WeChat's server IPs, the callback network check, rid lookup and
 * clearing the daily quota. What a success looks like is each reply's schema in replies.ts; field
 * names follow the official docs (openApi/get_rid_info, Network_Detection, clearQuotaByAppSecret).
 */
import type { CallbackCheckResult, IpList, RidInfo } from '../../contract';
import type { Route } from '../../contract/errors';
import type { WechatClient } from './client';
import { asText, callbackCheckReply, ipListReply, readReply, ridReply } from './replies';
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

export function createAccountApi(client: WechatClient): AccountApi {
  return {
    async getApiDomainIp(target, accessToken) {
      const reply = await client.call(target, { method: 'GET', path: API_DOMAIN_IP, query: { access_token: accessToken } });
      return { ipList: readReply(API_DOMAIN_IP, reply, ipListReply).ip_list, route: reply.route };
    },
    async callbackCheck(target, accessToken, action, operator) {
      const reply = await client.call(target, {
        method: 'POST',
        path: CALLBACK_CHECK,
        query: { access_token: accessToken },
        body: { action, check_operator: operator },
      });
      const { dns, ping } = readReply(CALLBACK_CHECK, reply, callbackCheckReply);
      return {
        dns: dns.map((d) => ({ ip: asText(d.ip), realOperator: asText(d.real_operator) })),
        ping: ping.map((p) => ({
          ip: asText(p.ip),
          fromOperator: asText(p.from_operator),
          packageLoss: asText(p.package_loss),
          time: asText(p.time),
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
      const { request } = readReply(RID_GET, reply, ridReply);
      return {
        invokeTime: request.invoke_time,
        costInMs: request.cost_in_ms,
        requestUrl: request.request_url,
        requestBody: request.request_body,
        responseBody: request.response_body,
        clientIp: request.client_ip,
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
