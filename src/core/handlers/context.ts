/**
 * What every feature's handlers share: the services, plus the few lookups they all need
 * (profile by id, where its calls go, how to load its secret on a cache miss).
 */
import type { AppInfo, Profile } from '../../contract';
import { WxcredError, validationError } from '../../contract/errors';
import { resolveApiBase } from '../wechat/apiBase';
import { boundSecret } from '../keychain/secretBinding';
import type { Env } from '../wechat/route';
import type { RequestLog } from '../log/requestLog';
import type { ClearQuotaLedger } from '../store/clearQuotaLedger';
import { createMemorySettingsStore, type SettingsStore } from '../store/settings';
import type { ProfileStore, SecretStore } from '../store/types';
import type { WechatTokenService } from '../token/tokenService';
import { createTicketService, type TicketService } from '../jssdk/ticketService';
import type { AppTarget } from '../wechat/types';

export interface HandlerDeps {
  profiles: ProfileStore;
  secrets: SecretStore;
  tokens: WechatTokenService;
  log: RequestLog;
  env: Env;
  mode: AppInfo['mode'];
  version: string;
  notices?: () => string[];
  clock?: () => number;
  /** The user's settings; in memory (defaults) when the host keeps none, e.g. the CLI. */
  settings?: SettingsStore;
  /** JS-SDK tickets; in memory on the given token engine when the host keeps none. */
  tickets?: TicketService;
  /** clear_quota calls per app; in memory when the host keeps no user-data folder. */
  clearQuota?: ClearQuotaLedger;
  /** The server URL lab's live check: WeChat's 5 s deadline and the system's CAs unless a test says otherwise. */
  callbackLive?: { deadlineMs?: number; ca?: string };
  /** The WeChat simulator this host runs on loopback, if it runs one (Electron and web mode do). */
  simulator?: SimulatorHost | null;
}

export interface SimulatorHost {
  /** Base URL, e.g. http://127.0.0.1:41234. */
  url: string;
}

export interface HandlerContext extends HandlerDeps {
  clock: () => number;
  settings: SettingsStore;
  tickets: TicketService;
  profileOrThrow(id: string): Promise<Profile>;
  targetOf(profile: Profile): AppTarget;
  /** The secret for one fetch; only called on a cache miss, never returned anywhere. */
  secretLoader(profile: Profile): () => Promise<string>;
}

export function createContext(deps: HandlerDeps): HandlerContext {
  return {
    ...deps,
    clock: deps.clock ?? Date.now,
    settings: deps.settings ?? createMemorySettingsStore(),
    tickets: deps.tickets ?? createTicketService({ tokens: deps.tokens, clock: deps.clock }),
    async profileOrThrow(id) {
      const profile = await deps.profiles.get(id);
      if (!profile) throw validationError('No app with that id; it may have been deleted.', 'profileId');
      return profile;
    },
    targetOf: (profile) => ({
      profileId: profile.id,
      appid: profile.appid,
      apiBase: resolveApiBase(profile, deps.env, deps.simulator?.url ?? null),
      proxy: deps.profiles.routeProxy?.(profile) ?? profile.proxy,
    }),
    secretLoader: (profile) => async () => {
      const bound = await boundSecret(deps.secrets, profile);
      if (bound.state === 'elsewhere') {
        throw new WxcredError({
          kind: 'keychain',
          reason: 'no-secret',
          message: `The AppSecret in the keychain for ${profile.appid} was saved for another API base or proxy, so it is not sent to this one. Save it again on the app page to use it here.`,
        });
      }
      if (bound.state === 'none') {
        throw new WxcredError({
          kind: 'keychain',
          reason: 'no-secret',
          message: `No AppSecret is stored for ${profile.label} (${profile.appid}). Save it on the app page first.`,
        });
      }
      deps.log.sensitive.add(bound.secret, 'secret');
      return bound.secret;
    },
  };
}
