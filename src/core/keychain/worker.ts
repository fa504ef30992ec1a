/**
 * The keychain helper: runs keytar in a process of its own, so a native crash (keytar's
 * findCredentials segfaults on a locked keyring) or a call stuck on a stopped daemon costs this
 * helper, never the app. Its whole surface is `runKeychainWorker(port)`; the entry file only
 * hands it the process's message port, so a one-file bundle can embed it as it is.
 */
import type { CollectionState, KeychainReply, KeychainRequest } from './protocol';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}

export interface WorkerPort {
  onMessage(listener: (message: unknown) => void): void;
  send(message: KeychainReply): void;
}

let keytar: Promise<Keytar> | null = null;
const loadKeytar = (): Promise<Keytar> =>
  (keytar ??= import('keytar').then((mod) => ((mod as { default?: Keytar }).default ?? mod) as Keytar));

/**
 * Asks the Secret Service whether the default collection is locked or missing. libsecret answers
 * a read of a locked keyring with "nothing stored" (or crashes, for findCredentials), so the
 * state must be asked for before it is believed. Unknown (no dbus-send, another provider that
 * does not answer) means: carry on and let keytar speak.
 */
function collectionState(): Promise<CollectionState | null> {
  if (process.platform !== 'linux' || !process.env.DBUS_SESSION_BUS_ADDRESS) return Promise.resolve(null);
  const args = [
    '--session',
    '--print-reply=literal',
    '--reply-timeout=2000',
    '--dest=org.freedesktop.secrets',
    '/org/freedesktop/secrets/aliases/default',
    'org.freedesktop.DBus.Properties.Get',
    'string:org.freedesktop.Secret.Collection',
    'string:Locked',
  ];
  return new Promise((resolve) => {
    // Required here, not at import: the CLI imports this module to be its own helper, and a
    // check that never needs the keychain should not load node:child_process.
    const { execFile } = process.getBuiltinModule('node:child_process');
    execFile('dbus-send', args, { timeout: 3000 }, (error, stdout, stderr) => {
      const text = `${stdout}\n${stderr}`;
      if (/boolean true/.test(text)) resolve('locked');
      else if (error && /Object does not exist|No such object/i.test(text)) resolve('no-collection');
      else resolve(null);
    });
  });
}

async function run(request: KeychainRequest, k: Keytar): Promise<unknown> {
  switch (request.op) {
    case 'get': {
      const value = await k.getPassword(request.service, request.account);
      if (value === null) await refuseIfUnusable();
      return value;
    }
    case 'set':
      await k.setPassword(request.service, request.account, request.password);
      return null;
    case 'delete': {
      const deleted = await k.deletePassword(request.service, request.account);
      if (!deleted) await refuseIfUnusable();
      return deleted;
    }
    case 'find':
      // Asked first: on a locked keyring this very call is the one that crashes.
      await refuseIfUnusable();
      return k.findCredentials(request.service);
  }
}

class StateError extends Error {
  constructor(readonly state: CollectionState) {
    super(state === 'locked' ? 'the default keyring is locked' : 'there is no default keyring (login collection)');
  }
}

async function refuseIfUnusable(): Promise<void> {
  const state = await collectionState();
  if (state) throw new StateError(state);
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function isRequest(message: unknown): message is KeychainRequest {
  return typeof message === 'object' && message !== null && typeof (message as { id?: unknown }).id === 'number';
}

export function runKeychainWorker(port: WorkerPort): void {
  port.onMessage((message) => {
    if (!isRequest(message)) return;
    const { id } = message;
    loadKeytar().then(
      (k) =>
        run(message, k).then(
          (value) => port.send({ id, ok: true, value }),
          (error: unknown) =>
            port.send(
              error instanceof StateError
                ? { id, ok: false, message: error.message, state: error.state }
                : { id, ok: false, message: messageOf(error) },
            ),
        ),
      (error: unknown) => {
        keytar = null;
        const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
        port.send({ id, ok: false, message: `${messageOf(error)}${cause}`, loadFailed: true });
      },
    );
  });
}

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

/** Answers the parent that forked this process (child_process.fork or Electron's utilityProcess). */
export function serveKeychainParent(): void {
  const parentPort = (process as { parentPort?: ParentPort }).parentPort;
  const port: WorkerPort = parentPort
    ? {
        onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
        send: (message) => parentPort.postMessage(message),
      }
    : {
        onMessage: (listener) => process.on('message', listener),
        send: (message) => process.send?.(message),
      };
  // The parent went away (exited, crashed, or closed us): nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
  runKeychainWorker(port);
}
