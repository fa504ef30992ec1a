/** Saved apps: list, add or edit, delete (which also deletes the app's secret). */
import type { FeatureHandlers } from '../../contract/schema';
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
      return { deleted: true };
    },
  };
}
