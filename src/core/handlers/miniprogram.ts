/**
 * Mini-program login (jscode2session), encrypted user data, signatures and phone numbers. The
 * session_key stays here, in memory, referred to by id; it leaves only through revealSessionKey.
 */
import { randomUUID } from 'node:crypto';
import type { MiniSession } from '../../contract';
import { validationError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/schema';
import { createCodeGuard } from '../oauth/codeGuard';
import { checkSignature, decryptUserData, maskSessionKey, watermarkOf } from '../oauth/crypto';
import { codeFrom, exchangeOnce } from '../oauth/exchange';
import { createSessionStore } from '../oauth/sessions';
import { createOAuthApi, type OAuthApi } from '../wechat/oauthEndpoints';
import type { HandlerContext } from './context';

interface HeldMini {
  session: MiniSession;
  sessionKey: string;
}

export function createMiniProgramHandlers(ctx: HandlerContext): FeatureHandlers<'miniprogram'> {
  const miniSessions = createSessionStore<HeldMini>('mini-program login');
  const guard = createCodeGuard(ctx.clock);
  let api: OAuthApi | null = null;
  const oauthApi = (): OAuthApi => (api ??= createOAuthApi(ctx.tokens.client));

  /** From a login held here or a pasted session_key (the schema allows exactly one). */
  function sessionKeyOf(request: { sessionId?: string; sessionKey?: string }): string {
    if (request.sessionId !== undefined) return miniSessions.get(request.sessionId).sessionKey;
    if (request.sessionKey !== undefined) return request.sessionKey;
    throw validationError('Use a login from jscode2session or paste a session_key.', 'sessionKey');
  }

  return {
    async jscode2session({ profileId, jsCode: pasted, allowReuse }) {
      const profile = await ctx.profileOrThrow(profileId);
      const jsCode = codeFrom(pasted, 'jsCode');
      const target = ctx.targetOf(profile);
      const sentAt = ctx.clock();
      const reply = await exchangeOnce(guard, 'jscode', profile.appid, jsCode, allowReuse, async () =>
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
      ctx.log.sensitive.add(reply.sessionKey, 'credential');
      miniSessions.add(session.id, { session, sessionKey: reply.sessionKey });
      return { ...session };
    },

    async revealSessionKey({ sessionId }) {
      return { sessionKey: miniSessions.get(sessionId).sessionKey };
    },

    async checkSessionKey({ profileId, sessionId, sessionKey, openid }) {
      const profile = await ctx.profileOrThrow(profileId);
      const held = sessionId === undefined ? null : miniSessions.get(sessionId);
      const key = held?.sessionKey ?? sessionKey;
      const who = held?.session.openid ?? openid;
      if (key === undefined || who === undefined) throw validationError('Use a login from jscode2session, or paste a session_key and its openid.', 'sessionKey');
      const target = ctx.targetOf(profile);
      const reply = await ctx.tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) =>
        oauthApi().checkSessionKey(target, token, who, key),
      );
      return { valid: reply.errcode === 0, errcode: reply.errcode, errmsg: reply.errmsg, openid: who, route: reply.route };
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

    async phoneNumber({ profileId, code: pasted, openid }) {
      const profile = await ctx.profileOrThrow(profileId);
      const code = codeFrom(pasted, 'code');
      const target = ctx.targetOf(profile);
      return ctx.tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) =>
        oauthApi().getUserPhoneNumber(target, token, code, openid),
      );
    },
  };
}
