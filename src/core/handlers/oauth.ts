/**
 * 网页授权 and QR login: build the authorize URL, exchange the code, refresh, check, read the user.
 * Web access tokens stay here, in memory, referred to by session id.
 */
import { randomUUID } from 'node:crypto';
import type { AuthorizeUrl, OAuthSession, Profile } from '../../contract';
import { validationError } from '../../contract/errors';
import { buildAuthorizeUrl } from '../../contract/oauthUrl';
import type { FeatureHandlers } from '../../contract/schema';
import { createCodeGuard } from '../oauth/codeGuard';
import { codeFrom, exchangeOnce } from '../oauth/exchange';
import { createSessionStore } from '../oauth/sessions';
import { createOAuthApi, type OAuthApi } from '../wechat/oauthEndpoints';
import type { HandlerContext } from './context';

/** A 网页授权 refresh_token lives 30 days from the authorization. */
export const REFRESH_TOKEN_LIFETIME_MS = 30 * 24 * 3_600_000;

export function createOAuthHandlers(ctx: HandlerContext): FeatureHandlers<'oauth'> {
  const oauthSessions = createSessionStore<OAuthSession>('OAuth login');
  const guard = createCodeGuard(ctx.clock);
  let api: OAuthApi | null = null;
  // Built on first use: the token service's client carries the routes, timeouts and request log.
  const oauthApi = (): OAuthApi => (api ??= createOAuthApi(ctx.tokens.client));

  async function heldOAuth(sessionId: string): Promise<{ session: OAuthSession; profile: Profile }> {
    const session = oauthSessions.get(sessionId);
    return { session, profile: await ctx.profileOrThrow(session.profileId) };
  }

  return {
    async buildAuthorizeUrl({ profileId, redirectUri, scope, state, forcePopup, forceSnapShot }) {
      const profile = await ctx.profileOrThrow(profileId);
      // A simulator app's authorize page is the simulator's, so the flow can be clicked through.
      const openBase = profile.domain === 'simulator' ? ctx.simulator?.url : undefined;
      const built = buildAuthorizeUrl({
        appid: profile.appid,
        kind: profile.kind,
        redirectUri,
        scope,
        state,
        forcePopup,
        forceSnapShot,
        ...(openBase ? { openBase } : {}),
      });
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
      const reply = await exchangeOnce(guard, 'oauth', profile.appid, code, allowReuse, async () =>
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
        raw: reply.raw,
      };
      ctx.log.sensitive.add(session.accessToken, 'credential');
      ctx.log.sensitive.add(session.refreshToken, 'credential');
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
        raw: reply.raw,
      };
      ctx.log.sensitive.add(next.accessToken, 'credential');
      ctx.log.sensitive.add(next.refreshToken, 'credential');
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

  };
}
