import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WxcredError } from '../../../src/contract/errors';
import { createKeytarSecretStore, type KeytarLike } from '../../../src/core/keychain/secretStore';
import { secretHint } from '../../../src/core/keychain/secretHint';
import { requireSessionKeyring, uniqueKeychainService } from '../../support/keyring';

const APPID = 'wx0123456789abcdef';
const OTHER_APPID = 'wxfedcba9876543210';
const SECRET = 'FAKE-SECRET-not-real-0000000000';
const REPLACEMENT = 'FAKE-SECRET-not-real-1111111111';
const AUTOLAUNCH = 'Cannot autolaunch D-Bus without X11 $DISPLAY';

async function keychainError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WxcredError);
  const wx = (error as WxcredError).error;
  if (wx.kind !== 'keychain') throw new Error(`expected a keychain error, got ${wx.kind}`);
  return { wx, thrown: error as WxcredError };
}

/** A keytar whose every call fails with the given message. */
function failingKeytar(message: (password?: string) => string): KeytarLike {
  return {
    getPassword: () => Promise.reject(new Error(message())),
    setPassword: (_service, _account, password) => Promise.reject(new Error(message(password))),
    deletePassword: () => Promise.reject(new Error(message())),
  };
}

const never = <T>() => new Promise<T>(() => undefined);

describe('secretHint', () => {
  it('is the last 4 characters', () => {
    expect(secretHint(SECRET)).toBe('0000');
    expect(secretHint('abc')).toBe('abc');
    expect(secretHint('xxxx😀密钥a')).toBe('😀密钥a');
  });
});

describe('keytar secret store against the real keychain', () => {
  const service = uniqueKeychainService();
  let keytar: KeytarLike & { findCredentials(service: string): Promise<{ account: string }[]> };

  beforeAll(() => {
    requireSessionKeyring();
    keytar = createRequire(import.meta.url)('keytar') as typeof keytar;
  });

  afterAll(async () => {
    if (!keytar) return;
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  });

  it('sets, gets, replaces and deletes a secret under service/appid', async () => {
    const store = createKeytarSecretStore({ service });
    expect(await store.get(APPID)).toBeNull();

    await store.set(APPID, SECRET);
    expect(await store.get(APPID)).toBe(SECRET);
    // Stored where the contract says: service name, account = appid.
    expect(await keytar.getPassword(service, APPID)).toBe(SECRET);

    await store.set(APPID, REPLACEMENT);
    expect(await store.get(APPID)).toBe(REPLACEMENT);
    expect(await keytar.findCredentials(service)).toHaveLength(1);

    expect(await store.delete(APPID)).toBe(true);
    expect(await store.get(APPID)).toBeNull();
    expect(await store.delete(APPID)).toBe(false);
  });

  it('keeps apps apart and returns null for a secret never stored', async () => {
    const store = createKeytarSecretStore({ service });
    await store.set(APPID, SECRET);
    expect(await store.get(OTHER_APPID)).toBeNull();
    expect(await store.delete(OTHER_APPID)).toBe(false);
    expect(await store.get(APPID)).toBe(SECRET);
    await store.delete(APPID);
  });

  it('does not see secrets of another service', async () => {
    await createKeytarSecretStore({ service }).set(APPID, SECRET);
    expect(await createKeytarSecretStore({ service: uniqueKeychainService() }).get(APPID)).toBeNull();
    await createKeytarSecretStore({ service }).delete(APPID);
  });
});

