/**
 * 网页授权, mini-program login and user profiles (issue 5). Tokens and session_keys stay here, in
 * memory, referred to by id; the session_key leaves main only through revealSessionKey.
 */
import { randomUUID } from 'node:crypto';
import type { AuthorizeUrl, Handlers, MiniSession, OAuthSession, Profile } from '../../contract/schema';
import { validationError } from '../../contract/errors';
import { buildAuthorizeUrl, parseCodeInput } from '../../contract/oauth';
import { createCodeGuard, type CodeKind } from '../oauth/codeGuard';
import { checkSignature, decryptUserData, maskSessionKey, watermarkOf } from '../oauth/crypto';
import { createSessionStore } from '../oauth/sessions';
import { isWechatError } from '../wechat/wechatError';
import { createOAuthApi, type OAuthApi } from '../wechat/oauthEndpoints';
import type { HandlerContext } from './context';

type Channels =
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
  | 'userInfo';

/** A 网页授权 refresh_token lives 30 days from the authorization. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3_600_000;

interface HeldMini {
  session: MiniSession;
  sessionKey: string;
}

export function createOAuthHandlers(ctx: HandlerContext): Pick<Handlers, Channels> {
  const oauthSessions = createSessionStore<OAuthSession>('OAuth login');
  const miniSessions = createSessionStore<HeldMini>('mini-program login');
  const guard = createCodeGuard(ctx.clock);
  let api: OAuthApi | null = null;
  // Built on first use: the token service's client carries the routes, timeouts and request log.
  const oauthApi = (): OAuthApi => (api ??= createOAuthApi(ctx.tokens.client));

  /** The pasted code, or the code inside a pasted redirect URL; junk is a validation error on `path`. */
  function codeFrom(text: string, path: string): string {
    const parsed = parseCodeInput(text);
    if (!parsed.ok) throw validationError(parsed.message, path);
    return parsed.code;
  }

  /** Sends a code once; WeChat has consumed it when it answers, with a token or with 40163. */
  async function exchangeOnce<T>(kind: CodeKind, appid: string, code: string, allowReuse: boolean, send: () => Promise<T>): Promise<T> {
    guard.check(kind, appid, code, allowReuse);
    try {
      const result = await send();
      guard.remember(kind, appid, code);
      return result;
    } catch (err) {
      if (isWechatError(err, [40163])) guard.remember(kind, appid, code);
      throw err;
    }
  }

  async function heldOAuth(sessionId: string): Promise<{ session: OAuthSession; profile: Profile }> {
    const session = oauthSessions.get(sessionId);
    return { session, profile: await ctx.profileOrThrow(session.profileId) };
  }

  /** From a login held here or a pasted session_key (the schema allows exactly one). */
  function sessionKeyOf(request: { sessionId?: string; sessionKey?: string }): string {
    if (request.sessionId !== undefined) return miniSessions.get(request.sessionId).sessionKey;
    if (request.sessionKey !== undefined) return request.sessionKey;
    throw validationError('Use a login from jscode2session or paste a session_key.', 'sessionKey');
  }

  return {
    async buildAuthorizeUrl({ profileId, redirectUri, scope, state }) {
      const profile = await ctx.profileOrThrow(profileId);
      const built = buildAuthorizeUrl({ appid: profile.appid, kind: profile.kind, redirectUri, scope, state });
      if (!built.ok) throw validationError(built.problem.message, built.problem.path);
      // The renderer keeps the URLs it built and checks a pasted state against them (matchState).
      const result: AuthorizeUrl = { ...built.value, issuedAt: ctx.clock() };
      return result;
    },

    async exchangeOAuthCode({ profileId, code: pasted, allowReuse }) {
      const profile = await ctx.profileOrThrow(profileId);
      const code = codeFrom(pasted, 'code');
      const target = ctx.targetOf(profile);
      const sentAt = ctx.clock();
      const reply = await exchangeOnce('oauth', profile.appid, code, allowReuse, async () =>
        oauthApi().exchangeCode(target, await ctx.secretLoader(profile)(), code),
      );
      const session: OAuthSession = {
        id: randomUUID(),
        profileId,
        appid: profile.appid,
        openid: reply.openid,
        unionid: reply.unionid,
        scope: reply.scope,
        accessToken: reply.accessToken,
        expiresIn: reply.expiresIn,
        // Counted from when the request left, so the countdown never runs past the real expiry.
        expiresAt: sentAt + reply.expiresIn * 1000,
        refreshToken: reply.refreshToken,
        refreshExpiresAt: sentAt + REFRESH_TOKEN_LIFETIME_MS,
        isSnapshotUser: reply.isSnapshotUser,
        obtainedAt: sentAt,
        route: reply.route,
      };
      oauthSessions.add(session.id, session);
      return { ...session };
    },

    async refreshOAuthToken({ sessionId }) {
      const { session, profile } = await heldOAuth(sessionId);
      const sentAt = ctx.clock();
      const reply = await oauthApi().refreshToken(ctx.targetOf(profile), session.refreshToken);
      const next: OAuthSession = {
        ...session,
        openid: reply.openid,
        unionid: reply.unionid ?? session.unionid,
        scope: reply.scope || session.scope,
        accessToken: reply.accessToken,
        expiresIn: reply.expiresIn,
        expiresAt: sentAt + reply.expiresIn * 1000,
        refreshToken: reply.refreshToken,
        // Refreshing does not extend the refresh_token: 30 days from the user's authorization.
        route: reply.route,
      };
      oauthSessions.add(sessionId, next);
      return { ...next };
    },

    async checkOAuthToken({ sessionId }) {
      const { session, profile } = await heldOAuth(sessionId);
      const reply = await oauthApi().checkToken(ctx.targetOf(profile), session.accessToken, session.openid);
      return { valid: reply.errcode === 0, errcode: reply.errcode, errmsg: reply.errmsg, route: reply.route };
    },

    async oauthUserInfo({ sessionId, lang }) {
      const { session, profile } = await heldOAuth(sessionId);
      const user = await oauthApi().snsUserInfo(ctx.targetOf(profile), session.accessToken, session.openid, lang);
      return { ...user, isSnapshotUser: session.isSnapshotUser };
    },

    async jscode2session({ profileId, jsCode: pasted, allowReuse }) {
      const profile = await ctx.profileOrThrow(profileId);
      const jsCode = codeFrom(pasted, 'jsCode');
      const target = ctx.targetOf(profile);
      const sentAt = ctx.clock();
      const reply = await exchangeOnce('jscode', profile.appid, jsCode, allowReuse, async () =>
        oauthApi().jscode2session(target, await ctx.secretLoader(profile)(), jsCode),
      );
      const session: MiniSession = {
        id: randomUUID(),
        profileId,
        appid: profile.appid,
        openid: reply.openid,
        unionid: reply.unionid,
        sessionKeyMasked: maskSessionKey(reply.sessionKey),
        obtainedAt: sentAt,
        route: reply.route,
      };
      miniSessions.add(session.id, { session, sessionKey: reply.sessionKey });
      return { ...session };
    },

    async revealSessionKey({ sessionId }) {
      return { sessionKey: miniSessions.get(sessionId).sessionKey };
    },

    async decryptUserData(request) {
      const profile = await ctx.profileOrThrow(request.profileId);
      const data = decryptUserData(sessionKeyOf(request), request.encryptedData, request.iv);
      const watermark = watermarkOf(data);
      return {
        data,
        watermark,
        appidMatches: watermark === null || watermark.appid === null ? null : watermark.appid === profile.appid,
      };
    },

    async checkUserSignature(request) {
      return { valid: checkSignature(request.rawData, sessionKeyOf(request), request.signature) };
    },

    async phoneNumber({ profileId, code: pasted }) {
      const profile = await ctx.profileOrThrow(profileId);
      const code = codeFrom(pasted, 'code');
      const target = ctx.targetOf(profile);
      return ctx.tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) =>
        oauthApi().getUserPhoneNumber(target, token, code),
      );
    },

    async userInfo({ profileId, openid, lang }) {
      const profile = await ctx.profileOrThrow(profileId);
      const target = ctx.targetOf(profile);
      return ctx.tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) =>
        oauthApi().cgiUserInfo(target, token, openid, lang),
      );
    },
  };
}
