/**
 * Wires the real services together for the three hosts (Electron, web mode, CLI). Electron-free:
 * each host passes its own folder, environment and mode.
 */
import { join } from 'node:path';
import type { Handlers } from '../shared/api';
import { createHandlers } from './handlers';
import type { Env } from './apiBase';
import { createKeytarSecretStore } from './vault/keytarSecretStore';
import { createProfileStore } from './vault/profileStore';
import type { SecretStore } from './vault/types';
import { createTokenService } from './wechat/tokenService';
import { createRequestLog } from './history';

export interface ServiceOptions {
  userDataDir: string;
  env: Env;
  mode: 'electron' | 'web' | 'cli';
  version: string;
  /** Tests may pass a store backed by a throwaway keyring service name. */
  secrets?: SecretStore;
}

export interface Services {
  handlers: Handlers;
  notices: () => string[];
  close: () => Promise<void>;
}

export function createServices(options: ServiceOptions): Services {
  const profiles = createProfileStore({ dir: options.userDataDir });
  const secrets = options.secrets ?? createKeytarSecretStore();
  const log = createRequestLog({});
  const tokens = createTokenService({ env: options.env, log });
  const handlers = createHandlers({
    profiles,
    secrets,
    tokens,
    log,
    env: options.env,
    mode: options.mode,
    version: options.version,
    notices: () => profiles.notices(),
  });
  return {
    handlers,
    notices: () => profiles.notices(),
    close: async () => tokens.close(),
  };
}

export const defaultUserDataDir = (home: string, platform: NodeJS.Platform, env: Env): string => {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'wxcred');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'wxcred');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'wxcred');
};
