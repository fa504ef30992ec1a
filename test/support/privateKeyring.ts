/**
 * A D-Bus session and gnome-keyring of a test's own, so a test can lock, stop or remove them
 * without touching the keyring the rest of the suite uses. Everything started is killed by stop().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { forkWorker, type SpawnWorker } from '../../src/core/keychain/keychain';
import { ROOT } from './build';

export const WORKER_PATH = join(ROOT, 'out/main/keychainWorker.js');

export interface PrivateKeyring {
  /** The environment a process needs to reach this keyring (and nothing of the suite's). */
  env: NodeJS.ProcessEnv;
  /** The gnome-keyring-daemon process, e.g. to SIGSTOP it. */
  daemon: ChildProcess;
  /** The keychain helper, forked into this keyring's session. */
  spawnWorker: SpawnWorker;
  stop(): Promise<void>;
}

function waitForLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${text}`)), 15_000);
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      const line = text.split('\n')[0];
      if (text.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${String(code)}) before it was ready: ${text}`));
    });
  });
}

const BUS_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=RUNTIME</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

/** Until the keyring owns its bus name: only then does a call reach it. */
async function waitForName(env: NodeJS.ProcessEnv, daemon: ChildProcess): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    if (daemon.exitCode !== null) throw new Error(`gnome-keyring-daemon exited (${daemon.exitCode})`);
    const owned = await new Promise<boolean>((resolve) =>
      execFile(
        'dbus-send',
        ['--session', '--print-reply=literal', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
        { env, timeout: 2000 },
        (error, stdout) => resolve(!error && /true/.test(stdout)),
      ),
    );
    if (owned) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('gnome-keyring-daemon never took the name org.freedesktop.secrets');
}

const waitExit = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

/**
 * Starts dbus-daemon and gnome-keyring-daemon (secrets component) with keyrings under `dataHome`.
 * `unlockPassword` creates/unlocks the login keyring; without it an existing keyring stays locked.
 */
export async function startPrivateKeyring(dataHome: string, unlockPassword?: string): Promise<PrivateKeyring> {
  const runtime = await mkdtemp(join(tmpdir(), 'wxcred-runtime-'));
  // No service directories: nothing is ever activated behind the test's back (no second keyring, no prompter).
  const config = join(runtime, 'session.conf');
  await writeFile(config, BUS_CONFIG.replace('RUNTIME', runtime));
  const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--nopidfile', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let daemon: ChildProcess | null = null;
  try {
    const address = await waitForLine(bus, 'dbus-daemon');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_DATA_HOME: dataHome,
      XDG_RUNTIME_DIR: runtime,
    };
    const args = ['--foreground', '--components=secrets', ...(unlockPassword === undefined ? [] : ['--unlock'])];
    daemon = spawn('gnome-keyring-daemon', args, { env, stdio: ['pipe', 'ignore', 'ignore'] });
    if (unlockPassword !== undefined) daemon.stdin?.end(unlockPassword);
    else daemon.stdin?.end();
    await waitForName(env, daemon);
    const started = daemon;
    return {
      env,
      daemon: started,
      spawnWorker: forkWorker(WORKER_PATH, env),
      async stop() {
        for (const child of [started, bus]) {
          child.kill('SIGCONT');
          child.kill('SIGKILL');
          await waitExit(child);
        }
        await rm(runtime, { recursive: true, force: true });
      },
    };
  } catch (error) {
    daemon?.kill('SIGKILL');
    bus.kill('SIGKILL');
    await rm(runtime, { recursive: true, force: true });
    throw error;
  }
}

export function requireWorkerBuilt(): void {
  if (!existsSync(WORKER_PATH)) throw new Error(`${WORKER_PATH} is missing: run npx electron-vite build first`);
}
