/**
 * 网页授权, mini-program login and user-profile endpoints for the fake WeChat, with the shapes
 * and errcodes the live API uses. Codes come from helpers (as if a user had authorised in WeChat),
 * work once, and expire after 5 minutes by the fake's clock. User data is encrypted for real
 * (AES-128-CBC, PKCS#7, watermark { appid, timestamp }) so decryption is tested end to end.
 */
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { RawReply, type FakeContext, type FakeRequest, type RouteHandler, type RouteMethod } from './context';
import { authed } from './routes';
import type { FakeAppKind } from './state';
import { errmsgs } from './wxerrors';

/** How long a code lives (WeChat: 5 minutes for 网页授权, wx.login and phone codes)… */
export const CODE_LIFETIME_MS = 5 * 60_000;
/** …and 10 minutes for a 网站应用's QR login (qrconnect, snsapi_login). */
export const QRCONNECT_CODE_LIFETIME_MS = 10 * 60_000;
export const SNS_TOKEN_LIFETIME_S = 7200;
export const REFRESH_LIFETIME_MS = 30 * 24 * 3_600_000;

export const oauthErrmsgs = {
  // WeChat writes these two with a comma before the rid: "invalid code, rid: …".
  invalidCode: 'invalid code,',
  codeUsed: 'code been used,',
  missingCode: 'missing code',
  invalidRefreshToken: 'invalid refresh_token',
  refreshTokenExpired: 'refresh_token expired',
  missingRefreshToken: 'missing refresh_token',
  invalidOpenid: 'invalid openid',
  missingOpenid: 'missing openid',
  apiUnauthorized: 'api unauthorized',
  highRiskUser: 'user is high risk',
  invalidSignature: 'invalid signature',
  invalidCredential: 'invalid credential, access_token is invalid or not latest',
} as const;

export type SnsScope = 'snsapi_base' | 'snsapi_userinfo' | 'snsapi_login';

export interface OAuthCodeOptions {
  scope: SnsScope;
  openid?: string;
  /** Returned with the token (WeChat: when the app is bound to an open-platform account). */
  unionid?: string;
  /** A 快照页 virtual account: is_snapshotuser: 1. */
  snapshot?: boolean;
}

export interface IssuedOAuthCode {
  code: string;
  appid: string;
  openid: string;
  unionid: string | null;
}

export interface JsCodeOptions {
  openid?: string;
  unionid?: string;
  /** base64 of 16 bytes; a fresh one per login by default, as wx.login rotates it. */
  sessionKey?: string;
  /** WeChat's risk control blocks this user: 40226. */
  risky?: boolean;
}

export interface IssuedJsCode {
  code: string;
  appid: string;
  openid: string;
  unionid: string | null;
  sessionKey: string;
}

export interface PhoneCodeOptions {
  phoneNumber?: string;
  purePhoneNumber?: string;
  countryCode?: string;
}

export interface IssuedPhoneCode {
  code: string;
  appid: string;
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
}

/** A user as /sns/userinfo and /cgi-bin/user/info know them. */
export interface FakeUser {
  appid: string;
  openid: string;
  unionid: string | null;
  nickname: string;
  headimgurl: string;
  subscribe: 0 | 1;
  subscribeTime: number;
  subscribeScene: string;
  remark: string;
  tagIds: number[];
  language: string;
}

export type FakeUserOptions = Partial<Omit<FakeUser, 'appid'>>;

export interface OAuthFakeHelpers {
  /** A 网页授权 code, as if the user had authorised this app with `scope`. */
  issueOAuthCode(appid: string, options: OAuthCodeOptions): IssuedOAuthCode;
  /** A wx.login() js_code with the session_key jscode2session will return for it. */
  issueJsCode(appid: string, options?: JsCodeOptions): IssuedJsCode;
  /** A getPhoneNumber button code, for /wxa/business/getuserphonenumber. */
  issuePhoneCode(appid: string, options?: PhoneCodeOptions): IssuedPhoneCode;
  /** Adds (or replaces) a user of the app; /cgi-bin/user/info answers 40003 for anyone else. */
  addUser(appid: string, options?: FakeUserOptions): FakeUser;
  /** encryptedData + iv for `data` under a session_key, with the watermark WeChat adds. */
  encryptUserData(sessionKey: string, data: Record<string, unknown>, watermark: { appid: string; timestamp?: number }): EncryptedUserData;
  /** Forget every code, user token and user (not apps or base tokens). */
  resetOAuth(): void;
  /** The appid a user (网页授权) access_token was issued to, if it is one. */
  appOfUserToken(token: string): string | undefined;
}

