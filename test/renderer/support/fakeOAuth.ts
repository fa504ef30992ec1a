/**
 * The OAuth (网页授权), mini-program and user-info channels of the fake bridge. It mirrors what the
 * UI depends on in main: the authorize URL comes from the same pure builder, a code is refused a
 * second time with a validation error on `allowReuse` (and answers 40163 when resent anyway), a
 * snsapi_base token gets 48001 from sns/userinfo, and a session_key leaves only through
 * revealSessionKey.
 */
import type {
  Channel,
  MiniSession,
  OAuthSession,
  Profile,
  RequestOf,
  ResultOf,
  UserProfile,
} from '../../../src/contract';
import type { ErrcodeEntry } from '../../../src/contract/errcodes';
import { buildAuthorizeUrl } from '../../../src/contract/oauthUrl';
// A cycle (fakeBridge spreads this in), harmless: FakeFailure is only used when a channel runs.
import { FakeFailure } from './fakeBridge';

type OAuthChannel = Extract<
  Channel,
  | 'buildAuthorizeUrl'
  | 'exchangeOAuthCode'
  | 'refreshOAuthToken'
  | 'checkOAuthToken'
  | 'oauthUserInfo'
  | 'jscode2session'
  | 'revealSessionKey'
  | 'decryptUserData'
  | 'checkUserSignature'
  | 'phoneNumber'
  | 'userInfo'
>;
type OAuthImpl = { [C in OAuthChannel]: (request: RequestOf<C>) => ResultOf<C> };

export interface OAuthFakeOptions {
  /** What sns/userinfo and cgi-bin/user/info answer (openid is filled in). */
  user?: Partial<UserProfile>;
  /** The appid in decrypted data's watermark; the profile's own appid when absent. */
  watermarkAppid?: string;
  /** The session_key jscode2session hands out. */
  sessionKey?: string;
}

export const SESSION_KEY = 'HyVFkGl5F5OQWJZZaNzBBg==';
/** The iv the fake treats as wrong: decryption fails with a typed error, as a bad key or iv does in main. */
export const BAD_IV = 'AAAAAAAAAAAAAAAAAAAAAA==';

const entry48001: ErrcodeEntry = {
  code: 48001,
  zh: 'api 功能未授权',
  en: 'api unauthorized',
  enSource: 'official',
  category: 'permission',
  docUrl: null,
  conflict: null,
  cause: { zh: '网页授权 scope 为 snsapi_base。', en: 'The web token’s scope is snsapi_base.' },
  fix: null,
};

export function makeUserProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    source: 'sns-userinfo',
    openid: 'oUser_openid_123',
    unionid: null,
    nickname: '小明',
    headimgurl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132',
    sex: 1,
    country: '中国',
    province: '广东',
    city: null,
    privilege: [],
    isSnapshotUser: null,
    subscribe: null,
    subscribeTime: null,
    subscribeScene: null,
    tagIds: null,
    remark: null,
    language: null,
    raw: { openid: 'oUser_openid_123', nickname: '小明' },
    route: { kind: 'direct' },
    ...overrides,
  };
}

const validation = (message: string, path: string) => new FakeFailure({ kind: 'validation', message, issues: [{ path, message }] });
const wechat = (errcode: number, errmsg: string, endpoint: string, entry: ErrcodeEntry | null = null) =>
  new FakeFailure({ kind: 'wechat', errcode, errmsg, endpoint, entry });

