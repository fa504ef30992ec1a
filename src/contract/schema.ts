/**
 * THE contract between the renderer (or CLI, or web bridge) and the main process: each channel,
 * the schema its request must pass, and its result type. Everything else is derived from here.
 */
import { z } from 'zod';
import type { CancellableChannel, ChannelName, ChannelOf, Feature } from './channels';
import type { CallEnvelope, CancelCallResult } from './calls';
import type { ErrcodeEntry } from './errcodes';
import type { Outcome, Route } from './errors';
import type { AppInfo } from './app';
import type { CallbackCheckResult, ClearQuotaResult, ClearQuotaStats, IpList, QuotaInfo, RidInfo } from './account';
import type { CallbackSecrets, CallbackSignature, DecryptResult, EncryptResult, HandshakeResult, PushResult, QueryVerification } from './callback';
import type { RequestLogEntry } from './log';
import type { DecryptedUserData, MiniSession, PhoneInfo, SessionKeyCheck } from './miniprogram';
import type { AuthorizeUrl, OAuthSession } from './oauth';
import type { Profile, ProfileStatus, ProfilesExport, ProfilesImported, SavedProfile } from './profiles';
import type { SecretStatus } from './secrets';
import type { Settings } from './settings';
import type { DemoAppsLoaded, SimulatorStatus } from './simulator';
import type { TokenInfo, TokenStats } from './token';
import type { UserProfile } from './userinfo';
import type { ApiCallResult } from './console';
import type { PermissionMap } from './permissions';
import { API_PATH_PATTERN } from './apiCatalog';
import type { CardSignature, JssdkDiagnosis, JssdkSignature, TicketInfo } from './jssdk';

import {
  AES_KEY_HINT,
  AES_KEY_LENGTH,
  AES_KEY_PATTERN,
  APPID_HINT,
  APPID_PATTERN,
  CALLBACK_MAX_BODY,
  CALLBACK_TOKEN_HINT,
  CALLBACK_TOKEN_PATTERN,
  callbackFormats,
  callbackMessages,
  callbackModes,
  callbackSecretKinds,
  apiDomainChoices,
  appKinds,
  callbackCheckActions,
  callbackCheckOperators,
  cardSignKinds,
  customBaseProblem,
  JSSDK_CONFIG_MAX,
  JSSDK_NONCE_MAX,
  JSSDK_URL_MAX,
  oauthScopes,
  quotaPaths,
  secretProblem,
  settingBounds,
  ticketTypes,
  tokenLanes,
  userInfoLangs,
  BASE64_PLUS_AS_SPACE,
  PROFILES_EXPORT_FORMAT,
  PROFILES_EXPORT_VERSION,
  PROFILES_IMPORT_MAX_APPS,
  PROFILES_IMPORT_MAX_BYTES,
  type SettingName,
} from './constants';

/** One setting, optional in a patch, within its bounds. */
const setting = (name: SettingName) => z.number().int().min(settingBounds[name].min).max(settingBounds[name].max).optional();

export const appidSchema = z
  .string()
  .trim()
  .regex(APPID_PATTERN, APPID_HINT);

const id = z.uuid('Not a profile id.');
/** A long call's name, made up by the caller (crypto.randomUUID()). */
export const callIdSchema = z.uuid('A callId is a UUID.');
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2048, 'URL too long.')
  .pipe(z.url({ protocol: /^https?$/, error: 'Must be an absolute http:// or https:// URL.' }));

/** What a user sets on an app: shared by the edit dialog's request and a profiles export. */
const profileFields = {
  label: z.string().trim().min(1, 'Give the app a name.').max(64, 'At most 64 characters.'),
  appid: appidSchema,
  kind: z.enum(appKinds),
  domain: z.enum(apiDomainChoices).default('api'),
  customBase: httpUrlSchema.nullable().default(null),
  proxy: httpUrlSchema.nullable().default(null),
  /** Keep this app's stable token fresh in the background; off unless the user turns it on. */
  autoRefresh: z.boolean().default(false),
};
const needsCustomBase = (p: { domain: string; customBase: string | null }) => p.domain !== 'custom' || p.customBase !== null;
const needsCustomBaseIssue = { path: ['customBase'], message: 'A custom API domain needs its base URL, e.g. https://api.weixin.qq.com.' };
const checkCustomBase = (p: { customBase: string | null }, ctx: z.RefinementCtx) => {
  const problem = p.customBase === null ? null : customBaseProblem(p.customBase);
  if (problem) ctx.addIssue({ code: 'custom', path: ['customBase'], message: problem });
};

