import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WxcredError } from '../../../src/contract/errors';
import { classifyKeychainMessage, createKeychain, forkWorker, keychainAdvice } from '../../../src/core/keychain/keychain';
import { createKeytarSecretStore } from '../../../src/core/keychain/secretStore';
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

interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** A helper process whose every call fails with `message` (PASSWORD replaced by the password sent). */
async function failingHelper(message: string): Promise<{ path: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wxcred-failing-helper-'));
  const path = join(dir, 'worker.cjs');
  await writeFile(
    path,
    `process.on('message', (m) => process.send({ id: m.id, ok: false, message: ${JSON.stringify(message)}.split('PASSWORD').join(m.password ?? '') }));
     process.on('disconnect', () => process.exit(0));`,
  );
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function storeFailingWith(message: string, platform: NodeJS.Platform = 'linux') {
  const helper = await failingHelper(message);
  const keychain = createKeychain({ spawnWorker: forkWorker(helper.path), platform });
  return {
    store: createKeytarSecretStore({ keychain }),
    async close() {
      keychain.close();
      await helper.remove();
    },
  };
}

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
  it.each([
    [AUTOLAUNCH, 'no-daemon'],
    ['org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files', 'no-daemon'],
    ['Object does not exist at path “/org/freedesktop/secrets/collection/login”', 'no-collection'],
    ['Cannot create an item in a locked collection', 'locked'],
    ['Cannot get secret of a locked object', 'locked'],
    ['The operation was cancelled by the user', 'locked'],
    ['User interaction is not allowed.', 'locked'],
    ['Something odd happened', 'other'],
  ])('maps "%s" to %s', (message, reason) => {
    expect(classifyKeychainMessage(message)).toBe(reason);
  });

  it('gives each reason and platform its own advice', () => {
    expect(keychainAdvice('no-daemon', 'linux')).toMatch(/dbus-run-session.*gnome-keyring/s);
    expect(keychainAdvice('locked', 'linux')).toMatch(/Unlock/);
    expect(keychainAdvice('no-collection', 'linux')).toMatch(/default keyring/);
    expect(keychainAdvice('locked', 'darwin')).toContain('Keychain Access');
    expect(keychainAdvice('no-daemon', 'win32')).toContain('Credential Manager');
  });

  it('a failure from the helper reaches get, set and delete typed, with advice and without the secret', async () => {
    const { store, close } = await storeFailingWith('Cannot create an item in a locked collection');
    try {
      for (const attempt of [store.get(APPID), store.set(APPID, SECRET), store.delete(APPID)]) {
        const { wx } = await keychainError(attempt);
        expect(wx.reason).toBe('locked');
        expect(wx.message).toContain(APPID);
        expect(wx.message).toMatch(/Unlock/);
        expect(wx.message).not.toContain(SECRET);
      }
    } finally {
      await close();
    }
  });

  it('scrubs a secret that the native error echoes back', async () => {
    const { store, close } = await storeFailingWith('org.freedesktop.DBus.Error.Failed: could not store "PASSWORD"');
    try {
      const { wx, thrown } = await keychainError(store.set(APPID, SECRET));
      expect(wx.message).toContain('[redacted]');
      for (const text of [wx.message, thrown.message, thrown.stack ?? '', JSON.stringify(wx)]) expect(text).not.toContain(SECRET);
    } finally {
      await close();
    }
    // A secret straddling the point where long messages are cut is still removed whole.
    const long = await storeFailingWith(`${'x'.repeat(490)}PASSWORD and more`);
    try {
      const cut = await keychainError(long.store.set(APPID, SECRET));
      expect(cut.wx.message).not.toContain(SECRET.slice(0, 10));
    } finally {
      await long.close();
    }
  });

  it('a keytar module that cannot be loaded is "unavailable", naming the missing library', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wxcred-noload-'));
    const path = join(dir, 'worker.cjs');
    await writeFile(
      path,
      `process.on('message', (m) => process.send({ id: m.id, ok: false, loadFailed: true, message: 'libsecret-1.so.0: cannot open shared object file' }));`,
    );
    const keychain = createKeychain({ spawnWorker: forkWorker(path), platform: 'linux' });
    try {
      const { wx } = await keychainError(createKeytarSecretStore({ keychain }).get(APPID));
      expect(wx.reason).toBe('unavailable');
      expect(wx.message).toContain('could not be loaded');
      expect(wx.message).toContain('libsecret-1.so.0');
      expect(wx.message).toContain('libsecret-1-0');
    } finally {
      keychain.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
