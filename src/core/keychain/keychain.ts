/**
 * The one keychain adapter: AppSecrets (service "wxcred") and cached tokens ("wxcred-tokens")
 * both go through it. Every call runs in a helper process (see worker.ts) under a hard deadline;
 * a helper that stalls is killed, one that dies is replaced, and either becomes a typed keychain
 * error with advice. The helper never keeps the host alive while it idles.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WxcredError, type KeychainReason } from '../../contract/errors';
import type { KeychainReply, KeychainRequest } from './protocol';
import { optionalDependencies } from '../../../package.json';

/** The helper process as the adapter sees it; fork() and utilityProcess.fork() both fit. */
export interface WorkerHandle {
  send(message: KeychainRequest): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
  /** Keep the host alive while calls are pending; let it exit while the helper idles. */
  ref(): void;
  unref(): void;
}
export type SpawnWorker = () => WorkerHandle;

export interface Keychain {
  get(service: string, account: string): Promise<string | null>;
  set(service: string, account: string, password: string): Promise<void>;
  delete(service: string, account: string): Promise<boolean>;
  find(service: string): Promise<{ account: string; password: string }[]>;
  /** Ends the helper; a later call starts a new one. */
  close(): void;
}

export interface KeychainOptions {
  spawnWorker?: SpawnWorker;
  /** Per call, including starting the helper. */
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

/** keytar itself is absent or unbuilt (it is optional: npm install -g, the one file and the executable may lack it). */
const KEYTAR_MISSING = /Cannot find (module|package)|MODULE_NOT_FOUND|Could not locate the bindings|keytar\.node/i;
const KEYTAR_INSTALL_ADVICE =
  'keytar, the optional module wxcred reads the keychain with, is not installed (or not built) next to this wxcred. ' +
  'Without it, pass the AppSecret with --secret-env VAR or --secret-stdin instead of --profile. ' +
  `To use --profile, run "npm install --allow-scripts=keytar keytar@${optionalDependencies.keytar}" in the folder that holds ` +
  'wxcred.mjs or the executable, or reinstall with "npm install -g --allow-scripts=keytar" (npm 11 skips build scripts it was not allowed to run).';

export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5000;
export const WORKER_FILE = 'keychainWorker.js';

/**
 * Where the built helper sits: next to the entry that runs (out/main/cli.js, index.js, web.js),
 * which is this module's folder or its parent when the bundler put it in a chunk. Running from
 * sources (tests), the build's copy is used. WXCRED_KEYCHAIN_WORKER names another file.
 */
export function resolveWorkerPath(env: Record<string, string | undefined> = process.env): string | null {
  if (env.WXCRED_KEYCHAIN_WORKER) return env.WXCRED_KEYCHAIN_WORKER;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, WORKER_FILE), join(here, '..', WORKER_FILE), join(here, '..', '..', '..', 'out', 'main', WORKER_FILE)];
  return candidates.find((path) => existsSync(path)) ?? null;
}

/** The helper as a Node child process: for the CLI, web mode and tests. */
export function forkWorker(path: string, env?: NodeJS.ProcessEnv): SpawnWorker {
  return () => {
    // Loaded when a helper is first needed, not with this module: node:child_process is about
    // 2 MiB of a `wxcred check --secret-env` that never touches the keychain.
    const { fork } = process.getBuiltinModule('node:child_process');
    // No stdio of ours: a helper must not print into the CLI's output.
    const child = fork(path, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'json', env: env ?? process.env });
    const channel = () => (child as { channel?: { ref(): void; unref(): void } | null }).channel;
    return {
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => {
        child.on('exit', (code, signal) => listener(code, signal));
        child.on('error', () => listener(null, null));
      },
      kill: () => {
        child.kill('SIGKILL');
      },
      ref: () => {
        child.ref();
        channel()?.ref();
      },
      unref: () => {
        child.unref();
        channel()?.unref();
      },
    };
  };
}

const keychainError = (reason: KeychainReason, message: string): WxcredError => new WxcredError({ kind: 'keychain', reason, message });

