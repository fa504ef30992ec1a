/**
 * The AppSecret: write-only from the renderer's side; only whether one is stored and its last
 * characters come back. Changing or removing it drops the app's cached tokens, which belonged to
 * the old secret.
 */
import { APPSECRET_PATTERN, type SecretStatus } from '../../contract';
import type { FeatureHandlers } from '../../contract/schema';
import { secretHint } from '../keychain/secretHint';
import type { HandlerContext } from './context';

const status = (secret: string): SecretStatus => ({
  stored: true,
  hint: secretHint(secret),
  unusualShape: !APPSECRET_PATTERN.test(secret),
});

export function createSecretHandlers(ctx: HandlerContext): FeatureHandlers<'secrets'> {
  const { secrets, tokens } = ctx;
  return {
    async secretStatus({ profileId }) {
      const secret = await secrets.get((await ctx.profileOrThrow(profileId)).appid);
      return secret ? status(secret) : { stored: false, hint: null };
    },
    async setSecret({ profileId, secret: typed }) {
      const profile = await ctx.profileOrThrow(profileId);
      const secret = typed.trim();
      await secrets.set(profile.appid, secret);
      await tokens.forgetApp(profile.appid);
      return { ...status(secret), trimmed: secret !== typed };
    },
    async deleteSecret({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      await secrets.delete(profile.appid);
      await tokens.forgetApp(profile.appid);
      return { stored: false, hint: null };
    },
  };
}
