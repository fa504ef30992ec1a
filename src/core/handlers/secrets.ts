/**
 * The AppSecret: write-only from the renderer's side; only whether one is stored and its last
 * characters come back. Changing or removing it drops the app's cached tokens, which belonged to
 * the old secret.
 */
import { APPSECRET_PATTERN, isSimulatorProfile, type Profile, type SecretStatus } from '../../contract';
import type { FeatureHandlers } from '../../contract/schema';
import { secretHint } from '../keychain/secretHint';
import { bindSecret, boundSecret, unbindSecret } from '../keychain/secretBinding';
import type { HandlerContext } from './context';

/**
 * The shape warning guards against a mistyped real AppSecret. A simulator app's secret only ever
 * goes to the simulator, and the demo apps' secrets are deliberately not hex, so it is not warned about.
 */
const status = (profile: Profile, secret: string): SecretStatus => ({
  stored: true,
  hint: secretHint(secret),
  unusualShape: !isSimulatorProfile(profile) && !APPSECRET_PATTERN.test(secret),
});

export function createSecretHandlers(ctx: HandlerContext): FeatureHandlers<'secrets'> {
  const { secrets, tokens } = ctx;
  return {
    async secretStatus({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      // A secret saved for another API base is, for this app, not stored.
      const bound = await boundSecret(secrets, profile);
      return bound.state === 'stored' ? status(profile, bound.secret) : { stored: false, hint: null };
    },
    async setSecret({ profileId, secret: typed }) {
      const profile = await ctx.profileOrThrow(profileId);
      const secret = typed.trim();
      await bindSecret(secrets, profile, secret);
      await tokens.forgetApp(profile.appid);
      return { ...status(profile, secret), trimmed: secret !== typed };
    },
    async deleteSecret({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      await unbindSecret(secrets, profile.appid);
      await tokens.forgetApp(profile.appid);
      return { stored: false, hint: null };
    },
  };
}
