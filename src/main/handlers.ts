/**
 * WxcredApi implemented on plain services. No Electron import: the Electron shell, the web-mode
 * server, the CLI and the tests all call createHandlers() with the services they want.
 */
import type { Handlers, Profile, SecretStatus, TokenInfo } from '../shared/api';
import { invalidatingLanes } from '../shared/api';
import { lookupErrcode, searchErrcodes } from '../shared/errcodes';
import { WxcredError, validationError } from '../shared/errors';
import { apiBaseOverride, resolveApiBase, type Env } from './apiBase';
import { secretHint } from './vault/secretHint';
import type { ProfileStore, SecretStore } from './vault/types';
import type { AppTarget, FetchedToken, TokenService } from './wechat/types';

export interface HandlerDeps {
  profiles: ProfileStore;
  secrets: SecretStore;
  tokens: TokenService;
  env: Env;
  mode: 'electron' | 'web';
  version: string;
  notices?: () => string[];
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const { profiles, secrets, tokens, env } = deps;

  async function profileOrThrow(id: string): Promise<Profile> {
    const profile = await profiles.get(id);
    if (!profile) throw validationError('No app with that id; it may have been deleted.', 'profileId');
    return profile;
  }

  const targetOf = (profile: Profile): AppTarget => ({
    profileId: profile.id,
    appid: profile.appid,
    apiBase: resolveApiBase(profile, env),
    proxy: profile.proxy,
  });

  async function statusOf(appid: string): Promise<SecretStatus> {
    const secret = await secrets.get(appid);
    return secret ? { stored: true, hint: secretHint(secret) } : { stored: false, hint: null };
  }

  /** The secret for one fetch; only the token service calls this, and only on a cache miss. */
  const secretLoader = (profile: Profile) => async (): Promise<string> => {
    const secret = await secrets.get(profile.appid);
    if (!secret) {
      throw new WxcredError({
        kind: 'keychain',
        reason: 'no-secret',
        message: `No AppSecret is stored for ${profile.label} (${profile.appid}). Save it on the app page first.`,
      });
    }
    return secret;
  };

  const tokenInfo = (profile: Profile, token: FetchedToken): TokenInfo => ({
    profileId: profile.id,
    appid: profile.appid,
    ...token,
  });

  return {
    async appInfo() {
      await profiles.list(); // loads the file, so a corrupt-file notice is known before we report
      return { version: deps.version, mode: deps.mode, apiBaseOverride: apiBaseOverride(env), notices: deps.notices?.() ?? [] };
    },
    listProfiles: () => profiles.list(),
    saveProfile: (input) => profiles.save(input),
    async deleteProfile({ profileId }) {
      const profile = await profileOrThrow(profileId);
      await profiles.delete(profileId);
      // The secret belongs to the appid, and an appid has at most one profile.
      await secrets.delete(profile.appid);
      return { deleted: true };
    },
    async secretStatus({ profileId }) {
      return statusOf((await profileOrThrow(profileId)).appid);
    },
    async setSecret({ profileId, secret }) {
      const profile = await profileOrThrow(profileId);
      await secrets.set(profile.appid, secret);
      return { stored: true, hint: secretHint(secret) };
    },
    async deleteSecret({ profileId }) {
      const profile = await profileOrThrow(profileId);
      await secrets.delete(profile.appid);
      return { stored: false, hint: null };
    },
    async getToken({ profileId, lane, confirmInvalidate }) {
      const profile = await profileOrThrow(profileId);
      if (invalidatingLanes.includes(lane) && !confirmInvalidate) {
        throw validationError(
          `The ${lane} lane makes WeChat issue a new token, and the token your servers hold stops working. ` +
            'Confirm that you want this (confirmInvalidate: true).',
          'confirmInvalidate',
        );
      }
      const token = await tokens.get(targetOf(profile), lane, secretLoader(profile));
      return tokenInfo(profile, token);
    },
    async cachedToken({ profileId, lane }) {
      const profile = await profileOrThrow(profileId);
      const token = tokens.peek(targetOf(profile), lane);
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