export const profileInputSchema = z
  .strictObject({
    id: id.optional(),
    ...profileFields,
    // Read-only facts a client may echo back from a saved profile; main derives them itself and ignores these.
    proxyAuth: z.boolean().optional(),
    secretCleared: z.boolean().optional(),
  })
  .refine(needsCustomBase, needsCustomBaseIssue)
  .superRefine(checkCustomBase);
export type ProfileInput = z.input<typeof profileInputSchema>;

/**
 * Checked as the user will store it, i.e. without surrounding whitespace (the handler trims and
 * says so). Control characters and lone surrogates are refused outright: the keychain would
 * truncate at a NUL, or turn a lone surrogate into U+FFFD, and store a secret that is not the one typed.
 */
export const secretSchema = z
  .string()
  .max(1024, 'Too long for an AppSecret.')
  .superRefine((raw, ctx) => {
    const problem = secretProblem(raw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const empty = z.strictObject({});
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const base64 = z
  .string()
  .trim()
  .min(1, 'Required.')
  .check((ctx) => {
    if (BASE64.test(ctx.value)) return;
    // A '+' that passed through URL or form decoding arrives as a space: name that, not "truncated".
    const message = / /.test(ctx.value) && BASE64.test(ctx.value.replaceAll(' ', '+'))
      ? BASE64_PLUS_AS_SPACE
      : 'Expected base64 (A–Z, a–z, 0–9, +, /, =).';
    ctx.issues.push({ code: 'custom', message, input: ctx.value });
  });
const byProfile = z.strictObject({ profileId: id });
const openidSchema = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/, 'An openid is letters, digits, _ and -.');

/** A ticket pasted as is, or the app whose cached (or fetched) ticket to use. */
const ticketText = z.string().trim().min(16, 'A ticket is about 86 characters.').max(512).regex(/^[\x21-\x7e]+$/, 'A ticket has no spaces or control characters.');
const ticketSource = {
  profileId: id.optional(),
  ticket: ticketText.optional(),
};
const oneTicketSource = (r: { profileId?: string; ticket?: string }) => (r.profileId === undefined) !== (r.ticket === undefined);
const oneTicketSourceIssue = { path: ['ticket'], message: 'Use an app (its ticket) or paste a ticket, not both.' };
const pageUrl = z.string().trim().min(1, 'Paste the page URL.').max(JSSDK_URL_MAX).pipe(z.url({ protocol: /^https?$/, error: 'The page URL is an absolute http:// or https:// URL.' }));
/** What wx.config was given: strings as the page passed them (a number timestamp is accepted as its digits). */
const nonce = z.string().max(JSSDK_NONCE_MAX * 4);
const timestamp = z.union([z.string().trim().regex(/^\d{1,16}$/, 'A timestamp is digits (seconds since 1970).'), z.number().int().nonnegative().safe()]).transform(String);
const noControl = /^\P{Cc}*$/u;
/** The Token and the EncodingAESKey each have the console's own rule; checked again where they are used. */
const callbackSecretValue = z
  .strictObject({ profileId: id, kind: z.enum(callbackSecretKinds), value: z.string().trim().min(1, 'Required.').max(64, 'Too long.') })
  .superRefine((r, ctx) => {
    if (r.kind === 'token' && !CALLBACK_TOKEN_PATTERN.test(r.value)) ctx.addIssue({ code: 'custom', path: ['value'], message: CALLBACK_TOKEN_HINT });
    if (r.kind === 'aesKey' && r.value.length !== AES_KEY_LENGTH) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${AES_KEY_HINT} This one has ${r.value.length}.` });
    } else if (r.kind === 'aesKey' && !AES_KEY_PATTERN.test(r.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${AES_KEY_HINT} It is not base64 (e.g. a - or _ from URL-safe base64).` });
    }
  });
/** WeChat's timestamp and nonce are digits; a pasted one may be anything printable, so only bound it. */
const signInput = z.string().trim().min(1, 'Required.').max(64).regex(/^[\x21-\x7e]+$/, 'Printable ASCII without spaces.');
const pasted = z.string().max(CALLBACK_MAX_BODY, 'Longer than any WeChat message.');
const callbackUrl = httpUrlSchema.refine((u) => !u.includes('#'), 'WeChat does not accept a # in the server URL.');

