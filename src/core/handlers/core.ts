/** Profiles, secrets, the base token and the errcode table: the foundation slice. */
import type { Handlers, Profile, TokenInfo } from '../../contract/schema';
import { invalidatingLanes } from '../../contract/schema';
import { lookupErrcode, searchErrcodes } from '../errcodes';
import { validationError } from '../../contract/errors';
import { apiBaseOverride } from '../wechat/apiBase';
import { secretHint } from '../keychain/secretHint';
import type { FetchedToken } from '../wechat/types';
import type { HandlerContext } from './context';

type CoreChannels =
  | 'appInfo'
  | 'listProfiles'
  | 'saveProfile'
  | 'deleteProfile'
  | 'secretStatus'
  | 'setSecret'
  | 'deleteSecret'
  | 'getToken'
  | 'cachedToken'
  | 'lookupErrcode'
  | 'searchErrcodes';

export function createCoreHandlers(ctx: HandlerContext): Pick<Handlers, CoreChannels> {
  const { profiles, secrets, tokens } = ctx;

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

  return {
    async appInfo() {
      await profiles.list(); // loads the file, so a corrupt-file notice is known before we report
      return {
        version: ctx.version,
        mode: ctx.mode,
        apiBaseOverride: apiBaseOverride(ctx.env),
        notices: ctx.notices?.() ?? [],
      };
    },
    listProfiles: () => profiles.list(),
    saveProfile: (input) => profiles.save(input),
    async deleteProfile({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      await profiles.delete(profileId);
      // The secret belongs to the appid, and an appid has at most one profile.
      await secrets.delete(profile.appid);
      return { deleted: true };
    },
    async secretStatus({ profileId }) {
      const secret = await secrets.get((await ctx.profileOrThrow(profileId)).appid);
      return secret ? { stored: true, hint: secretHint(secret) } : { stored: false, hint: null };
    },
    async setSecret({ profileId, secret }) {
      const profile = await ctx.profileOrThrow(profileId);
      await secrets.set(profile.appid, secret);
      return { stored: true, hint: secretHint(secret) };
    },
    async deleteSecret({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      await secrets.delete(profile.appid);
      return { stored: false, hint: null };
    },
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
      const token = tokens.peek(ctx.targetOf(profile), lane);
      return token ? tokenInfo(profile, token) : null;
    },
    async lookupErrcode({ code }) {
      return lookupErrcode(code);
    },
    async searchErrcodes({ query, limit }) {
      return searchErrcodes(query, limit);
    },
  };
}