export interface EncryptedUserData {
  encryptedData: string;
  iv: string;
}

type Register = (method: RouteMethod, path: string, handler: RouteHandler) => void;

interface CodeRecord<T> {
  appid: string;
  issuedAt: number;
  lifetimeMs: number;
  usedAt: number | null;
  value: T;
}

interface SnsToken {
  appid: string;
  openid: string;
  unionid: string | null;
  scope: SnsScope;
  snapshot: boolean;
  expiresAt: number;
}

interface RefreshRecord extends Omit<SnsToken, 'expiresAt'> {
  expiresAt: number;
}

const alnum = (n: number): string => randomBytes(n * 2).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, n).padEnd(n, '0');
/** Shaped like real codes: 32 letters and digits starting "0". */
const mintCode = (): string => `0${alnum(31)}`;
/** Shaped like real openids: "o" + 27 URL-safe characters. */
export const mintOpenid = (): string => `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
const mintSnsToken = (): string => `86_${randomBytes(90).toString('base64url').slice(0, 107)}`;
export const mintSessionKey = (): string => randomBytes(16).toString('base64');

/** AES-128-CBC / PKCS#7 as WeChat encrypts user data; the watermark is added unless given as null. */
export function encryptUserData(
  sessionKey: string,
  data: Record<string, unknown>,
  watermark: { appid: string; timestamp: number } | null,
  iv: Buffer = randomBytes(16),
): EncryptedUserData {
  const payload = watermark === null ? data : { ...data, watermark };
  const cipher = createCipheriv('aes-128-cbc', Buffer.from(sessionKey, 'base64'), iv);
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return { encryptedData: encrypted.toString('base64'), iv: iv.toString('base64') };
}

/** sha1(rawData + session_key) in hex: the signature wx.getUserInfo returns. */
export const signRawData = (rawData: string, sessionKey: string): string =>
  createHash('sha1').update(rawData + sessionKey, 'utf8').digest('hex');

const appidShape = /^wx[0-9a-f]{16}$/;
const JSON_TYPE = 'application/json; encoding=utf-8';

/** JSON text with its escaped control characters written raw, as WeChat has sent profile texts. */
const withRawControlCharacters = (json: string): string =>
  json.replace(/\\(\\|u00[01][0-9a-f]|[bfnrt])/g, (escape, what: string) => {
    if (what === '\\') return escape;
    if (what.startsWith('u')) return String.fromCharCode(parseInt(what.slice(1), 16));
    return ({ b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' } as Record<string, string>)[what] ?? escape;
  });

export function installOAuthFake(register: Register, ctx: FakeContext): OAuthFakeHelpers {
  let oauthCodes = new Map<string, CodeRecord<Omit<SnsToken, 'expiresAt' | 'appid'>>>();
  let jsCodes = new Map<string, CodeRecord<IssuedJsCode & { risky: boolean }>>();
  /** appid + openid → the session_key of that user's latest login; an older one fails checksession. */
  let currentSessionKeys = new Map<string, string>();
  let phoneCodes = new Map<string, CodeRecord<IssuedPhoneCode>>();
  let snsTokens = new Map<string, SnsToken>();
  let refreshTokens = new Map<string, RefreshRecord>();
  let users = new Map<string, FakeUser>();
  const userKey = (appid: string, openid: string) => `${appid}\n${openid}`;

  function addUser(appid: string, options: FakeUserOptions = {}): FakeUser {
    const user: FakeUser = {
      appid,
      openid: options.openid ?? mintOpenid(),
      unionid: options.unionid ?? null,
      nickname: options.nickname ?? '微信用户',
      headimgurl: options.headimgurl ?? 'https://thirdwx.qlogo.cn/mmopen/vi_32/POgEwh4mIHO4nibH0KlMECNjjGxQUq24ZEaGT4poC6icRiccVGKSyXwibcPq4BWmiaIGuG1icwxaQX6grC9VemZoJ8rg/132',
      subscribe: options.subscribe ?? 1,
      subscribeTime: options.subscribeTime ?? Math.floor(ctx.now() / 1000) - 86_400,
      subscribeScene: options.subscribeScene ?? 'ADD_SCENE_QR_CODE',
      remark: options.remark ?? '',
      tagIds: options.tagIds ?? [],
      language: options.language ?? 'zh_CN',
    };
    users.set(userKey(appid, user.openid), user);
    return user;
  }

  const userOf = (appid: string, openid: string, unionid: string | null): FakeUser =>
    users.get(userKey(appid, openid)) ?? addUser(appid, { openid, ...(unionid ? { unionid } : {}) });

  /**
   * Looks a code up the way WeChat answers: unknown, another app's or expired → 40029; used →
   * 40163, except a phone code, which WeChat answers 40029 "invalid code hint: […]" for.
   */
  function takeCode<T>(
    book: Map<string, CodeRecord<T>>,
    appid: string,
    code: string,
    reused: () => unknown = () => ctx.error(40163, oauthErrmsgs.codeUsed),
  ): { ok: true; value: T } | { ok: false; body: unknown } {
    const record = book.get(code);
    if (!record || record.appid !== appid || ctx.now() - record.issuedAt > record.lifetimeMs) {
      return { ok: false, body: ctx.error(40029, oauthErrmsgs.invalidCode) };
    }
    if (record.usedAt !== null) return { ok: false, body: reused() };
    record.usedAt = ctx.now();
    return { ok: true, value: record.value };
  }

  /** appid, secret, code, grant_type=authorization_code: checked in WeChat's order. */
  function appCredentials(query: Record<string, string>, codeParam: string): { ok: true; appid: string; code: string } | { ok: false; body: unknown } {
    const { appid, secret } = query;
    if (!appid) return { ok: false, body: ctx.error(41002, errmsgs.appidMissing) };
    const app = ctx.apps.get(appid);
    if (!appidShape.test(appid) || !app) return { ok: false, body: ctx.error(40013, errmsgs.invalidAppid) };
    if (!secret) return { ok: false, body: ctx.error(41004, errmsgs.appsecretMissing) };
    if (secret !== app.secret) return { ok: false, body: ctx.error(40125, errmsgs.invalidAppsecret) };
    const code = query[codeParam];
    if (!code) return { ok: false, body: ctx.error(41008, oauthErrmsgs.missingCode) };
    if (query.grant_type !== 'authorization_code') return { ok: false, body: ctx.error(40002, errmsgs.invalidGrantType) };
    return { ok: true, appid, code };
  }

  function issueSnsToken(base: Omit<SnsToken, 'expiresAt'>, refreshToken: string) {
    const token = mintSnsToken();
    snsTokens.set(token, { ...base, expiresAt: ctx.now() + SNS_TOKEN_LIFETIME_S * 1000 });
    return {
      access_token: token,
      expires_in: SNS_TOKEN_LIFETIME_S,
      refresh_token: refreshToken,
      openid: base.openid,
      scope: base.scope,
    };
  }

  /** A user access_token from ?access_token, matched against ?openid. */
  function snsTokenOf(req: FakeRequest): { ok: true; token: SnsToken } | { ok: false; body: unknown } {
    const value = req.query.access_token;
    if (!value) return { ok: false, body: ctx.error(41001, errmsgs.accessTokenMissing) };
    const token = snsTokens.get(value);
    if (!token) return { ok: false, body: ctx.error(40001, oauthErrmsgs.invalidCredential) };
    if (token.expiresAt <= ctx.now()) return { ok: false, body: ctx.error(42001, errmsgs.accessTokenExpired) };
    if (!req.query.openid) return { ok: false, body: ctx.error(41009, oauthErrmsgs.missingOpenid) };
    if (req.query.openid !== token.openid) return { ok: false, body: ctx.error(40003, oauthErrmsgs.invalidOpenid) };
    return { ok: true, token };
  }

  register('GET', '/sns/oauth2/access_token', (req) => {
    const creds = appCredentials(req.query, 'code');
    if (!creds.ok) return creds.body;
    const taken = takeCode(oauthCodes, creds.appid, creds.code);
    if (!taken.ok) return taken.body;
    const grant = { appid: creds.appid, ...taken.value };
    const refreshToken = mintSnsToken();
    refreshTokens.set(refreshToken, { ...grant, expiresAt: ctx.now() + REFRESH_LIFETIME_MS });
    return {
      ...issueSnsToken(grant, refreshToken),
      ...(grant.snapshot ? { is_snapshotuser: 1 } : {}),
      ...(grant.unionid ? { unionid: grant.unionid } : {}),
    };
  });

  register('GET', '/sns/oauth2/refresh_token', (req) => {
    const { appid, grant_type: grantType, refresh_token: value } = req.query;
    if (!appid) return ctx.error(41002, errmsgs.appidMissing);
    if (!appidShape.test(appid) || !ctx.apps.get(appid)) return ctx.error(40013, errmsgs.invalidAppid);
    if (grantType !== 'refresh_token') return ctx.error(40002, errmsgs.invalidGrantType);
    if (!value) return ctx.error(41003, oauthErrmsgs.missingRefreshToken);
    const record = refreshTokens.get(value);
    if (!record || record.appid !== appid) return ctx.error(40030, oauthErrmsgs.invalidRefreshToken);
    if (record.expiresAt <= ctx.now()) return ctx.error(42002, oauthErrmsgs.refreshTokenExpired);
    return issueSnsToken(record, value);
  });

  register('GET', '/sns/auth', (req) => {
    const check = snsTokenOf(req);
    return check.ok ? { errcode: 0, errmsg: 'ok' } : check.body;
  });

  register('GET', '/sns/userinfo', (req) => {
    const check = snsTokenOf(req);
    if (!check.ok) return check.body;
    const { token } = check;
    if (token.scope === 'snsapi_base') return ctx.error(48001, oauthErrmsgs.apiUnauthorized);
    const user = userOf(token.appid, token.openid, token.unionid);
    const raw = ctx.apps.get(token.appid)?.situation?.kind === 'controlCharacters';
    // Since 2021-10-20 WeChat sends sex 0 and empty regions; a snapshot user has no real profile.
    const body = {
      openid: user.openid,
      nickname: token.snapshot ? '微信用户' : raw ? `小\u0014明` : user.nickname,
      sex: 0,
      language: '',
      city: raw ? '\b' : '',
      province: '',
      country: '',
      headimgurl: user.headimgurl,
      privilege: [],
      ...(token.unionid ? { unionid: token.unionid } : {}),
    };
    return raw ? new RawReply(200, JSON_TYPE, withRawControlCharacters(JSON.stringify(body))) : body;
  });

  // WeChat sends this one's JSON, errors included, as text/plain.
  register('GET', '/sns/jscode2session', (req) => new RawReply(200, 'text/plain', JSON.stringify(jscode2session(req))));
  function jscode2session(req: FakeRequest): unknown {
    const creds = appCredentials(req.query, 'js_code');
    if (!creds.ok) return creds.body;
    const taken = takeCode(jsCodes, creds.appid, creds.code);
    if (!taken.ok) return taken.body;
    const login = taken.value;
    if (login.risky) return ctx.error(40226, oauthErrmsgs.highRiskUser);
    currentSessionKeys.set(`${creds.appid}\n${login.openid}`, login.sessionKey);
    return { session_key: login.sessionKey, openid: login.openid, ...(login.unionid ? { unionid: login.unionid } : {}) };
  }

  // The user's latest session_key is the only valid one: signature = hmac_sha256(key: session_key, "").
  register(
    'GET',
    '/wxa/checksession',
    authed((req, c, base) => {
      const { openid, signature, sig_method: method } = req.query;
      const current = typeof openid === 'string' ? currentSessionKeys.get(`${base.appid}\n${openid}`) : undefined;
      const expected = current === undefined ? null : createHmac('sha256', current).update('').digest('hex');
      if (method !== 'hmac_sha256' || expected === null || signature !== expected) return c.error(87009, oauthErrmsgs.invalidSignature);
      return { errcode: 0, errmsg: 'ok' };
    }),
  );

  register(
    'POST',
    '/wxa/business/getuserphonenumber',
    authed((req, c, base) => {
      const code = (req.body as { code?: unknown } | undefined)?.code;
      if (typeof req.body !== 'object' || req.body === null) return c.error(47001, errmsgs.dataFormat);
      if (typeof code !== 'string' || code === '') return c.error(41008, oauthErrmsgs.missingCode);
      const taken = takeCode(phoneCodes, base.appid, code, () => c.error(40029, 'invalid code', 'hint-rid'));
      if (!taken.ok) return taken.body;
      const phone = taken.value;
      return {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: phone.phoneNumber,
          purePhoneNumber: phone.purePhoneNumber,
          countryCode: phone.countryCode,
          watermark: { timestamp: Math.floor(c.now() / 1000), appid: base.appid },
        },
      };
    }),
  );

  register(
    'GET',
    '/cgi-bin/user/info',
    authed((req, c, base) => {
      const openid = req.query.openid;
      if (!openid) return c.error(41009, oauthErrmsgs.missingOpenid);
      const user = users.get(userKey(base.appid, openid));
      if (!user) return c.error(40003, oauthErrmsgs.invalidOpenid);
      if (user.subscribe === 0) return { subscribe: 0, openid: user.openid, ...(user.unionid ? { unionid: user.unionid } : {}) };
      // No nickname or headimgurl: WeChat stopped returning them here on 2021-12-27.
      return {
        subscribe: 1,
        openid: user.openid,
        language: user.language,
        subscribe_time: user.subscribeTime,
        ...(user.unionid ? { unionid: user.unionid } : {}),
        remark: user.remark,
        groupid: 0,
        tagid_list: user.tagIds,
        subscribe_scene: user.subscribeScene,
        qr_scene: 0,
        qr_scene_str: '',
      };
    }),
  );

  const kindOf = (appid: string): FakeAppKind => ctx.apps.get(appid)?.kind ?? 'official-account';

  return {
    issueOAuthCode(appid, options) {
      const openid = options.openid ?? mintOpenid();
      const unionid = options.unionid ?? null;
      const code = mintCode();
      oauthCodes.set(code, {
        appid,
        issuedAt: ctx.now(),
        lifetimeMs: options.scope === 'snsapi_login' ? QRCONNECT_CODE_LIFETIME_MS : CODE_LIFETIME_MS,
        usedAt: null,
        value: { openid, unionid, scope: options.scope, snapshot: options.snapshot ?? false },
      });
      if (kindOf(appid) !== 'mini-program') userOf(appid, openid, unionid);
      return { code, appid, openid, unionid };
    },
    issueJsCode(appid, options = {}) {
      const login: IssuedJsCode = {
        code: mintCode(),
        appid,
        openid: options.openid ?? mintOpenid(),
        unionid: options.unionid ?? null,
        sessionKey: options.sessionKey ?? mintSessionKey(),
      };
      jsCodes.set(login.code, { appid, issuedAt: ctx.now(), lifetimeMs: CODE_LIFETIME_MS, usedAt: null, value: { ...login, risky: options.risky ?? false } });
      return login;
    },
    issuePhoneCode(appid, options = {}) {
      const pure = options.purePhoneNumber ?? '13800138000';
      const phone: IssuedPhoneCode = {
        code: `${alnum(64).toLowerCase()}`,
        appid,
        purePhoneNumber: pure,
        countryCode: options.countryCode ?? '86',
        phoneNumber: options.phoneNumber ?? pure,
      };
      phoneCodes.set(phone.code, { appid, issuedAt: ctx.now(), lifetimeMs: CODE_LIFETIME_MS, usedAt: null, value: phone });
      return phone;
    },
    addUser,
    encryptUserData(sessionKey, data, { appid, timestamp }) {
      return encryptUserData(sessionKey, data, { appid, timestamp: timestamp ?? Math.floor(ctx.now() / 1000) });
    },
    appOfUserToken: (token) => snsTokens.get(token)?.appid,
    resetOAuth() {
      oauthCodes = new Map();
      jsCodes = new Map();
      currentSessionKeys = new Map();
      phoneCodes = new Map();
      snsTokens = new Map();
      refreshTokens = new Map();
      users = new Map();
    },
  };
}

/** Apps of the other kinds, for suites that start the fake with them. Secrets are fake. */
export const FAKE_MINI_APP = { appid: 'wx1111222233334444', secret: 'FAKE-MINI-SECRET-1111222233334444', kind: 'mini-program' } as const;
export const FAKE_WEBSITE_APP = { appid: 'wx5555666677778888', secret: 'FAKE-SITE-SECRET-5555666677778888', kind: 'website-app' } as const;