describe('keytar secret store when the keychain is unreachable', () => {
  it('real keytar without D-Bus fails with the autolaunch error, which maps to "unavailable"', async () => {
    // A child process, because a process that has reached the Secret Service cannot un-reach it.
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const script = `require('keytar').getPassword(${JSON.stringify(uniqueKeychainService())}, ${JSON.stringify(APPID)})
      .then((v) => console.log(JSON.stringify({ ok: v })), (e) => console.log(JSON.stringify({ error: e.message })));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { env, timeout: 20_000 });
    const result = JSON.parse(stdout) as { ok?: unknown; error?: string };
    expect(result.error).toBe(AUTOLAUNCH);

    const store = createKeytarSecretStore({ keytar: failingKeytar(() => result.error!), platform: 'linux' });
    const { wx } = await keychainError(store.get(APPID));
    expect(wx.reason).toBe('unavailable');
    expect(wx.message).toContain(AUTOLAUNCH);
    expect(wx.message).toContain('gnome-keyring');
    expect(wx.message).toContain('libsecret-1-0');
  });

  it.each([
    AUTOLAUNCH,
    'org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files',
    'The name org.freedesktop.secrets was not provided by any .service files',
    'Cannot create an item in a locked collection',
    'Cannot get secret of a locked object',
    'The operation was cancelled by the user',
    'User interaction is not allowed.',
  ])('maps "%s" to unavailable for get, set and delete', async (message) => {
    const store = createKeytarSecretStore({ keytar: failingKeytar(() => message), platform: 'linux' });
    for (const attempt of [store.get(APPID), store.set(APPID, SECRET), store.delete(APPID)]) {
      const { wx } = await keychainError(attempt);
      expect(wx.reason).toBe('unavailable');
      expect(wx.message).toContain(APPID);
      expect(wx.message).not.toContain(SECRET);
    }
  });

  it('gives each platform its own advice', async () => {
    const advice = async (platform: NodeJS.Platform) =>
      (await keychainError(createKeytarSecretStore({ keytar: failingKeytar(() => AUTOLAUNCH), platform }).get(APPID))).wx.message;
    expect(await advice('darwin')).toContain('Keychain Access');
    expect(await advice('win32')).toContain('Credential Manager');
    expect(await advice('linux')).toMatch(/gnome-keyring.*Secret Service.*unlock/s);
  });

  it('reports a keytar module that cannot be loaded as unavailable, and retries the load later', async () => {
    vi.resetModules();
    vi.doMock('keytar', () => {
      throw new Error('libsecret-1.so.0: cannot open shared object file: No such file or directory');
    });
    try {
      // Fresh module graph, so WxcredError is the fresh class too.
      const fresh = await import('../../../src/core/keychain/secretStore');
      const { WxcredError: FreshError } = await import('../../../src/contract/errors');
      const store = fresh.createKeytarSecretStore({ service: uniqueKeychainService(), platform: 'linux' });
      const error = await store.get(APPID).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FreshError);
      const wx = (error as WxcredError).error;
      expect(wx).toMatchObject({ kind: 'keychain', reason: 'unavailable' });
      if (wx.kind !== 'keychain') return;
      expect(wx.message).toContain('could not be loaded');
      expect(wx.message).toContain('libsecret-1.so.0');
      expect(wx.message).toContain('libsecret-1-0');

      vi.doMock('keytar', () => ({ default: { getPassword: () => Promise.resolve('FAKE-SECRET-from-mock-000') } }));
      expect(await store.get(APPID)).toBe('FAKE-SECRET-from-mock-000');
    } finally {
      vi.doUnmock('keytar');
      vi.resetModules();
    }
  });

  it('says how to install keytar when the optional module is missing, and that --secret-env works without it', async () => {
    vi.resetModules();
    vi.doMock('keytar', () => {
      throw Object.assign(new Error("Cannot find package 'keytar' imported from /srv/wxcred.mjs"), { code: 'ERR_MODULE_NOT_FOUND' });
    });
    try {
      const fresh = await import('../../../src/core/keychain/secretStore');
      const store = fresh.createKeytarSecretStore({ service: uniqueKeychainService(), platform: 'linux' });
      const error = (await store.get(APPID).catch((e: unknown) => e)) as WxcredError;
      expect(error.error).toMatchObject({ kind: 'keychain', reason: 'unavailable' });
      if (error.error.kind !== 'keychain') return;
      expect(error.error.message).toContain("Cannot find package 'keytar'");
      expect(error.error.message).toMatch(/--secret-env VAR or --secret-stdin/);
      expect(error.error.message).toMatch(/npm install --allow-scripts=keytar keytar@7\.9\.0/);
      expect(error.error.message).not.toMatch(/gnome-keyring/); // not a keyring problem
    } finally {
      vi.doUnmock('keytar');
      vi.resetModules();
    }
  });

  it('maps other failures to "other", still without the secret', async () => {
    const store = createKeytarSecretStore({ keytar: failingKeytar(() => 'Something odd happened') });
    const { wx } = await keychainError(store.set(APPID, SECRET));
    expect(wx.reason).toBe('other');
    expect(wx.message).toContain('Something odd happened');
  });

  it('scrubs a secret that the native error echoes back', async () => {
    const echoing = failingKeytar((password) => `org.freedesktop.DBus.Error.Failed: could not store "${password}" (${JSON.stringify(password)})`);
    const { wx, thrown } = await keychainError(createKeytarSecretStore({ keytar: echoing }).set(APPID, SECRET));
    expect(wx.reason).toBe('unavailable');
    expect(wx.message).toContain('[redacted]');
    for (const text of [wx.message, thrown.message, thrown.stack ?? '', JSON.stringify(wx), String(thrown.cause ?? '')]) {
      expect(text).not.toContain(SECRET);
    }
    // A secret straddling the point where long messages are cut is still removed whole.
    const long = failingKeytar((password) => `${'x'.repeat(490)}${password} and more`);
    const cut = await keychainError(createKeytarSecretStore({ keytar: long }).set(APPID, SECRET));
    expect(cut.wx.message).not.toContain(SECRET.slice(0, 10));

    const other = failingKeytar((password) => `bad password ${password}`);
    const second = await keychainError(createKeytarSecretStore({ keytar: other }).set(APPID, 'FAKE\\"quoted\\"-secret'));
    expect(second.wx.message).not.toContain('quoted');
  });

  it('catches a keytar that throws synchronously', async () => {
    const sync: KeytarLike = {
      getPassword: () => {
        throw new Error('Parameter 1 must be a string');
      },
      setPassword: () => Promise.resolve(),
      deletePassword: () => Promise.resolve(true),
    };
    const { wx } = await keychainError(createKeytarSecretStore({ keytar: sync }).get(APPID));
    expect(wx.reason).toBe('other');
  });

  it('times out a keychain call that never answers', async () => {
    const hanging: KeytarLike = { getPassword: never, setPassword: never, deletePassword: never };
    const store = createKeytarSecretStore({ keytar: hanging, timeoutMs: 100, platform: 'linux' });
    for (const attempt of [() => store.get(APPID), () => store.set(APPID, SECRET), () => store.delete(APPID)]) {
      const started = performance.now();
      const { wx } = await keychainError(attempt());
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(90);
      expect(elapsed).toBeLessThan(1000);
      expect(wx.reason).toBe('timeout');
      expect(wx.message).toMatch(/did not answer within 100 ms/);
      expect(wx.message).toMatch(/locked/);
      expect(wx.message).not.toContain(SECRET);
    }
  });

  it('defaults to a 5 s timeout', async () => {
    vi.useFakeTimers();
    try {
      const hanging: KeytarLike = { getPassword: never, setPassword: never, deletePassword: never };
      const pending = keychainError(createKeytarSecretStore({ keytar: hanging }).get(APPID));
      await vi.advanceTimersByTimeAsync(4999);
      let settled = false;
      void pending.finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const { wx } = await pending;
      expect(wx.reason).toBe('timeout');
      expect(wx.message).toContain('within 5 s');
    } finally {
      vi.useRealTimers();
    }
  });
});
