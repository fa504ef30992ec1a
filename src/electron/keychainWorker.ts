/**
 * The keychain helper under Electron: a utilityProcess (a Node child Electron manages and shows
 * in its task manager) running the same worker entry the CLI forks.
 */
import { join } from 'node:path';
import { utilityProcess } from 'electron';
import { WORKER_FILE, type SpawnWorker } from '../core/keychain/keychain';
import type { KeychainRequest } from '../core/keychain/protocol';

/** `mainDir` is the folder of the built main entry (out/main), where the helper is built too. */
export function utilityKeychainWorker(mainDir: string): SpawnWorker {
  const path = join(mainDir, WORKER_FILE);
  return () => {
    const child = utilityProcess.fork(path, [], { serviceName: 'wxcred keychain', stdio: 'ignore' });
    return {
      send: (message: KeychainRequest) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code) => listener(code, null)),
      kill: () => {
        child.kill();
      },
      // The app's lifetime is Electron's, not the event loop's: nothing to ref or unref.
      ref: () => undefined,
      unref: () => undefined,
    };
  };
}
