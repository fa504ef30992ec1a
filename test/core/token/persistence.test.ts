/**
 * Tokens survive a restart through the real OS keychain (run under scripts/with-keyring.sh),
 * without spending quota and without a byte of them on disk.
 */
import { createRequire } from 'node:module';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../../src/core/keychain/secretStore';
import { createKeytarTokenVault, persistKey, type PersistedToken } from '../../../src/core/token/tokenVault';
import type { Keychain } from '../../../src/core/keychain/keychain';
import { WxcredError } from '../../../src/contract/errors';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { requireSessionKeyring, uniqueKeychainService } from '../../support/keyring';
import { manualClock } from '../wechat/support';
import { addApp, filesUnder, openApp, tempDir } from '../support';

const tokenService = uniqueKeychainService();
const secretService = uniqueKeychainService();
const installService = uniqueKeychainService();

interface KeytarVaultLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
}
let keytar: KeytarVaultLike;

beforeAll(() => {
  requireSessionKeyring();
  keytar = createRequire(import.meta.url)('keytar') as KeytarVaultLike;
});

afterAll(async () => {
  if (!keytar) return;
  for (const service of [tokenService, secretService, installService]) {
    for (const { account } of await keytar.findCredentials(service)) await keytar.deletePassword(service, account);
  }
});

let fake: FakeWechat;
let clock: ReturnType<typeof manualClock>;
let folder: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  clock = manualClock();
  fake = await startFakeWechat({ clock: clock.now });
  folder = await tempDir();
});

afterEach(async () => {
  await fake.close();
  await folder.remove();
  for (const { account } of await keytar.findCredentials(tokenService)) await keytar.deletePassword(tokenService, account);
});

/** The app as Electron builds it, but on throwaway keychain services and a temp folder. */
const open = () =>
  openApp(fake, {
    userDataDir: folder.dir,
    clock: clock.now,
    secrets: createKeytarSecretStore({ service: secretService }),
    tokenVault: createKeytarTokenVault({ service: tokenService }),
    // The per-install fingerprint key must outlive the restart, as it does in the app.
    installSecrets: createKeytarSecretStore({ service: installService }),
  });

const sample = (overrides: Partial<PersistedToken> = {}): PersistedToken => ({
  apiBase: 'https://api.weixin.qq.com',
  appid: FAKE_APP.appid,
  lane: 'stable',
  via: '',
  fingerprint: 'FAKE-fingerprint-0123456789',
  accessToken: `86_${'a'.repeat(130)}`,
  expiresIn: 7200,
  expiresAt: 1_800_000_000_000,
  fetchedAt: 1_799_992_800_000,
  route: { kind: 'direct' },
  ...overrides,
});

describe('keytar token vault', () => {
  it('one entry per (app, lane, API base, route, fingerprint); saves write the difference; unreadable entries are dropped', async () => {
    const stable = sample();
    const classic = sample({ lane: 'classic', accessToken: `86_${'b'.repeat(130)}`, route: { kind: 'proxy', proxy: 'http://p:1', source: 'env' } });
    const vault = createKeytarTokenVault({ service: tokenService });
    expect(await vault.load()).toEqual({});
    await vault.save({ [persistKey(stable)]: stable, [persistKey(classic)]: classic });
    expect((await keytar.findCredentials(tokenService)).map((c) => c.account).sort()).toEqual(
      [
        `${FAKE_APP.appid} classic https://api.weixin.qq.com direct FAKE-fingerprint`,
        `${FAKE_APP.appid} stable https://api.weixin.qq.com direct FAKE-fingerprint`,
      ],
    );

    await keytar.setPassword(tokenService, 'garbage', 'not json');
    const again = createKeytarTokenVault({ service: tokenService });
    expect(await again.load()).toEqual({ [persistKey(stable)]: stable, [persistKey(classic)]: classic });
    await again.save({ [persistKey(classic)]: classic });
    expect((await keytar.findCredentials(tokenService)).map((c) => c.account)).toEqual([persistKey(classic)]);
  });
});

