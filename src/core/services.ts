/**
 * Wires the real services together for the three hosts (Electron, web mode, CLI). Electron-free:
 * each host passes its own folder, environment and mode.
 */
import { join } from 'node:path';
import type { Handlers } from '../contract';
import type { SimulatorHost } from './handlers/context';
import { WxcredError } from '../contract/errors';
import { createAutoRefresher } from './token/autoRefresh';
import { createHandlers } from './handlers/index';
import { createContext } from './handlers/context';
import type { Env } from './wechat/apiBase';
import { createSettingsStore, netOptionsOf, refreshMarginMsOf } from './store/settings';
import { createTokenStats } from './token/tokenStats';
import { createKeytarSecretStore } from './keychain/secretStore';
import { createProfileStore } from './store/profileStore';
import type { SecretStore } from './store/types';
import { createTokenService, type Timers } from './token/tokenService';
import { createKeytarTokenVault, type TokenVault } from './token/tokenVault';
import { createRequestLog } from './log/requestLog';

export interface ServiceOptions {
  userDataDir: string;
  env: Env;
  mode: 'electron' | 'web' | 'cli';
  version: string;
  /** Tests may pass a store backed by a throwaway keyring service name. */
  secrets?: SecretStore;
  /** Where tokens outlive a restart; the keychain (service "wxcred-tokens") unless given. */
  tokenVault?: TokenVault;
  clock?: () => number;
  timers?: Timers;
  /** Background refresh for apps that opted in (default on). */
  autoRefresh?: boolean;
  /** Where a failed background refresh is reported (default console.warn). */
  onBackgroundError?: (message: string) => void;
  /** The WeChat simulator the host started (startSimulator), for profiles on the simulator domain. */
  simulator?: SimulatorHost | null;
}

export interface Services {
  handlers: Handlers;
  notices: () => string[];
  close: () => Promise<void>;
}

export function createServices(options: ServiceOptions): Services {
  const dir = options.userDataDir;
  const clock = options.clock ?? Date.now;
  const profiles = createProfileStore({ dir, clock });
  const secrets = options.secrets ?? createKeytarSecretStore();
  const settings = createSettingsStore({ dir, clock });
  const log = createRequestLog({ clock });
  const tokens = createTokenService({
    env: options.env,
    log,
    clock,
    timers: options.timers,
    // Read at every call: a saved setting applies from the next call on.
    net: () => netOptionsOf(settings.get()),
    refreshMarginMs: () => refreshMarginMsOf(settings.get()),
    stats: createTokenStats({ dir, clock }),
    vault: options.tokenVault ?? createKeytarTokenVault(),
  });
  const notices = () => [...profiles.notices(), ...settings.notices(), ...tokens.notices()];
  const deps = {
    profiles,
    secrets,
    tokens,
    log,
    settings,
    clock,
    env: options.env,
    mode: options.mode,
    version: options.version,
    notices,
    simulator: options.simulator ?? null,
  };
  const handlers = createHandlers(deps);

  const report = options.onBackgroundError ?? ((message: string) => console.warn(`[wxcred] ${message}`));
  const ctx = createContext(deps);
  const refresher = createAutoRefresher({
    profiles,
    tokens,
    targetOf: ctx.targetOf,
    secretLoader: ctx.secretLoader,
    clock,
    timers: options.timers,
    onError: (profile, error) => {
      const what = error instanceof WxcredError ? error.message : String(error);
      report(`auto-refresh${profile ? ` of ${profile.label} (${profile.appid})` : ''} failed: ${what}`);
    },
  });
  if (options.autoRefresh !== false) refresher.start();

  return {
    handlers,
    notices,
    close: async () => {
      refresher.stop();
      await tokens.close();
    },
  };
}

/**
 * The simulator a host (Electron, web mode) runs beside the app: the demo apps only, on a free
 * loopback port. Starting it costs one listening socket; nothing is sent anywhere.
 */
export async function startSimulator(port = 0): Promise<SimulatorHost & { close(): Promise<void> }> {
  const { startFakeWechat } = await import('./simulator/index');
  const sim = await startFakeWechat({ apps: [], demo: true, port });
  return { url: sim.url, close: () => sim.close() };
}

export const defaultUserDataDir = (home: string, platform: NodeJS.Platform, env: Env): string => {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'wxcred');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'wxcred');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'wxcred');
};