/**
 * One app in a profiles export: the user's settings only (a new id is given on import). A proxy
 * URL with a user or password is refused: import never writes to the keychain, and an export never holds one.
 */
const exportedProfileSchema = z
  .strictObject({
    ...profileFields,
    proxy: profileFields.proxy.refine(
      (proxy) => proxy === null || !/^[a-z]+:\/\/[^/?#]*@/i.test(proxy),
      'A proxy URL with a user or password: import never stores passwords; remove them from the file and type them in the app.',
    ),
  })
  .refine(needsCustomBase, needsCustomBaseIssue)
  .superRefine(checkCustomBase);

/** A profiles export file, read strictly: unknown fields (a `secret`, a `__proto__`) are refused, not dropped. */
export const profilesExportSchema = z
  .strictObject({
    format: z.literal(PROFILES_EXPORT_FORMAT, `Not a wxcred profiles export (its "format" is not "${PROFILES_EXPORT_FORMAT}").`),
    version: z.number().refine((v) => v === PROFILES_EXPORT_VERSION, {
      message: `Export version ${PROFILES_EXPORT_VERSION} is the one this wxcred reads; this file has another (from a newer wxcred?).`,
    }),
    exportedAt: z.iso.datetime().optional(),
    profiles: z.array(exportedProfileSchema).max(PROFILES_IMPORT_MAX_APPS, `At most ${PROFILES_IMPORT_MAX_APPS} apps in one file.`),
  })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.profiles.forEach((profile, index) => {
      const first = seen.get(profile.appid);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['profiles', index, 'appid'], message: `AppID ${profile.appid} is in the file twice (apps #${first + 1} and #${index + 1}).` });
      } else seen.set(profile.appid, index);
    });
  });
export type ProfilesExportFile = z.input<typeof profilesExportSchema>;

/**
 * Pairs a request schema with a result type; the result lives only in the type system. The schema
 * is built on its channel's first request: zod spends real time building one, and a `wxcred`
 * command or a freshly opened window uses a handful of the channels.
 */
const channel =
  <Result>() =>
  <Schema extends z.ZodType>(build: () => Schema) => {
    let built: Schema | undefined;
    return {
      get request(): Schema {
        return (built ??= build());
      },
      result: undefined as unknown as Result,
    };
  };

