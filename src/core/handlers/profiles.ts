/**
 * Saved apps: list, add or edit, delete. An AppSecret is bound to where it was saved for: an edit
 * that re-points the app (another API base or proxy host) deletes the secret first, and deleting
 * the app deletes its secrets (the AppSecret, the callback Token and EncodingAESKey); either way its
 * cached tokens go too.
 *
 * The list's status (secret stored? token left?) is answered from the keychain and the token cache
 * only: no network call, and no secret leaves main. Export and import carry apps without secrets;
 * import adds only AppIDs not already here, and never touches the keychain.
 */
import { secretDestination as destination, type Profile, type ProfileStatus } from '../../contract';
import { WxcredError, type KeychainReason } from '../../contract/errors';
import { profileInputSchema, type FeatureHandlers } from '../../contract/schema';
import { exportProfiles, readProfilesExport } from '../store/profileExport';
import type { ParsedProfileInput } from '../store/types';
import { allCallbackAccounts } from '../callback/secrets';
import { unbindSecret } from '../keychain/secretBinding';
import type { HandlerContext } from './context';

export function createProfileHandlers(ctx: HandlerContext): FeatureHandlers<'profiles'> {
  const { profiles, secrets, tokens } = ctx;
  /** One app's status; `down` is the keychain's failure once one read failed, so the rest are not asked again. */
  async function statusOf(profile: Profile, down: { reason: KeychainReason } | null): Promise<ProfileStatus> {
    const target = ctx.targetOf(profile);
    if (down) return { profileId: profile.id, secret: 'unavailable', keychainReason: down.reason, token: null };
    let secret: string;
    try {
      secret = await ctx.secretLoader(profile)();
    } catch (error) {
      if (!(error instanceof WxcredError) || error.error.kind !== 'keychain') throw error;
      if (error.error.reason === 'no-secret') return { profileId: profile.id, secret: 'missing', token: null };
      return { profileId: profile.id, secret: 'unavailable', keychainReason: error.error.reason, token: null };
    }
    const token = await tokens.latest(target, async () => secret);
    return { profileId: profile.id, secret: 'stored', token: token ? { lane: token.lane, expiresAt: token.expiresAt } : null };
  }

  return {
    listProfiles: () => profiles.list(),
    async profileStatuses() {
      const out: ProfileStatus[] = [];
      let down: { reason: KeychainReason } | null = null;
      // One at a time: the keychain helper answers one request at a time anyway, and a keychain
      // that is down for one app is down for all, so it is asked once, not once per app.
      for (const profile of await profiles.list()) {
        const status = await statusOf(profile, down);
        if (status.secret === 'unavailable' && status.keychainReason) down = { reason: status.keychainReason };
        out.push(status);
      }
      return out;
    },
    exportProfiles: async () => exportProfiles(await profiles.list(), ctx.clock()),
    async importProfiles({ json }) {
      // The whole file is checked before anything is added.
      const incoming = readProfilesExport(json);
      const existing = new Map((await profiles.list()).map((p) => [p.appid, p]));
      const added: Profile[] = [];
      const skipped: { appid: string; label: string; existingLabel: string }[] = [];
      for (const app of incoming) {
        const there = existing.get(app.appid);
        if (there) {
          skipped.push({ appid: app.appid, label: app.label, existingLabel: there.label });
          continue;
        }
        // Through the same schema as a save from the edit dialog; the proxy has no credentials, so the keychain is not written.
        const saved = await profiles.save(profileInputSchema.parse(app));
        existing.set(saved.appid, saved);
        added.push(saved);
      }
      return { added, skipped };
    },
    async saveProfile(input: ParsedProfileInput) {
      const before = input.id === undefined ? null : await profiles.get(input.id);
      const repointed = before !== null && destination(before) !== destination(input);
      let secretCleared = false;
      if (before && repointed) {
        // Before the new destination is saved: if the keychain refuses, nothing is re-pointed.
        secretCleared = await unbindSecret(secrets, before.appid);
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
      await unbindSecret(secrets, profile.appid);
      for (const account of allCallbackAccounts(profile.appid)) await secrets.delete(account);
      await tokens.forgetApp(profile.appid);
      return { deleted: true };
    },
  };
}
