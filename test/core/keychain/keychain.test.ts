/**
 * The keychain adapter against keyrings these tests start themselves: locked, stopped (SIGSTOP)
 * and absent. Each ends in a typed keychain error with advice, and this process keeps running.
 * Needs out/main/keychainWorker.js (npx electron-vite build) and the Debian packages dbus and gnome-keyring.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WxcredError, type WxError } from '../../../src/contract/errors';
import { createKeychain, forkWorker, type Keychain } from '../../../src/core/keychain/keychain';
import { createKeytarSecretStore } from '../../../src/core/keychain/secretStore';
import { createProfileStore } from '../../../src/core/store/profileStore';
import { TOKEN_VAULT_SERVICE } from '../../../src/core/token/tokenVault';
import { ensureBuilt } from '../../support/build';
import { startPrivateKeyring, WORKER_PATH, type PrivateKeyring } from '../../support/privateKeyring';
import { BIN, ROOT } from '../../cli/support';

const APPID = `wx${randomBytes(8).toString('hex')}`;
const SECRET = `FAKE-LOCKED-SECRET-${randomBytes(6).toString('hex')}`;

async function keychainFailure(promise: Promise<unknown>): Promise<Extract<WxError, { kind: 'keychain' }>> {
  const thrown = await promise.then(
    (value) => {
      throw new Error(`expected a keychain error, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
  if (!(thrown instanceof WxcredError) || thrown.error.kind !== 'keychain') throw thrown;
  return thrown.error;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function keyring(dataHome: string, password?: string): Promise<PrivateKeyring> {
  const started = await startPrivateKeyring(dataHome, password);
  cleanups.push(() => started.stop());
  return started;
}

beforeAll(async () => {
  await ensureBuilt();
}, 180_000);

describe('a locked keyring that holds cached tokens', () => {
  let locked: PrivateKeyring;
  let keychain: Keychain;

  beforeAll(async () => {
    const data = await tempDir('wxcred-locked-');
    // First an unlocked session fills the keyring the way the app does, then it is restarted without the password.
    const open = await keyring(data, 'throwaway-password');
    const filling = createKeychain({ spawnWorker: open.spawnWorker });
    await filling.set(TOKEN_VAULT_SERVICE, `${APPID} stable https://api.weixin.qq.com direct 0123456789abcdef`, '{"accessToken":"FAKE"}');
    await filling.set('wxcred', APPID, SECRET);
    expect(await filling.find(TOKEN_VAULT_SERVICE)).toHaveLength(1);
    filling.close();
    await open.stop();
    locked = await keyring(data);
    keychain = createKeychain({ spawnWorker: locked.spawnWorker, timeoutMs: 8000 });
    cleanups.push(async () => keychain.close());
  }, 60_000);

  it('lists tokens as locked instead of crashing in findCredentials', async () => {
    const failure = await keychainFailure(keychain.find(TOKEN_VAULT_SERVICE));
    expect(failure.reason).toBe('locked');
    expect(failure.message).toMatch(/Unlock the keyring/);
  });

  it('reports a stored secret as locked, never as "not stored"', async () => {
    const failure = await keychainFailure(createKeytarSecretStore({ keychain }).get(APPID));
    expect(failure.reason).toBe('locked');
    expect(failure.message).not.toContain(SECRET);
  });

  it('refuses to store into the locked keyring, as locked', async () => {
    const failure = await keychainFailure(keychain.set('wxcred', APPID, SECRET));
    expect(failure.reason).toBe('locked');
    expect(failure.message).not.toContain(SECRET);
  });

  it('lets the profile store start: a locked keyring costs a notice, not the app', async () => {
    const dir = await tempDir('wxcred-locked-profiles-');
    const id = '0b9a7a52-3d0e-4a8e-9c3c-2f7d7f1c9a11';
    await writeFile(
      join(dir, 'profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: [
          { id, label: 'Proxied', appid: APPID, kind: 'official-account', domain: 'api', customBase: null, proxy: 'http://127.0.0.1:3128', proxyAuth: true, autoRefresh: false, createdAt: new Date(0).toISOString() },
        ],
      }),
    );
    const store = createProfileStore({ dir, proxySecrets: createKeytarSecretStore({ keychain, service: 'wxcred-proxy' }) });
    expect((await store.list()).map((p) => p.id)).toEqual([id]);
    expect(store.notices().join('\n')).toMatch(/locked/);
  });
});

describe('a keyring daemon stopped with SIGSTOP', () => {
  let stopped: PrivateKeyring;

  beforeAll(async () => {
    const data = await tempDir('wxcred-stopped-');
    stopped = await keyring(data, 'throwaway-password');
    const k = createKeychain({ spawnWorker: stopped.spawnWorker });
    await k.set('wxcred', APPID, SECRET);
    k.close();
  }, 60_000);

  it('times out, kills the helper, and the next call works again once the daemon runs', async () => {
    const keychain = createKeychain({ spawnWorker: stopped.spawnWorker, timeoutMs: 1500 });
    cleanups.push(async () => keychain.close());
    stopped.daemon.kill('SIGSTOP');
    try {
      const failure = await keychainFailure(keychain.get('wxcred', APPID));
      expect(failure.reason).toBe('timeout');
      expect(failure.message).toMatch(/gnome-keyring-daemon --replace/);
    } finally {
      stopped.daemon.kill('SIGCONT');
    }
    expect(await keychain.get('wxcred', APPID)).toBe(SECRET);
  });

  it('the CLI answers with a typed keychain error and exits promptly after printing it', async () => {
    const userData = await tempDir('wxcred-stopped-cli-');
    const id = '6a1f0d3e-8f7b-4c55-9f0a-5d2b9e4c7a10';
    await writeFile(
      join(userData, 'profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: [{ id, label: 'Stopped', appid: APPID, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false, createdAt: new Date(0).toISOString() }],
      }),
    );
    stopped.daemon.kill('SIGSTOP');
    try {
      const started = performance.now();
      let printedAt = 0;
      let stdout = '';
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'token', '--profile', APPID, '--json'], {
          cwd: ROOT,
          env: { ...stopped.env, WXCRED_USER_DATA: userData, WXCRED_API_BASE: 'http://127.0.0.1:9' },
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          stdout += chunk;
          printedAt ||= performance.now();
        });
        child.on('error', reject);
        child.on('exit', (exitCode) => {
          clearTimeout(guard);
          resolve(exitCode);
        });
      });
      const exitedAt = performance.now();
      const answer = JSON.parse(stdout) as { ok: boolean; error?: { kind: string; reason: string } };
      expect(code).toBe(4);
      expect(answer.error).toMatchObject({ kind: 'keychain', reason: 'timeout' });
      // Behaviour, not speed: before the helper process this took ~50 s (blocked libuv threads).
      expect(exitedAt - started).toBeLessThan(10_000);
      expect(exitedAt - printedAt).toBeLessThan(3_000);
    } finally {
      stopped.daemon.kill('SIGCONT');
    }
  }, 60_000);
});

describe('no D-Bus session at all', () => {
  it('is no-daemon, with advice about D-Bus and a Secret Service provider', async () => {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME };
    const keychain = createKeychain({ spawnWorker: forkWorker(WORKER_PATH, env), platform: 'linux' });
    try {
      const failure = await keychainFailure(keychain.get('wxcred', APPID));
      expect(failure.reason).toBe('no-daemon');
      expect(failure.message).toMatch(/dbus-run-session/);
      expect(failure.message).toMatch(/gnome-keyring/);
    } finally {
      keychain.close();
    }
  });
});

describe('a helper that crashes or never answers', () => {
  async function script(body: string): Promise<string> {
    const dir = await tempDir('wxcred-worker-');
    const path = join(dir, 'worker.cjs');
    await writeFile(path, body);
    return path;
  }

  it('a crash is "crashed", and the next call gets a fresh helper', async () => {
    const marker = join(await tempDir('wxcred-crash-'), 'crashed-once');
    const path = await script(`
      const fs = require('node:fs');
      process.on('message', (m) => {
        if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.kill(process.pid, 'SIGSEGV'); }
        else process.send({ id: m.id, ok: true, value: 'FAKE-after-restart' });
      });
      process.on('disconnect', () => process.exit(0));`);
    const keychain = createKeychain({ spawnWorker: forkWorker(path) });
    try {
      const failure = await keychainFailure(keychain.get('wxcred', APPID));
      expect(failure.reason).toBe('crashed');
      expect(failure.message).toContain('SIGSEGV');
      expect(await keychain.get('wxcred', APPID)).toBe('FAKE-after-restart');
    } finally {
      keychain.close();
    }
  });

  it('a helper that never answers is killed at the deadline', async () => {
    const pidFile = join(await tempDir('wxcred-hang-'), 'pid');
    const path = await script(`
      require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
      process.on('message', () => undefined);
      setInterval(() => undefined, 1000);`);
    const keychain = createKeychain({ spawnWorker: forkWorker(path), timeoutMs: 3000 });
    const failure = await keychainFailure(keychain.set('wxcred', APPID, SECRET));
    expect(failure.reason).toBe('timeout');
    expect(failure.message).not.toContain(SECRET);
    const pid = Number(await import('node:fs/promises').then((fs) => fs.readFile(pidFile, 'utf8')));
    await expect.poll(() => {
      try {
        process.kill(pid, 0);
        return 'alive';
      } catch {
        return 'gone';
      }
    }).toBe('gone');
    keychain.close();
  });
});
