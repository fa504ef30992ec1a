/**
 * Saved apps: list, add or edit, delete. An AppSecret is bound to where it was saved for: an edit
 * that re-points the app (another API base or proxy host) deletes the secret first, and deleting
 * the app deletes its secrets (the AppSecret, the callback Token and EncodingAESKey); either way its
 * cached tokens go too.
 */
import { secretDestination as destination } from '../../contract';
import type { FeatureHandlers } from '../../contract/schema';
import type { ParsedProfileInput } from '../store/types';
import { allCallbackAccounts } from '../callback/secrets';
import type { HandlerContext } from './context';

export function createProfileHandlers(ctx: HandlerContext): FeatureHandlers<'profiles'> {
  const { profiles, secrets, tokens } = ctx;
  return {
    listProfiles: () => profiles.list(),
    async saveProfile(input: ParsedProfileInput) {
      const before = input.id === undefined ? null : await profiles.get(input.id);
      const repointed = before !== null && destination(before) !== destination(input);
      let secretCleared = false;
      if (before && repointed) {
        // Before the new destination is saved: if the keychain refuses, nothing is re-pointed.
        secretCleared = await secrets.delete(before.appid);
        await tokens.forgetApp(before.appid);
      }
      const saved = await profiles.save(input);
      if (before && before.appid !== saved.appid) await tokens.forgetApp(before.appid);
      return { ...saved, secretCleared };
    },
    async deleteProfile({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      await profiles.delete(profileId);
      // The secret belongs to the appid, and an appid has at most one profile.
      await secrets.delete(profile.appid);
      for (const account of allCallbackAccounts(profile.appid)) await secrets.delete(account);
      await tokens.forgetApp(profile.appid);
      return { deleted: true };
    },
  };
}
