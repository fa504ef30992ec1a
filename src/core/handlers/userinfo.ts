/** A follower's profile through /cgi-bin/user/info, with the app's stable token. */
import type { FeatureHandlers } from '../../contract/schema';
import { createOAuthApi, type OAuthApi } from '../wechat/oauthEndpoints';
import type { HandlerContext } from './context';

export function createUserInfoHandlers(ctx: HandlerContext): FeatureHandlers<'userinfo'> {
  let api: OAuthApi | null = null;
  const oauthApi = (): OAuthApi => (api ??= createOAuthApi(ctx.tokens.client));
  return {
    async userInfo({ profileId, openid, lang }) {
      const profile = await ctx.profileOrThrow(profileId);
      const target = ctx.targetOf(profile);
      return ctx.tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) =>
        oauthApi().cgiUserInfo(target, token, openid, lang),
      );
    },
  };
}
