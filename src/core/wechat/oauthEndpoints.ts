/**
 * The 网页授权, mini-program login and user-profile endpoints, one typed function each, on the
 * shared WechatClient (routes, timeouts, typed errors, the redacted request log). What a success
 * must hold is each reply's schema in replies.ts.
 */
import { createHmac } from 'node:crypto';
import type { OAuthSession, UserInfoLang, UserProfile } from '../../contract';
import type { Route } from '../../contract/errors';
import type { WechatClient, WechatReply } from './client';
import {
  cgiUserInfoReply,
  jsSessionReply,
  phoneReply,
  readReply,
  verdictReply,
  snsTokenReply,
  snsUserInfoReply,
} from './replies';
import type { AppTarget } from './types';
import { isWechatError } from './wechatError';

/** The session's token part as WeChat returns it; isSnapshotUser is known (true or false) here. */
export type SnsTokenReply = Pick<OAuthSession, 'accessToken' | 'expiresIn' | 'refreshToken' | 'openid' | 'scope' | 'unionid' | 'route' | 'raw'> & {
  isSnapshotUser: boolean;
};

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

function snsToken(path: string, reply: WechatReply): SnsTokenReply {
  const body = readReply(path, reply, snsTokenReply);
  return {
    accessToken: body.access_token,
    expiresIn: body.expires_in,
    refreshToken: body.refresh_token,
    openid: body.openid,
    scope: body.scope,
    unionid: body.unionid,
    isSnapshotUser: body.is_snapshotuser,
    route: reply.route,
    raw: { ...reply.body },
  };
}

/** Fields common to both user-profile sources, null where this source has none. */
function profileBase(source: UserProfile['source'], openid: string, unionid: string | null, reply: WechatReply): UserProfile {
  return {
    source,
    openid,
    unionid,
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
        return { errcode: 0, errmsg: readReply(SNS_AUTH, reply, verdictReply).errmsg ?? 'ok', route: reply.route };
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
        return { errcode: 0, errmsg: readReply(CHECK_SESSION, reply, verdictReply).errmsg ?? 'ok', route: reply.route };
      } catch (err) {
        if (!isWechatError(err, [87009]) || err.error.kind !== 'wechat') throw err;
        return { errcode: err.error.errcode, errmsg: err.error.errmsg, route: err.error.route ?? { kind: 'direct' } };
      }
    },
    async snsUserInfo(target, accessToken, openid, lang) {
      const reply = await client.call(target, { method: 'GET', path: SNS_USERINFO, query: { access_token: accessToken, openid, lang } });
      const body = readReply(SNS_USERINFO, reply, snsUserInfoReply);
      return {
        ...profileBase('sns-userinfo', body.openid, body.unionid, reply),
        nickname: body.nickname,
        headimgurl: body.headimgurl,
        sex: body.sex,
        country: body.country,
        province: body.province,
        city: body.city,
        privilege: body.privilege,
      };
    },
    async jscode2session(target, secret, jsCode) {
      const query = { appid: target.appid, secret, js_code: jsCode, grant_type: 'authorization_code' };
      const reply = await client.call(target, { method: 'GET', path: JSCODE2SESSION, query });
      const body = readReply(JSCODE2SESSION, reply, jsSessionReply);
      return { openid: body.openid, unionid: body.unionid, sessionKey: body.session_key, route: reply.route };
    },
    async getUserPhoneNumber(target, accessToken, code, openid) {
      const body = openid === undefined ? { code } : { code, openid };
      const reply = await client.call(target, { method: 'POST', path: PHONE, query: { access_token: accessToken }, body });
      const { phone_info: info } = readReply(PHONE, reply, phoneReply);
      const { phoneNumber, purePhoneNumber, countryCode, watermark } = info;
      return { phoneNumber, purePhoneNumber, countryCode, watermark, route: reply.route };
    },
    async cgiUserInfo(target, accessToken, openid, lang) {
      const reply = await client.call(target, { method: 'GET', path: USER_INFO, query: { access_token: accessToken, openid, lang } });
      const body = readReply(USER_INFO, reply, cgiUserInfoReply);
      return {
        ...profileBase('cgi-user-info', body.openid, body.unionid, reply),
        // This endpoint no longer returns nickname and headimgurl (since 2021-12-27); they stay null.
        subscribe: body.subscribe,
        subscribeTime: body.subscribe_time,
        subscribeScene: body.subscribe_scene,
        tagIds: body.tagid_list,
        remark: body.remark,
        language: body.language,
      };
    },
  };
}
