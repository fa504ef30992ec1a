/**
 * The 网页授权, mini-program login and user-profile endpoints, one typed function each, on the
 * shared WechatClient (routes, timeouts, typed errors, the redacted request log). Each checks
 * what a success must hold; a 200 without it is a typed error, never an undefined passed on.
 */
import { createHmac } from 'node:crypto';
import type { UserInfoLang, UserProfile } from '../../contract';
import type { Route } from '../../contract/errors';
import type { WechatClient, WechatReply } from './client';
import { networkError } from './http';
import type { AppTarget } from './types';
import { isWechatError } from './wechatError';

export interface SnsTokenReply {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  openid: string;
  scope: string;
  unionid: string | null;
  /** is_snapshotuser: WeChat sends 1 for a 快照页 virtual account, and nothing otherwise. */
  isSnapshotUser: boolean;
  route: Route;
}

export interface SnsAuthReply {
  errcode: number;
  errmsg: string;
  route: Route;
}

export interface JsSessionReply {
  openid: string;
  unionid: string | null;
  sessionKey: string;
  route: Route;
}

export interface PhoneReply {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
  watermark: { appid: string | null; timestamp: number | null } | null;
  route: Route;
}

export interface OAuthApi {
  /** GET /sns/oauth2/access_token: a 网页授权 code for a user access_token. */
  exchangeCode(target: AppTarget, secret: string, code: string): Promise<SnsTokenReply>;
  /** GET /sns/oauth2/refresh_token. */
  refreshToken(target: AppTarget, refreshToken: string): Promise<SnsTokenReply>;
  /** GET /sns/auth: WeChat's own verdict on a user access_token; an errcode is an answer here, not a failure. */
  checkToken(target: AppTarget, accessToken: string, openid: string): Promise<SnsAuthReply>;
  /** GET /sns/userinfo (snsapi_userinfo tokens only; snsapi_base gets 48001). */
  snsUserInfo(target: AppTarget, accessToken: string, openid: string, lang: UserInfoLang): Promise<UserProfile>;
  /** GET /sns/jscode2session: a wx.login() js_code for openid + session_key. */
  jscode2session(target: AppTarget, secret: string, jsCode: string): Promise<JsSessionReply>;
  /** POST /wxa/business/getuserphonenumber with the app's base access_token. */
  /** `openid` is optional: WeChat then also checks the code was issued to that user. */
  getUserPhoneNumber(target: AppTarget, accessToken: string, code: string, openid?: string): Promise<PhoneReply>;
  /**
   * GET /wxa/checksession: is this still the user's current session_key? Sent as
   * hmac_sha256(key: session_key, message: ""), never the key itself. 87009 is an answer (not current).
   */
  checkSessionKey(target: AppTarget, accessToken: string, openid: string, sessionKey: string): Promise<SnsAuthReply>;
  /** GET /cgi-bin/user/info with the app's base access_token. */
  cgiUserInfo(target: AppTarget, accessToken: string, openid: string, lang: UserInfoLang): Promise<UserProfile>;
}

const SNS_TOKEN = '/sns/oauth2/access_token';
const SNS_REFRESH = '/sns/oauth2/refresh_token';
const SNS_AUTH = '/sns/auth';
const SNS_USERINFO = '/sns/userinfo';
const JSCODE2SESSION = '/sns/jscode2session';
const PHONE = '/wxa/business/getuserphonenumber';
const CHECK_SESSION = '/wxa/checksession';
const USER_INFO = '/cgi-bin/user/info';

function malformed(path: string, reply: WechatReply, what: string) {
  return networkError({ endpoint: path, route: reply.route }, 'not-json', `${path}: unexpected success body: ${what}.`);
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const optText = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const optString = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const optNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function requireText(path: string, reply: WechatReply, field: string): string {
  const value = reply.body[field];
  if (!isText(value)) throw malformed(path, reply, `${field} is missing or not a string`);
  return value;
}

function snsToken(path: string, reply: WechatReply): SnsTokenReply {
  const { body } = reply;
  const expiresIn = body.expires_in;
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
    throw malformed(path, reply, 'expires_in is missing or not a positive number');
  }
  return {
    accessToken: requireText(path, reply, 'access_token'),
    expiresIn,
    refreshToken: requireText(path, reply, 'refresh_token'),
    openid: requireText(path, reply, 'openid'),
    scope: optString(body.scope) ?? '',
    unionid: optText(body.unionid),
    isSnapshotUser: body.is_snapshotuser === 1,
    route: reply.route,
  };
}

/** Fields common to both user-profile sources, null where this source has none. */
function profileBase(source: UserProfile['source'], openid: string, reply: WechatReply): UserProfile {
  return {
    source,
    openid,
    unionid: optText(reply.body.unionid),
    nickname: null,
    headimgurl: null,
    sex: null,
    country: null,
    province: null,
    city: null,
    privilege: null,
    isSnapshotUser: null,
    subscribe: null,
    subscribeTime: null,
    subscribeScene: null,
    tagIds: null,
    remark: null,
    language: null,
    raw: { ...reply.body },
    route: reply.route,
  };
}