/** What to do, per reason, in the words of each platform. */
export function keychainAdvice(reason: KeychainReason, platform: NodeJS.Platform): string {
  if (platform === 'darwin') {
    return reason === 'locked'
      ? 'Unlock the login keychain in Keychain Access and allow wxcred when macOS asks.'
      : 'Open Keychain Access, make sure the login keychain exists and is unlocked, and allow wxcred when macOS asks.';
  }
  if (platform === 'win32') {
    return 'Open Credential Manager (Control Panel → Credential Manager → Windows Credentials) and make sure it works for your user; wxcred needs an interactive logon session.';
  }
  switch (reason) {
    case 'locked':
      return 'Unlock the keyring (Seahorse "Passwords and Keys", or log in to the desktop session), then try again. wxcred never falls back to storing secrets elsewhere.';
    case 'no-daemon':
      return (
        'wxcred stores AppSecrets through the Secret Service (D-Bus). Make sure a D-Bus session is running ' +
        '(DBUS_SESSION_BUS_ADDRESS is set; over SSH or in a container use dbus-run-session) and a Secret Service provider ' +
        'is installed and started: gnome-keyring (packages gnome-keyring and libsecret-1-0 on Debian/Ubuntu), KWallet or KeePassXC.'
      );
    case 'no-collection':
      return 'The Secret Service has no default keyring. Create one (Seahorse → File → New → Password Keyring, set it as default), or start gnome-keyring with --unlock once so it creates the login keyring.';
    case 'crashed':
      return 'The keychain helper process died (the system keychain library crashed). A locked or damaged keyring is the usual cause: unlock it, or restart the keyring daemon, and try again.';
    case 'timeout':
      return 'The keyring daemon did not answer: it may be stopped, hung, or waiting for an unlock prompt that cannot be shown. Restart it (e.g. gnome-keyring-daemon --replace) and try again.';
    default:
      return (
        'Make sure a Secret Service provider (gnome-keyring, KWallet, KeePassXC) is running in your D-Bus session and unlocked ' +
        '(packages gnome-keyring and libsecret-1-0 on Debian/Ubuntu).'
      );
  }
}

const patterns: [Exclude<KeychainReason, 'timeout' | 'crashed' | 'no-secret' | 'other'>, RegExp][] = [
  ['no-daemon', /autolaunch D-?Bus|was not provided by any \.service files|ServiceUnknown|NoServer|Could not connect|Failed to connect to socket|no keychain/i],
  ['no-collection', /Object does not exist at path|No such object|keychain could not be found|logon session does not exist/i],
  ['locked', /locked (collection|object|item)|\bis locked\b|cancel(l)?ed|dismissed|user interaction is not allowed/i],
];

/** Which of our reasons a keychain library's message means. */
export function classifyKeychainMessage(message: string): KeychainReason {
  return patterns.find(([, pattern]) => pattern.test(message))?.[0] ?? 'other';
}

/** Removes every copy of a password from text the keychain library produced. */
export function scrubKeychainText(text: string, secrets: readonly string[]): string {
  let clean = text;
  // Before any reshaping: truncating or collapsing whitespace first could leave part of a secret behind.
  for (const secret of secrets) {
    if (!secret) continue;
    clean = clean.split(secret).join('[redacted]');
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) clean = clean.split(escaped).join('[redacted]');
  }
  clean = clean.replace(/\s+/g, ' ').trim();
  return clean.length > 500 ? `${clean.slice(0, 500)}…` : clean;
}

/** A request before it gets its id (Omit on each member, so the union stays a union). */
type RequestBody = KeychainRequest extends infer R ? (R extends KeychainRequest ? Omit<R, 'id'> : never) : never;

interface Pending {
  resolve(value: unknown): void;
  reject(error: WxcredError): void;
  request: KeychainRequest;
  timer: ReturnType<typeof setTimeout>;
}

const doing: Record<KeychainRequest['op'], string> = { get: 'reading', set: 'storing', delete: 'deleting', find: 'listing' };

function describe(request: KeychainRequest): string {
  const what = request.op === 'find' ? `the entries of "${request.service}"` : `"${request.service}" / ${request.account}`;
  return `${doing[request.op]} ${what}`;
}

let shared: Keychain | null = null;
/** One helper per process unless a host builds its own: secrets and tokens share it. */
export function sharedKeychain(): Keychain {
  return (shared ??= createKeychain());
}

let defaultSpawnWorker: SpawnWorker | null = null;

/**
 * How keychains without a spawnWorker of their own start their helper. The CLI sets this: as one
 * file or a single executable it has no keychainWorker.js beside it, so it forks itself.
 */
