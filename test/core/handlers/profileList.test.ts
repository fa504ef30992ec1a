/**
 * What the app list needs from main: each app's secret and token state without a network call or
 * a secret in the answer, and profiles export/import without secrets. Real handlers through
 * dispatch against the fake WeChat on loopback; the keychain in memory so its contents can be read.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROFILES_IMPORT_MAX_APPS, PROFILES_IMPORT_MAX_BYTES, type Profile } from '../../../src/contract';
import { WxcredError } from '../../../src/contract/errors';
import { createEphemeralSecretStore } from '../../../src/core/store/memoryStores';
import type { SecretStore } from '../../../src/core/store/types';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { addApp, openApp, tempDir, type App } from '../support';

let fake: FakeWechat;
let folder: Awaited<ReturnType<typeof tempDir>>;
let keychain: ReturnType<typeof createEphemeralSecretStore>;
let now: number;
let app: App;

/** The memory keychain, which a test can make fail the way a keyring without a session does. */
function failingKeychain(inner: SecretStore): SecretStore & { down: boolean; reads: number } {
  const store = {
    down: false,
    reads: 0,
    async get(appid: string) {
      store.reads += 1;
      if (store.down) throw new WxcredError({ kind: 'keychain', reason: 'no-daemon', message: 'No Secret Service (FAKE).' });
      return inner.get(appid);
    },
    set: (appid: string, secret: string) => inner.set(appid, secret),
    delete: (appid: string) => inner.delete(appid),
  };
  return store;
}
let secrets: ReturnType<typeof failingKeychain>;

beforeEach(async () => {
  fake = await startFakeWechat();
  folder = await tempDir();
  keychain = createEphemeralSecretStore();
  secrets = failingKeychain(keychain);
  now = Date.parse('2026-03-01T08:00:00Z');
  app = openApp(fake, { userDataDir: folder.dir, secrets, clock: () => now });
});

afterEach(async () => {
  await app.close();
  await fake.close();
  await folder.remove();
});

const save = (appid: string, label = `App ${appid.slice(-2)}`, extra: Partial<Profile> = {}) =>
  app.call('saveProfile', { label, appid, kind: 'official-account', ...extra });

describe('profileStatuses', () => {
  it('says, per app, whether a secret is stored and the newest token with its expiry, without calling WeChat', async () => {
    const withToken = await addApp(app);
    const noSecret = await save('wx00000000000000b2', 'No secret yet');
    await app.call('getToken', { profileId: withToken.id });
    const fetched = fake.calls('/cgi-bin/stable_token');

    const statuses = await app.call('profileStatuses', {});
    expect(statuses).toEqual([
      { profileId: withToken.id, secret: 'stored', token: { lane: 'stable', expiresAt: now + 7200_000 } },
      { profileId: noSecret.id, secret: 'missing', token: null },
    ]);
    expect(fake.calls('/cgi-bin/stable_token')).toBe(fetched);
    expect(JSON.stringify(statuses)).not.toContain(FAKE_APP.secret);
  });

  it('keeps an expired token as expired (the list says so), and shows none once the secret changes', async () => {
    const profile = await addApp(app);
    await app.call('getToken', { profileId: profile.id });
    now += 7200_000 + 1;
    expect(await app.call('profileStatuses', {})).toEqual([{ profileId: profile.id, secret: 'stored', token: { lane: 'stable', expiresAt: now - 1 } }]);
    await app.call('setSecret', { profileId: profile.id, secret: 'FAKE0123456789abcdef0123456789ab' });
    expect(await app.call('profileStatuses', {})).toEqual([{ profileId: profile.id, secret: 'stored', token: null }]);
  });

  it('a keychain that cannot be asked: unavailable with its reason for every app, asked once, not once per app', async () => {
    await addApp(app);
    await save('wx00000000000000b2');
    await save('wx00000000000000b3');
    secrets.down = true;
    secrets.reads = 0;
    const statuses = await app.call('profileStatuses', {});
    expect(statuses.map((s) => [s.secret, s.keychainReason])).toEqual([
      ['unavailable', 'no-daemon'],
      ['unavailable', 'no-daemon'],
      ['unavailable', 'no-daemon'],
    ]);
    expect(secrets.reads).toBe(1);
  });
});