describe('tokens across a restart', () => {
  it('are served from the keychain with zero upstream calls, and never touch the disk', async () => {
    const first = open();
    const profile = await addApp(first);
    const stable = await first.call('getToken', { profileId: profile.id });
    const classic = await first.call('getToken', { profileId: profile.id, lane: 'classic', confirmInvalidate: true });
    expect(stable.fromCache).toBe(false);
    await first.close();
    fake.resetCalls();

    clock.advance(60_000);
    const second = open();
    // Answered at once, before anything else asked for a token.
    expect(await second.call('cachedToken', { profileId: profile.id })).toMatchObject({ accessToken: stable.accessToken, fromCache: true });
    expect(await second.call('getToken', { profileId: profile.id })).toEqual({ ...stable, fromCache: true });
    expect(await second.call('getToken', { profileId: profile.id, lane: 'classic', confirmInvalidate: true })).toEqual({ ...classic, fromCache: true });
    expect(await second.call('callbackIp', { profileId: profile.id })).toMatchObject({ ipList: expect.any(Array) });
    expect(fake.calls('/cgi-bin/stable_token') + fake.calls('/cgi-bin/token')).toBe(0);
    await second.close();

    // In the keychain, under the token service only…
    const stored = await keytar.findCredentials(tokenService);
    expect(stored).toHaveLength(2);
    expect(stored.map((s) => JSON.parse(s.password).accessToken).sort()).toEqual([stable.accessToken, classic.accessToken].sort());
    // …and nowhere in the user-data folder.
    const files = await filesUnder(folder.dir);
    expect(files.map((f) => f.path.slice(folder.dir.length + 1)).sort()).toEqual(['profiles.json', 'token-stats.json']);
    for (const file of files) {
      for (const secret of [stable.accessToken, classic.accessToken, FAKE_APP.secret]) expect(file.text).not.toContain(secret);
    }
  });

  it('drops tokens that expired while the app was closed, without fetching them again', async () => {
    const first = open();
    const profile = await addApp(first);
    const old = await first.call('getToken', { profileId: profile.id });
    await first.close();
    fake.resetCalls();

    clock.advance(7200_000 + 1000);
    const second = open();
    expect(await second.call('cachedToken', { profileId: profile.id })).toBeNull();
    expect(fake.calls()).toEqual({});
    const fresh = await second.call('getToken', { profileId: profile.id });
    expect(fresh).toMatchObject({ fromCache: false });
    expect(fresh.accessToken).not.toBe(old.accessToken);
    await second.close();
    const stored = await keytar.findCredentials(tokenService);
    expect(stored.map((s) => JSON.parse(s.password).accessToken)).toEqual([fresh.accessToken]);
  });
});

describe('a keychain that refuses', () => {
  const locked = (message: string) => new WxcredError({ kind: 'keychain', reason: 'locked', message });
  /** The adapter as a locked keyring makes it answer (the real thing is in test/core/keychain/keychain.test.ts). */
  const refusing = (overrides: Partial<Keychain>): Keychain => ({
    get: async () => null,
    set: () => Promise.reject(locked('The system keychain is locked (Cannot create an item in a locked collection).')),
    delete: async () => true,
    find: async () => [],
    close: () => undefined,
    ...overrides,
  });

  it('costs a notice, never the fetch, and nothing is written to a file instead', async () => {
    const app = openApp(fake, {
      userDataDir: folder.dir,
      clock: clock.now,
      tokenVault: createKeytarTokenVault({ keychain: refusing({}) }),
    });
    const profile = await addApp(app);
    const token = await app.call('getToken', { profileId: profile.id });
    await app.close();
    expect(app.services.notices()).toEqual([
      expect.stringMatching(/^Tokens could not be kept in the system keychain \(.*locked collection.*\); they will be fetched again after a restart\.$/),
    ]);
    expect(app.services.notices().join()).not.toContain(token.accessToken);
    for (const file of await filesUnder(folder.dir)) expect(file.text).not.toContain(token.accessToken);
  });

  it('a keychain that cannot be read: a notice, and tokens are fetched when needed', async () => {
    const app = openApp(fake, {
      userDataDir: folder.dir,
      clock: clock.now,
      tokenVault: createKeytarTokenVault({
        keychain: refusing({ find: () => Promise.reject(new WxcredError({ kind: 'keychain', reason: 'no-daemon', message: 'org.freedesktop.secrets not provided' })) }),
      }),
    });
    const profile = await addApp(app);
    await expect(app.call('getToken', { profileId: profile.id })).resolves.toMatchObject({ fromCache: false });
    expect((await app.call('appInfo', {})).notices).toEqual([expect.stringContaining('Cached tokens could not be read from the system keychain')]);
    await app.close();
  });
});