export function setDefaultSpawnWorker(spawn: SpawnWorker | null): void {
  defaultSpawnWorker = spawn;
}

export function createKeychain(options: KeychainOptions = {}): Keychain {
  const timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
  const platform = options.platform ?? process.platform;
  const spawn =
    options.spawnWorker ??
    defaultSpawnWorker ??
    (() => {
      const path = resolveWorkerPath();
      if (!path) {
        throw keychainError('unavailable', `The keychain helper (${WORKER_FILE}) was not found next to wxcred; the build is incomplete. Run npm run build.`);
      }
      return forkWorker(path)();
    });

  let worker: WorkerHandle | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function settle(id: number): Pending | undefined {
    const call = pending.get(id);
    if (!call) return undefined;
    clearTimeout(call.timer);
    pending.delete(id);
    if (pending.size === 0) worker?.unref();
    return call;
  }

  function failAll(make: (request: KeychainRequest) => WxcredError): void {
    for (const id of [...pending.keys()]) {
      const call = settle(id);
      call?.reject(make(call.request));
    }
  }

  function stop(): void {
    const current = worker;
    worker = null;
    current?.kill();
  }

  function start(): WorkerHandle {
    const handle = spawn();
    handle.onMessage((message) => onReply(message as KeychainReply));
    handle.onExit((code, signal) => {
      // A helper we killed ourselves (deadline, close) has already failed its calls; the calls
      // pending now belong to its successor.
      if (worker !== handle) return;
      worker = null;
      const how = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      failAll((request) =>
        keychainError('crashed', `The keychain helper stopped (${how}) while ${describe(request)}. ${keychainAdvice('crashed', platform)}`),
      );
    });
    handle.unref();
    return handle;
  }

  function onReply(reply: KeychainReply): void {
    if (typeof reply !== 'object' || reply === null || typeof reply.id !== 'number') return;
    const call = settle(reply.id);
    if (!call) return;
    if (reply.ok) return call.resolve(reply.value);
    const secrets = call.request.op === 'set' ? [call.request.password] : [];
    const detail = scrubKeychainText(reply.message, secrets);
    if (reply.loadFailed) {
      const missing = KEYTAR_MISSING.test(detail);
      return call.reject(
        keychainError(
          'unavailable',
          missing ? KEYTAR_INSTALL_ADVICE : `The system keychain module could not be loaded (${detail}). ${keychainAdvice('no-daemon', platform)}`,
        ),
      );
    }
    const reason = reply.state ?? classifyKeychainMessage(detail);
    const lead =
      reason === 'locked'
        ? 'The system keychain is locked'
        : reason === 'no-daemon'
          ? 'No system keychain service is reachable'
          : reason === 'no-collection'
            ? 'The system keychain has no default keyring'
            : 'The system keychain failed';
    call.reject(keychainError(reason, `${lead} while ${describe(call.request)} (${detail}). ${keychainAdvice(reason, platform)}`));
  }

  function request<T>(body: RequestBody): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const message = { ...body, id } as KeychainRequest;
      let handle: WorkerHandle;
      try {
        handle = worker ??= start();
      } catch (error) {
        reject(error instanceof WxcredError ? error : keychainError('crashed', `The keychain helper could not be started (${String(error)}).`));
        return;
      }
      // A stalled helper is killed, never waited on: its native call may never return.
      const timer = setTimeout(() => {
        if (!pending.has(id)) return;
        failAll((r) =>
          keychainError(
            'timeout',
            `The system keychain did not answer within ${formatMs(timeoutMs)} while ${describe(r)}. ${keychainAdvice('timeout', platform)}`,
          ),
        );
        stop();
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, request: message, timer });
      handle.ref();
      handle.send(message);
    });
  }

  return {
    get: async (service, account) => {
      const value = await request<unknown>({ op: 'get', service, account });
      return typeof value === 'string' ? value : null;
    },
    set: async (service, account, password) => {
      await request<unknown>({ op: 'set', service, account, password });
    },
    delete: async (service, account) => (await request<unknown>({ op: 'delete', service, account })) === true,
    find: async (service) => {
      const value = await request<unknown>({ op: 'find', service });
      return Array.isArray(value) ? (value as { account: string; password: string }[]) : [];
    },
    close: () => {
      failAll((r) => keychainError('other', `The keychain was closed while ${describe(r)}.`));
      stop();
    },
  };
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
