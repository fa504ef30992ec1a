/** The app's access_token on one of three lanes, the cached one, and today's local fetch counts. */
import { classicDailyLimit, invalidatingLanes, type Profile, type TokenInfo } from '../../contract';
import { validationError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/schema';
import type { FetchedToken } from '../wechat/types';
import type { HandlerContext } from './context';

const tokenInfo = (profile: Profile, token: FetchedToken): TokenInfo => ({
  profileId: profile.id,
  appid: profile.appid,
  lane: token.lane,
  accessToken: token.accessToken,
  expiresIn: token.expiresIn,
  expiresAt: token.expiresAt,
  fetchedAt: token.fetchedAt,
  fromCache: token.fromCache,
  apiBase: token.apiBase,
  route: token.route,
});

export function createTokenHandlers(ctx: HandlerContext): FeatureHandlers<'token'> {
  const { tokens } = ctx;
  return {
    async getToken({ profileId, lane, confirmInvalidate }) {
      const profile = await ctx.profileOrThrow(profileId);
      if (invalidatingLanes.includes(lane) && !confirmInvalidate) {
        throw validationError(
          `The ${lane} lane makes WeChat issue a new token, and the token your servers hold stops working. ` +
            'Confirm that you want this (confirmInvalidate: true).',
          'confirmInvalidate',
        );
      }
      const token = await tokens.get(ctx.targetOf(profile), lane, ctx.secretLoader(profile));
      return tokenInfo(profile, token);
    },
    async cachedToken({ profileId, lane }) {
      const profile = await ctx.profileOrThrow(profileId);
      // Only the token of the secret stored now; none at all without a secret.
      const token = await tokens.cached(ctx.targetOf(profile), lane, ctx.secretLoader(profile));
      return token ? tokenInfo(profile, token) : null;
    },
    async tokenStats({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      return {
        profileId,
        appid: profile.appid,
        classicDailyLimit: classicDailyLimit(profile.kind),
        ...tokens.stats.get(profile.appid),
      };
    },
  };
}