describe('exportProfiles', () => {
  it('writes the apps only: versioned, no secret, no id, no keychain flag', async () => {
    await addApp(app, FAKE_APP, { label: 'Has a secret' });
    await save('wx00000000000000b2', 'Through a proxy', { proxy: 'http://dev:FAKE-proxy-pw@127.0.0.1:3128' });
    const exported = await app.call('exportProfiles', {});
    expect(exported.filename).toBe('wxcred-profiles-2026-03-01.json');
    expect(exported.count).toBe(2);
    expect(exported.json).not.toContain(FAKE_APP.secret);
    expect(exported.json).not.toContain('FAKE-proxy-pw');
    expect(JSON.parse(exported.json)).toEqual({
      format: 'wxcred-profiles',
      version: 1,
      exportedAt: '2026-03-01T08:00:00.000Z',
      profiles: [
        { label: 'Has a secret', appid: FAKE_APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false },
        { label: 'Through a proxy', appid: 'wx00000000000000b2', kind: 'official-account', domain: 'api', customBase: null, proxy: 'http://127.0.0.1:3128', autoRefresh: false },
      ],
    });
  });

  it('round-trips: an export imported into an empty wxcred gives the same apps, and no secrets', async () => {
    await addApp(app, FAKE_APP, { label: 'Round trip', autoRefresh: true });
    await save('wx00000000000000b2', 'Custom', { domain: 'custom', customBase: 'https://wx.example.test' });
    const { json } = await app.call('exportProfiles', {});

    const other = await tempDir();
    const otherKeychain = createEphemeralSecretStore();
    const fresh = openApp(fake, { userDataDir: other.dir, secrets: otherKeychain });
    try {
      const imported = await fresh.call('importProfiles', { json });
      expect(imported.skipped).toEqual([]);
      expect(imported.added.map((p) => [p.label, p.appid, p.domain, p.customBase, p.autoRefresh])).toEqual([
        ['Round trip', FAKE_APP.appid, 'api', null, true],
        ['Custom', 'wx00000000000000b2', 'custom', 'https://wx.example.test', false],
      ]);
      expect(await fresh.call('listProfiles', {})).toEqual(imported.added);
      expect(await otherKeychain.get(FAKE_APP.appid)).toBeNull();
      expect(await fresh.call('profileStatuses', {})).toEqual(imported.added.map((p) => ({ profileId: p.id, secret: 'missing', token: null })));
    } finally {
      await fresh.close();
      await other.remove();
    }
  });
});

const file = (profiles: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'wxcred-profiles', version: 1, profiles, ...extra });
const entry = (appid: string, label = `Imported ${appid.slice(-2)}`) => ({ label, appid, kind: 'mini-program', domain: 'api', customBase: null, proxy: null, autoRefresh: false });