export function createOAuthApi(client: WechatClient): OAuthApi {
  return {
    async exchangeCode(target, secret, code) {
      const query = { appid: target.appid, secret, code, grant_type: 'authorization_code' };
      return snsToken(SNS_TOKEN, await client.call(target, { method: 'GET', path: SNS_TOKEN, query }));
    },
    async refreshToken(target, refreshToken) {
      const query = { appid: target.appid, grant_type: 'refresh_token', refresh_token: refreshToken };
      return snsToken(SNS_REFRESH, await client.call(target, { method: 'GET', path: SNS_REFRESH, query }));
    },
    async checkToken(target, accessToken, openid) {
      try {
        const reply = await client.call(target, { method: 'GET', path: SNS_AUTH, query: { access_token: accessToken, openid } });
        return { errcode: 0, errmsg: optString(reply.body.errmsg) ?? 'ok', route: reply.route };
      } catch (err) {
        if (!isWechatError(err) || err.error.kind !== 'wechat') throw err;
        return { errcode: err.error.errcode, errmsg: err.error.errmsg, route: err.error.route ?? { kind: 'direct' } };
      }
    },
    async checkSessionKey(target, accessToken, openid, sessionKey) {
      const signature = createHmac('sha256', sessionKey).update('').digest('hex');
      const query = { access_token: accessToken, openid, signature, sig_method: 'hmac_sha256' };
      try {
        const reply = await client.call(target, { method: 'GET', path: CHECK_SESSION, query });
        return { errcode: 0, errmsg: optString(reply.body.errmsg) ?? 'ok', route: reply.route };
      } catch (err) {
        if (!isWechatError(err, [87009]) || err.error.kind !== 'wechat') throw err;
        return { errcode: err.error.errcode, errmsg: err.error.errmsg, route: err.error.route ?? { kind: 'direct' } };
      }
    },
    async snsUserInfo(target, accessToken, openid, lang) {
      const reply = await client.call(target, { method: 'GET', path: SNS_USERINFO, query: { access_token: accessToken, openid, lang } });
      const { body } = reply;
      const privilege = body.privilege;
      return {
        ...profileBase('sns-userinfo', requireText(SNS_USERINFO, reply, 'openid'), reply),
        nickname: optString(body.nickname),
        headimgurl: optString(body.headimgurl),
        sex: optNumber(body.sex),
        country: optString(body.country),
        province: optString(body.province),
        city: optString(body.city),
        privilege: Array.isArray(privilege) ? privilege.filter((p): p is string => typeof p === 'string') : null,
      };
    },
    async jscode2session(target, secret, jsCode) {
      const query = { appid: target.appid, secret, js_code: jsCode, grant_type: 'authorization_code' };
      const reply = await client.call(target, { method: 'GET', path: JSCODE2SESSION, query });
      return {
        openid: requireText(JSCODE2SESSION, reply, 'openid'),
        unionid: optText(reply.body.unionid),
        sessionKey: requireText(JSCODE2SESSION, reply, 'session_key'),
        route: reply.route,
      };
    },
    async getUserPhoneNumber(target, accessToken, code, openid) {
      const body = openid === undefined ? { code } : { code, openid };
      const reply = await client.call(target, { method: 'POST', path: PHONE, query: { access_token: accessToken }, body });
      const info = reply.body.phone_info as Record<string, unknown> | undefined;
      if (typeof info !== 'object' || info === null) throw malformed(PHONE, reply, 'phone_info is missing');
      const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
      const phoneNumber = text(info.phoneNumber);
      const purePhoneNumber = text(info.purePhoneNumber);
      const countryCode = text(info.countryCode);
      if (phoneNumber === null || purePhoneNumber === null || countryCode === null) {
        throw malformed(PHONE, reply, 'phone_info.{phoneNumber, purePhoneNumber, countryCode} missing');
      }
      const mark = info.watermark as Record<string, unknown> | undefined;
      const watermark =
        typeof mark === 'object' && mark !== null ? { appid: optString(mark.appid), timestamp: optNumber(mark.timestamp) } : null;
      return { phoneNumber, purePhoneNumber, countryCode, watermark, route: reply.route };
    },
    async cgiUserInfo(target, accessToken, openid, lang) {
      const reply = await client.call(target, { method: 'GET', path: USER_INFO, query: { access_token: accessToken, openid, lang } });
      const { body } = reply;
      const subscribe = optNumber(body.subscribe);
      if (subscribe === null) throw malformed(USER_INFO, reply, 'subscribe is missing or not a number');
      const tags = body.tagid_list;
      return {
        ...profileBase('cgi-user-info', requireText(USER_INFO, reply, 'openid'), reply),
        // WeChat stopped returning nickname and headimgurl here on 2021-12-27; older fields stay null.
        subscribe,
        subscribeTime: optNumber(body.subscribe_time),
        subscribeScene: optString(body.subscribe_scene),
        tagIds: Array.isArray(tags) ? tags.filter((t): t is number => typeof t === 'number') : null,
        remark: optString(body.remark),
        language: optString(body.language),
      };
    },
  };
}