export const api = {
  appInfo: channel<AppInfo>()(() => empty),
  listProfiles: channel<Profile[]>()(() => empty),
  saveProfile: channel<SavedProfile>()(() => profileInputSchema),
  deleteProfile: channel<{ deleted: true }>()(() => byProfile),
  profileStatuses: channel<ProfileStatus[]>()(() => empty),
  exportProfiles: channel<ProfilesExport>()(() => empty),
  /** The text of a file exportProfiles wrote; read and checked in main, which never touches the keychain for it. */
  importProfiles: channel<ProfilesImported>()(() => 
    z.strictObject({
      json: z
        .string()
        .min(1, 'The file is empty.')
        .max(PROFILES_IMPORT_MAX_BYTES, `Larger than ${PROFILES_IMPORT_MAX_BYTES / 1024} KB: not a profiles export.`),
    }),
  ),
  secretStatus: channel<SecretStatus>()(() => byProfile),
  setSecret: channel<SecretStatus>()(() => z.strictObject({ profileId: id, secret: secretSchema })),
  deleteSecret: channel<SecretStatus>()(() => byProfile),
  getToken: channel<TokenInfo>()(() => 
    z.strictObject({
      profileId: id,
      lane: z.enum(tokenLanes).default('stable'),
      /** Required for lanes that invalidate production's token: the UI asked and the user agreed. */
      confirmInvalidate: z.boolean().default(false),
    }),
  ),
  cachedToken: channel<TokenInfo | null>()(() => z.strictObject({ profileId: id, lane: z.enum(tokenLanes).default('stable') })),
  lookupErrcode: channel<ErrcodeEntry | null>()(() => z.strictObject({ code: z.number().int().safe() })),
  searchErrcodes: channel<ErrcodeEntry[]>()(() => 
    z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(2000).default(50) }),
  ),
  tokenStats: channel<TokenStats>()(() => byProfile),
  getSettings: channel<Settings>()(() => empty),
  saveSettings: channel<Settings>()(() => 
    z.strictObject({
      refreshMarginMinutes: setting('refreshMarginMinutes'),
      connectTimeoutMs: setting('connectTimeoutMs'),
      headersTimeoutMs: setting('headersTimeoutMs'),
      bodyTimeoutMs: setting('bodyTimeoutMs'),
      deadlineMs: setting('deadlineMs'),
      maxBodyBytes: setting('maxBodyBytes'),
    }),
  ),
  getQuota: channel<QuotaInfo>()(() => 
    z.strictObject({ profileId: id, cgiPath: z.enum(quotaPaths).default('/cgi-bin/stable_token') }),
  ),
  clearQuota: channel<ClearQuotaResult>()(() => 
    z.strictObject({
      profileId: id,
      /** v1 uses the app's token; v2 uses appid + AppSecret and works when the token quota is gone. */
      version: z.enum(['v1', 'v2']),
      /** clear_quota is limited to 10 a month per account: the UI must have asked. */
      confirm: z.literal(true, 'clear_quota is limited to 10 times a month; confirm it (confirm: true).'),
    }),
  ),
  clearQuotaStats: channel<ClearQuotaStats>()(() => byProfile),
  callbackIp: channel<IpList>()(() => byProfile),
  apiDomainIp: channel<IpList>()(() => byProfile),
  callbackCheck: channel<CallbackCheckResult>()(() => 
    z.strictObject({
      profileId: id,
      action: z.enum(callbackCheckActions).default('all'),
      operator: z.enum(callbackCheckOperators).default('DEFAULT'),
    }),
  ),
  lookupRid: channel<RidInfo>()(() => 
    z.strictObject({ profileId: id, rid: z.string().trim().min(1).max(128).regex(/^[0-9a-zA-Z-]+$/, 'A rid is letters, digits and dashes.') }),
  ),
  requestLog: channel<RequestLogEntry[]>()(() => 
    z.strictObject({
      appid: z.string().max(64).optional(),
      endpoint: z.string().max(200).optional(),
      errcode: z.number().int().safe().optional(),
      limit: z.number().int().min(1).max(10_000).default(1000),
    }),
  ),
  clearRequestLog: channel<{ cleared: number }>()(() => empty),
  exportRequestLog: channel<{ filename: string; json: string }>()(() => empty),
  buildAuthorizeUrl: channel<AuthorizeUrl>()(() => 
    z.strictObject({
      profileId: id,
      redirectUri: httpUrlSchema,
      scope: z.enum(oauthScopes),
      state: z
        .string()
        .max(128, 'WeChat allows at most 128 bytes of state.')
        .regex(/^[A-Za-z0-9_-]*$/, 'state may hold letters, digits, _ and - only.')
        .optional(),
      forcePopup: z.boolean().default(false),
      forceSnapShot: z.boolean().default(false),
    }),
  ),
  exchangeOAuthCode: channel<OAuthSession>()(() => 
    z.strictObject({
      profileId: id,
      code: z.string().trim().min(1, 'Paste a code.').max(512),
      /** Send a code wxcred already exchanged (it will fail with 40163) only when the user says so. */
      allowReuse: z.boolean().default(false),
    }),
  ),
  refreshOAuthToken: channel<OAuthSession>()(() => z.strictObject({ sessionId: id })),
  checkOAuthToken: channel<{ valid: boolean; errcode: number; errmsg: string; route: Route }>()(() => 
    z.strictObject({ sessionId: id }),
  ),
  oauthUserInfo: channel<UserProfile>()(() => z.strictObject({ sessionId: id, lang: z.enum(userInfoLangs).default('zh_CN') })),
  jscode2session: channel<MiniSession>()(() => 
    z.strictObject({ profileId: id, jsCode: z.string().trim().min(1, 'Paste a js_code.').max(512), allowReuse: z.boolean().default(false) }),
  ),
  revealSessionKey: channel<{ sessionKey: string }>()(() => z.strictObject({ sessionId: id })),
  checkSessionKey: channel<SessionKeyCheck>()(() => 
    z
      .strictObject({
        profileId: id,
        sessionId: id.optional(),
        sessionKey: base64.max(64).optional(),
        /** Whose key it is; taken from the login when sessionId is given. */
        openid: openidSchema.optional(),
      })
      .refine((r) => (r.sessionId === undefined) !== (r.sessionKey === undefined), {
        path: ['sessionKey'],
        message: 'Use a login from jscode2session or paste a session_key, not both.',
      })
      .refine((r) => r.sessionKey === undefined || r.openid !== undefined, {
        path: ['openid'],
        message: 'A pasted session_key needs the openid of the user it belongs to.',
      }),
  ),
  decryptUserData: channel<DecryptedUserData>()(() => 
    z
      .strictObject({
        profileId: id,
        sessionId: id.optional(),
        sessionKey: base64.max(64).optional(),
        encryptedData: base64.max(256 * 1024),
        iv: base64.max(64),
      })
      .refine((r) => (r.sessionId === undefined) !== (r.sessionKey === undefined), {
        path: ['sessionKey'],
        message: 'Use a login from jscode2session or paste a session_key, not both.',
      }),
  ),
  checkUserSignature: channel<{ valid: boolean }>()(() => 
    z
      .strictObject({
        sessionId: id.optional(),
        sessionKey: base64.max(64).optional(),
        rawData: z.string().max(64 * 1024),
        signature: z.string().trim().regex(/^[0-9a-fA-F]{40}$/, 'A signature is 40 hex characters (sha1).'),
      })
      .refine((r) => (r.sessionId === undefined) !== (r.sessionKey === undefined), {
        path: ['sessionKey'],
        message: 'Use a login from jscode2session or paste a session_key, not both.',
      }),
  ),
  phoneNumber: channel<PhoneInfo>()(() => 
    z.strictObject({
      profileId: id,
      code: z.string().trim().min(1).max(512),
      /** Optional: WeChat then checks the code belongs to this user. */
      openid: openidSchema.optional(),
    }),
  ),
  userInfo: channel<UserProfile>()(() => 
    z.strictObject({
      profileId: id,
      openid: openidSchema,
      lang: z.enum(userInfoLangs).default('zh_CN'),
    }),
  ),
  runPermissionMap: channel<PermissionMap>()(() => byProfile),
  /** The last map run for this app in this session, or null. */
  permissionMap: channel<PermissionMap | null>()(() => byProfile),
  callApi: channel<ApiCallResult>()(() => 
    z.strictObject({
      profileId: id,
      method: z.enum(['GET', 'POST']),
      path: z.string().trim().max(200).regex(API_PATH_PATTERN, 'An API path such as /cgi-bin/user/get: no host, query or "..".'),
      query: z
        .record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'Parameter names are letters, digits, _ . and -.'), z.string().max(4096))
        .refine((q) => Object.keys(q).length <= 32, 'At most 32 query parameters.')
        .refine((q) => !Object.keys(q).some((k) => k.toLowerCase() === 'access_token'), {
          message: 'Leave access_token out: wxcred adds the app’s own token.',
        })
        .default({}),
      /** JSON body for POST, as text (sent exactly as parsed). */
      body: z.string().max(256 * 1024).optional(),
      /** Required for a call that is not known to be read-only: the user saw what it changes and agreed. */
      confirm: z.boolean().default(false),
    }),
  ),
  getTicket: channel<TicketInfo>()(() => z.strictObject({ profileId: id, type: z.enum(ticketTypes).default('jsapi') })),
  cachedTicket: channel<TicketInfo | null>()(() => z.strictObject({ profileId: id, type: z.enum(ticketTypes).default('jsapi') })),
  jssdkSign: channel<JssdkSignature>()(() => 
    z
      .strictObject({
        ...ticketSource,
        url: pageUrl,
        noncestr: nonce.min(1, 'Give a nonceStr.').regex(noControl, 'No control characters.'),
        timestamp,
      })
      .refine(oneTicketSource, oneTicketSourceIssue),
  ),
  cardSign: channel<CardSignature>()(() => 
    z
      .strictObject({
        ...ticketSource,
        kind: z.enum(cardSignKinds),
        /** chooseCard signs the appid; taken from the app when the ticket is the app's. */
        appId: z.string().trim().max(64).default(''),
        timestamp,
        nonceStr: nonce.regex(noControl, 'No control characters.').default(''),
        cardId: z.string().trim().max(128).default(''),
        /** addCard */
        code: z.string().trim().max(128).default(''),
        openid: z.string().trim().max(128).default(''),
        balance: z.string().trim().max(32).default(''),
        /** chooseCard */
        shopId: z.string().trim().max(64).default(''),
        cardType: z.string().trim().max(64).default(''),
      })
      .refine(oneTicketSource, oneTicketSourceIssue),
  ),
  jssdkDiagnose: channel<JssdkDiagnosis>()(() => 
    z
      .strictObject({
        ...ticketSource,
        /** The URL the browser shows (location.href), fragment and all. */
        url: pageUrl,
        /** Where the page was first opened, for a single-page app whose route has changed since. */
        landingUrl: pageUrl.optional(),
        /** A wx.config({...}) object or JSON as pasted; the fields below override what it holds. */
        pasted: z.string().max(JSSDK_CONFIG_MAX).optional(),
        appId: z.string().trim().max(64).optional(),
        timestamp: timestamp.optional(),
        nonceStr: nonce.optional(),
        signature: z.string().trim().max(128).optional(),
        /** The string1 the server logged, when it logs one: compared character by character. */
        string1: z.string().max(JSSDK_URL_MAX + 1024).optional(),
        /** What is entered under JS接口安全域名, to check its form. */
        registeredDomain: z.string().trim().max(256).optional(),
      })
      .refine(oneTicketSource, oneTicketSourceIssue),
  ),
  callbackSecrets: channel<CallbackSecrets>()(() => byProfile),
  setCallbackSecret: channel<CallbackSecrets>()(() => callbackSecretValue),
  deleteCallbackSecret: channel<CallbackSecrets>()(() => z.strictObject({ profileId: id, kind: z.enum(callbackSecretKinds) })),
  callbackSign: channel<CallbackSignature>()(() => 
    z.strictObject({ profileId: id, timestamp: signInput, nonce: signInput, encrypt: pasted.trim().min(1).optional() }),
  ),
  callbackVerifyQuery: channel<QueryVerification>()(() => 
    z.strictObject({ profileId: id, query: z.string().trim().min(1, 'Paste the callback URL or its query.').max(8192), body: pasted.optional() }),
  ),
  callbackDecrypt: channel<DecryptResult>()(() => 
    z
      .strictObject({
        profileId: id,
        /** The pushed body (XML with <Encrypt>, or the JSON form) or the bare Encrypt value. */
        body: pasted.trim().min(1, 'Paste the encrypted message.'),
        timestamp: signInput.optional(),
        nonce: signInput.optional(),
        msgSignature: z.string().trim().regex(/^[0-9a-fA-F]{40}$/, 'A msg_signature is 40 hex characters (sha1).').optional(),
      })
      .refine((r) => r.msgSignature === undefined || (r.timestamp !== undefined && r.nonce !== undefined), {
        path: ['timestamp'],
        message: 'Checking msg_signature needs the timestamp and nonce from the same URL.',
      }),
  ),
  callbackEncrypt: channel<EncryptResult>()(() => 
    z.strictObject({
      profileId: id,
      reply: pasted.min(1, 'Write the reply to encrypt.'),
      timestamp: signInput.optional(),
      nonce: signInput.optional(),
      format: z.enum(callbackFormats).default('xml'),
    }),
  ),
  callbackHandshake: channel<HandshakeResult>()(() => z.strictObject({ profileId: id, url: callbackUrl })),
  callbackPush: channel<PushResult>()(() => 
    z.strictObject({
      profileId: id,
      url: callbackUrl,
      mode: z.enum(callbackModes).default('plain'),
      message: z.enum(callbackMessages).default('text'),
      format: z.enum(callbackFormats).default('xml'),
    }),
  ),
  simulatorStatus: channel<SimulatorStatus>()(() => empty),
  /** Adds the demo apps as simulator profiles (once each) and stores their fake secrets in the keychain. */
  loadDemoApps: channel<DemoAppsLoaded>()(() => empty),
  cancelCall: channel<CancelCallResult>()(() => z.strictObject({ callId: callIdSchema })),
} satisfies Record<ChannelName, { request: z.ZodType; result: unknown }>;

export type Channel = ChannelName;
/** What a caller sends: the schema's input, plus the call envelope on the channels that can be cancelled. */
export type RequestOf<C extends Channel> = z.input<(typeof api)[C]['request']> & (C extends CancellableChannel ? CallEnvelope : unknown);
export type ParsedRequestOf<C extends Channel> = z.output<(typeof api)[C]['request']>;
export type ResultOf<C extends Channel> = (typeof api)[C]['result'];

/** What the renderer sees as `window.wxcred`: one named async method per channel. */
export type WxcredApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<Outcome<ResultOf<C>>>;
};

/** What main implements: requests arrive parsed; failures are thrown as WxcredError. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>>;
};

/** One feature's slice of Handlers: what `handlers/<feature>.ts` implements. */
export type FeatureHandlers<F extends Feature> = Pick<Handlers, ChannelOf<F>>;
