/**
 * THE composition root: every host (the Electron shell, web mode, the CLI, the tests, the bench)
 * gets its services here, so the rules that live in their wiring — the 30 s forced-refresh guard,
 * the daily counts, the user's settings, the token vault — are the same everywhere. A host says
 * what it is and where its user-data folder is; what differs between hosts is in `hostDefaults`.
 */
import { join } from 'node:path';
import type { AppInfo, Handlers } from '../contract';
import type { SimulatorHost } from './handlers/context';
import { WxcredError } from '../contract/errors';
import { createAutoRefresher } from './token/autoRefresh';
import { createHandlers } from './handlers/index';
import { createContext, type HandlerDeps } from './handlers/context';
import type { Env } from './wechat/route';
import { createMemorySettingsStore, createSettingsStore, netOptionsOf, refreshMarginMsOf } from './store/settings';
import { createTokenStats } from './token/tokenStats';
import { createKeytarSecretStore } from './keychain/secretStore';
import { createKeychain, type Keychain, type SpawnWorker } from './keychain/keychain';
import { INSTALL_KEY_SERVICE, loadInstallKey } from './keychain/installKey';
import { createProfileStore } from './store/profileStore';
import { createEphemeralProfileStore, createEphemeralSecretStore } from './store/memoryStores';
import type { ProfileStore, SecretStore } from './store/types';
import { createTokenService, type Timers, type WechatTokenService } from './token/tokenService';
import { createKeytarTokenVault, type TokenVault } from './token/tokenVault';
import { createRequestLog, type RequestLog } from './log/requestLog';
import type { SensitiveRegistry } from './log/sensitive';
import { createKeytarTicketVault, createTicketService, type TicketVault } from './jssdk/ticketService';

/**
 * electron, web: a desktop session (profiles, settings, token counts on disk; secrets and tokens in
 * the keychain; background refresh). cli: one short command (settings and token counts on disk so
 * they carry across runs; the profile is the command's own copy; tokens die with the process).
 * test: everything in memory unless given, no background refresh.
 */
export type Host = 'electron' | 'web' | 'cli' | 'test';
import { createClearQuotaLedger } from './store/clearQuotaLedger';

export interface ServiceOptions {
  host: Host;
  /** Where profiles.json, settings.json and token-stats.json live; null keeps them in memory. */
  userDataDir: string | null;
  env: Env;
  version: string;
  /** What appInfo reports; the host itself unless a test stands in for another one. */
  mode?: AppInfo['mode'];
  /** The CLI passes its one-run copy; tests an in-memory store. Default: profiles.json (or memory). */
  profiles?: ProfileStore;
  /** Default: the OS keychain, or memory for the test host. */
  secrets?: SecretStore;
  /** Where tokens outlive a restart; null: nowhere. Default: the keychain for electron and web. */
  tokenVault?: TokenVault | null;
  /** Where JS-SDK tickets outlive a restart; null: nowhere. Default: the keychain for electron and web. */
  ticketVault?: TicketVault | null;
  /** Proxy user:password per profile; the keychain (service "wxcred-proxy") unless given, memory for the test host. */
  proxySecrets?: SecretStore;
  /** Holds the key tokens are tied to their secret with; the keychain (service "wxcred-install") unless given, memory for the test host. */
  installSecrets?: SecretStore;
  /** How the keychain helper process is started (Electron passes utilityProcess.fork); child_process.fork otherwise. */
  spawnKeychainWorker?: SpawnWorker;
  clock?: () => number;
  timers?: Timers;
  /** Background refresh for apps that opted in (default: on for electron and web). */
  autoRefresh?: boolean;
  /** The registry the log learns secrets into; the CLI passes its own, so its output is scrubbed too. */
  sensitive?: SensitiveRegistry;
  /** Where a failed background refresh is reported (default console.warn). */
  onBackgroundError?: (message: string) => void;
  /** The server URL lab's live check; tests trust their own CA or shorten the 5 s deadline. */
  callbackLive?: { deadlineMs?: number; ca?: string };
  /** The WeChat simulator the host started (startSimulator), for profiles on the simulator domain. */
  simulator?: SimulatorHost | null;
}

export interface Services {
  handlers: Handlers;
  tokens: WechatTokenService;
  log: RequestLog;
  notices: () => string[];
  close: () => Promise<void>;
}

interface HostDefaults {
  secrets: (keychain: Keychain) => SecretStore;
  tokenVault: (keychain: Keychain) => TokenVault | null;
  ticketVault: (keychain: Keychain) => TicketVault | null;
  autoRefresh: boolean;
}

