/** Saved apps: list, add or edit, delete (which also deletes the app's secrets). */
import type { FeatureHandlers } from '../../contract/schema';
import { allCallbackAccounts } from '../callback/secrets';
import type { HandlerContext } from './context';

export function createProfileHandlers(ctx: HandlerContext): FeatureHandlers<'profiles'> {
  const { profiles, secrets } = ctx;
  return {
    listProfiles: () => profiles.list(),
    saveProfile: (input) => profiles.save(input),
    async deleteProfile({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      await profiles.delete(profileId);
      // The secret belongs to the appid, and an appid has at most one profile.
      await secrets.delete(profile.appid);
      for (const account of allCallbackAccounts(profile.appid)) await secrets.delete(account);
      return { deleted: true };
    },
  };
}