export function createOAuthFake({
  now,
  profile,
  newId,
  options = {},
}: {
  now: () => number;
  profile: (id: string) => Profile;
  newId: () => string;
  options?: OAuthFakeOptions;
}): OAuthImpl {
  const sessions = new Map<string, OAuthSession>();
  const miniSessions = new Map<string, MiniSession>();
  const used = new Set<string>();
  let serial = 0;

  const spend = (kind: string, code: string, allowReuse: boolean, endpoint: string) => {
    const key = `${kind}:${code}`;
    if (used.has(key)) {
      if (!allowReuse) throw validation(`This ${kind} was already exchanged; WeChat would answer 40163.`, 'allowReuse');
      throw wechat(40163, 'code been used', endpoint);
    }
    used.add(key);
  };
  const session = (id: string) => {
    const found = sessions.get(id);
    if (!found) throw validation('This session is no longer held.', 'sessionId');
    return found;
  };
  const user = (openid: string, source: UserProfile['source']) => makeUserProfile({ source, ...options.user, openid });

  return {
    buildAuthorizeUrl: ({ profileId, redirectUri, scope, state }) => {
      const p = profile(profileId);
      const built = buildAuthorizeUrl({ appid: p.appid, kind: p.kind, redirectUri, scope, state });
      if (!built.ok) throw validation(built.problem.message, built.problem.path);
      return { ...built.value, issuedAt: now() };
    },
    exchangeOAuthCode: ({ profileId, code, allowReuse = false }) => {
      const p = profile(profileId);
      spend('code', code, allowReuse, '/sns/oauth2/access_token');
      serial += 1;
      const obtainedAt = now();
      const created: OAuthSession = {
        id: newId(),
        profileId,
        appid: p.appid,
        openid: 'oUser_openid_123',
        unionid: null,
        scope: code.startsWith('BASE') ? 'snsapi_base' : p.kind === 'website-app' ? 'snsapi_login' : 'snsapi_userinfo',
        accessToken: `WEBTOKEN${serial}-abcdefghijklmnopqrstuvwxyz-END${serial}`,
        expiresIn: 7200,
        expiresAt: obtainedAt + 7200 * 1000,
        refreshToken: `REFRESH${serial}-abcdefghijklmnopqrstuvwxyz-END`,
        refreshExpiresAt: obtainedAt + 30 * 24 * 3600 * 1000,
        isSnapshotUser: code.startsWith('SNAP') ? true : null,
        obtainedAt,
        route: { kind: 'direct' },
      };
      sessions.set(created.id, created);
      return created;
    },
    refreshOAuthToken: ({ sessionId }) => {
      const old = session(sessionId);
      serial += 1;
      const obtainedAt = now();
      const next = { ...old, accessToken: `WEBTOKEN${serial}-refreshed-END${serial}`, expiresAt: obtainedAt + 7200 * 1000, obtainedAt };
      sessions.set(sessionId, next);
      return next;
    },
    checkOAuthToken: ({ sessionId }) => {
      const s = session(sessionId);
      return s.expiresAt > now()
        ? { valid: true, errcode: 0, errmsg: 'ok', route: s.route }
        : { valid: false, errcode: 42001, errmsg: 'access_token expired', route: s.route };
    },
    oauthUserInfo: ({ sessionId }) => {
      const s = session(sessionId);
      if (s.scope === 'snsapi_base') throw wechat(48001, 'api unauthorized', '/sns/userinfo', entry48001);
      return user(s.openid, 'sns-userinfo');
    },
    jscode2session: ({ profileId, jsCode, allowReuse = false }) => {
      const p = profile(profileId);
      spend('js_code', jsCode, allowReuse, '/sns/jscode2session');
      const created: MiniSession = {
        id: newId(),
        profileId,
        appid: p.appid,
        openid: 'oMini_openid_456',
        unionid: null,
        sessionKeyMasked: 'HyVFkG…Bg==',
        obtainedAt: now(),
        route: { kind: 'direct' },
      };
      miniSessions.set(created.id, created);
      return created;
    },
    revealSessionKey: ({ sessionId }) => {
      if (!miniSessions.has(sessionId)) throw validation('This session is no longer held.', 'sessionId');
      return { sessionKey: options.sessionKey ?? SESSION_KEY };
    },
    decryptUserData: ({ profileId, sessionId, iv }) => {
      const p = profile(profileId);
      if (sessionId !== undefined && !miniSessions.has(sessionId)) throw validation('This session is no longer held.', 'sessionId');
      if (iv === BAD_IV) {
        throw validation('Could not decrypt: the session_key or iv is wrong, or the data was cut short.', 'encryptedData');
      }
      const appid = options.watermarkAppid ?? p.appid;
      const watermark = { appid, timestamp: 1735722000 };
      return { data: { openId: 'oMini_openid_456', nickName: '小红', watermark }, watermark, appidMatches: appid === p.appid };
    },
    checkUserSignature: ({ signature }) => ({ valid: signature.startsWith('0') }),
    phoneNumber: ({ profileId }) => {
      const p = profile(profileId);
      return {
        phoneNumber: '+86 13800001111',
        purePhoneNumber: '13800001111',
        countryCode: '86',
        watermark: { appid: options.watermarkAppid ?? p.appid, timestamp: 1735722000 },
        route: { kind: 'direct' },
      };
    },
    userInfo: ({ profileId, openid }) => {
      profile(profileId);
      return user(openid, 'cgi-user-info');
    },
  };
}
