/** AppSecrets in the OS keychain: service "wxcred", account = appid, through the one keychain adapter. */
import type { SecretStore } from '../store/types';
import { sharedKeychain, type Keychain } from './keychain';

export interface KeytarSecretStoreOptions {
  /** Keychain service name; the account is the appid. */
  service?: string;
  /** The adapter to use; by default the process's shared one. */
  keychain?: Keychain;
}

export const SECRET_SERVICE = 'wxcred';

export function createKeytarSecretStore(options: KeytarSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? SECRET_SERVICE;
  const keychain = (): Keychain => options.keychain ?? sharedKeychain();
  return {
    get: (appid) => keychain().get(service, appid),
    set: (appid, secret) => keychain().set(service, appid, secret),
    delete: (appid) => keychain().delete(service, appid),
  };
}