const desktop: HostDefaults = {
  secrets: (keychain) => createKeytarSecretStore({ keychain }),
  tokenVault: (keychain) => createKeytarTokenVault({ keychain }),
  ticketVault: (keychain) => createKeytarTicketVault({ keychain }),
  autoRefresh: true,
};
const none = () => null;

const hostDefaults: Record<Host, HostDefaults> = {
  electron: desktop,
  web: desktop,
  cli: { secrets: (keychain) => createKeytarSecretStore({ keychain }), tokenVault: none, ticketVault: none, autoRefresh: false },
  test: { secrets: () => createEphemeralSecretStore(), tokenVault: none, ticketVault: none, autoRefresh: false },
};

export function createServices(options: ServiceOptions): Services {
  const defaults = hostDefaults[options.host];
  const dir = options.userDataDir;
  const clock = options.clock ?? Date.now;
  // One keychain helper for everything this host keeps there.
  const keychain: Keychain = createKeychain({ spawnWorker: options.spawnKeychainWorker });
  const inKeychain = (service?: string): SecretStore =>
    options.host === 'test' ? createEphemeralSecretStore() : createKeytarSecretStore({ keychain, service });
  const proxySecrets = options.proxySecrets ?? inKeychain(PROXY_SECRET_SERVICE);
  const installSecrets = options.installSecrets ?? inKeychain(INSTALL_KEY_SERVICE);
  const profiles =
    options.profiles ?? (dir === null ? createEphemeralProfileStore({ clock }) : createProfileStore({ dir, clock, proxySecrets }));
  const secrets = options.secrets ?? defaults.secrets(keychain);
  const settings = dir === null ? createMemorySettingsStore() : createSettingsStore({ dir, clock });
  const log = createRequestLog({ clock, sensitive: options.sensitive });
  const vault = options.tokenVault === undefined ? defaults.tokenVault(keychain) : options.tokenVault;
  const ticketVault = options.ticketVault === undefined ? defaults.ticketVault(keychain) : options.ticketVault;
  const tokens = createTokenService({
    env: options.env,
    log,
    clock,
    timers: options.timers,
    // Read at every call: a saved setting applies from the next call on.
    net: () => netOptionsOf(settings.get()),
    refreshMarginMs: () => refreshMarginMsOf(settings.get()),
    stats: createTokenStats({ dir: dir ?? undefined, clock }),
    vault: vault ?? undefined,
    // The install key ties persisted tokens and tickets to their secret across restarts. With
    // neither kept (the CLI), the service's own per-process key does the job, and a command whose
    // secret comes from the environment never starts the keychain helper.
    fingerprintKey: vault || ticketVault ? () => loadInstallKey(installSecrets) : undefined,
  });
  const tickets = createTicketService({ tokens, clock, timers: options.timers, vault: ticketVault ?? undefined });
  const clearQuota = createClearQuotaLedger({ dir: dir ?? undefined, clock });
  const notices = () => [
    ...(profiles.notices?.() ?? []),
    ...settings.notices(),
    ...tokens.notices(),
    ...tickets.notices(),
    ...clearQuota.notices(),
  ];
  const deps: HandlerDeps = {
    profiles,
    secrets,
    tokens,
    tickets,
    clearQuota,
    log,
    settings,
    clock,
    env: options.env,
    mode: options.mode ?? (options.host === 'test' ? 'web' : options.host),
    version: options.version,
    notices,
    callbackLive: options.callbackLive,
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
  if (options.autoRefresh ?? defaults.autoRefresh) refresher.start();

  return {
    handlers,
    tokens,
    log,
    notices,
    close: async () => {
      refresher.stop();
      await tickets.close();
      await Promise.all([tokens.close(), clearQuota.flush()]);
      keychain.close();
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

export const PROXY_SECRET_SERVICE = 'wxcred-proxy';

/** The OS's per-user application-data folder for wxcred (what Electron's userData resolves to). */
export const defaultUserDataDir = (home: string, platform: NodeJS.Platform, env: Env): string => {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'wxcred');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'wxcred');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'wxcred');
};

/** `--user-data DIR`, else WXCRED_USER_DATA, else the OS default: the same folder for web mode and the CLI. */
export function userDataDirFrom(flag: string | undefined, env: Env, home: string, platform: NodeJS.Platform): string {
  return flag?.trim() || env.WXCRED_USER_DATA?.trim() || defaultUserDataDir(home, platform, env);
}