describe('importProfiles', () => {
  it('adds new AppIDs, skips ones already here (keeping what is stored), and reports both', async () => {
    await addApp(app, FAKE_APP, { label: 'Mine' });
    const [kept] = await app.call('listProfiles', {});
    const imported = await app.call('importProfiles', { json: file([entry(FAKE_APP.appid, 'Theirs'), entry('wx00000000000000c2')]) });
    expect(imported.skipped).toEqual([{ appid: FAKE_APP.appid, label: 'Theirs', existingLabel: 'Mine' }]);
    expect(imported.added.map((p) => [p.appid, p.label, p.kind])).toEqual([['wx00000000000000c2', 'Imported c2', 'mini-program']]);
    const list = await app.call('listProfiles', {});
    expect(list.map((p) => p.label)).toEqual(['Mine', 'Imported c2']);
    expect(list[0]).toEqual(kept);
    expect(await keychain.get(FAKE_APP.appid)).toBe(FAKE_APP.secret);
  });

  it('defaults what an older or hand-written file leaves out', async () => {
    const imported = await app.call('importProfiles', { json: file([{ label: 'Minimal', appid: 'wx00000000000000c3', kind: 'test-account' }]) });
    expect(imported.added[0]).toMatchObject({ domain: 'api', customBase: null, proxy: null, autoRefresh: false });
  });

  /** Each hostile file fails with a typed validation error and leaves the stored apps and secrets exactly as they were. */
  const hostile: [string, () => string, RegExp][] = [
    ['empty', () => '', /empty/],
    ['huge', () => `{"pad":"${'x'.repeat(PROFILES_IMPORT_MAX_BYTES)}"}`, /Larger than 200 KB/],
    ['not JSON', () => '{"format": "wxcred-profiles", "version": 1, "profiles": [', /not JSON/],
    ['JSON but not an object', () => '[1,2,3]', /not a wxcred profiles export/],
    ['another format', () => JSON.stringify({ format: 'something-else', version: 1, profiles: [] }), /Not a wxcred profiles export/],
    ['a newer version', () => file([], { version: 2 }), /version 1 is the one this wxcred reads/],
    ['a duplicate AppID', () => file([entry('wx00000000000000d1'), entry('wx00000000000000d2'), entry('wx00000000000000d1')]), /wx00000000000000d1 is in the file twice \(apps #1 and #3\)/],
    ['an unknown field (a secret)', () => file([{ ...entry('wx00000000000000d1'), secret: 'FAKE-should-never-be-read' }]), /profiles\.0: Unrecognized key: "secret"/],
    ['an unknown top-level field', () => file([], { tokens: {} }), /Unrecognized key: "tokens"/],
    ['a __proto__ key in an app', () => `{"format":"wxcred-profiles","version":1,"profiles":[{"label":"x","appid":"wx00000000000000d1","kind":"mini-program","__proto__":{"polluted":true}}]}`, /Unrecognized key: "__proto__"/],
    ['a top-level __proto__ key', () => `{"__proto__":{"polluted":true},"format":"wxcred-profiles","version":1,"profiles":[]}`, /Unrecognized key: "__proto__"/],
    ['a constructor key', () => file([{ ...entry('wx00000000000000d1'), constructor: { prototype: { polluted: true } } }]), /Unrecognized key: "constructor"/],
    ['a bad AppID', () => file([entry('not-an-appid')]), /profiles\.0\.appid/],
    ['a proxy with a password', () => file([{ ...entry('wx00000000000000d1'), proxy: 'http://dev:FAKE-pw@127.0.0.1:3128' }]), /import never stores passwords/],
    ['a plain-http custom base off loopback', () => file([{ ...entry('wx00000000000000d1'), domain: 'custom', customBase: 'http://wx.example.test' }]), /profiles\.0\.customBase/],
    ['too many apps', () => file(Array.from({ length: PROFILES_IMPORT_MAX_APPS + 1 }, (_, i) => entry(`wx${i.toString(16).padStart(16, '0')}`, 'n'))), /At most 500 apps/],
    ['deeply nested', () => `${'['.repeat(90_000)}${']'.repeat(90_000)}`, /not a wxcred profiles export/],
    ['a deeply nested value', () => file([{ ...entry('wx00000000000000d1'), label: 0 }]).replace('"label":0', `"label":${'['.repeat(90_000)}${']'.repeat(90_000)}`), /profiles\.0\.label/],
    ['profiles not a list', () => JSON.stringify({ format: 'wxcred-profiles', version: 1, profiles: { a: 1 } }), /profiles/],
  ];

  it.each(hostile)('%s: a clear validation error, nothing added, nothing lost', async (_what, text, message) => {
    await addApp(app, FAKE_APP, { label: 'Mine' });
    const mine = await app.call('listProfiles', {});
    const before = await readFile(join(folder.dir, 'profiles.json'), 'utf8');
    const error = await app.fail('importProfiles', { json: text() });
    expect(error.kind).toBe('validation');
    expect(error.kind === 'validation' && error.message).toMatch(message);
    expect(await app.call('listProfiles', {})).toEqual(mine);
    expect(await readFile(join(folder.dir, 'profiles.json'), 'utf8')).toBe(before);
    expect(await keychain.get(FAKE_APP.appid)).toBe(FAKE_APP.secret);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('FAKE-should-never-be-read');
  });

  it('never touches the keychain, even when the keychain is down', async () => {
    secrets.down = true;
    secrets.reads = 0;
    const imported = await app.call('importProfiles', { json: file([entry('wx00000000000000e1')]) });
    expect(imported.added).toHaveLength(1);
    expect(secrets.reads).toBe(0);
  });
});
