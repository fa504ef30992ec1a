/** The AppSecret: write-only from the renderer's side; only whether one is stored and its last characters come back. */
import type { FeatureHandlers } from '../../contract/schema';
import { secretHint } from '../keychain/secretHint';
import type { HandlerContext } from './context';

export function createSecretHandlers(ctx: HandlerContext): FeatureHandlers<'secrets'> {
  const { secrets } = ctx;
  return {
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
  };
}
