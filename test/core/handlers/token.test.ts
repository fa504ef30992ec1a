/**
 * A cached token belongs to the credential that fetched it: the real handlers through dispatch,
 * against the WeChat simulator over loopback, with the vault in memory so its contents can be read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryTokenVault, type PersistedToken } from '../../../src/core/token/tokenVault';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { startTestProxy, type TestProxy } from '../../support/proxy';
import { addApp, openApp, tempDir, type App } from '../support';

const WRONG_SECRET = 'FAKE-WRONG-SECRET-99999999999999';
const STABLE = '/cgi-bin/stable_token';

let fake: FakeWechat;
let folder: Awaited<ReturnType<typeof tempDir>>;
let vault: ReturnType<typeof createMemoryTokenVault<PersistedToken>>;
let app: App;

beforeEach(async () => {
  fake = await startFakeWechat();
  folder = await tempDir();
  vault = createMemoryTokenVault();
  app = openApp(fake, { userDataDir: folder.dir, tokenVault: vault });
});

afterEach(async () => {
  await app.close();
  await fake.close();
  await folder.remove();
});

const storedFor = (appid: string) => Object.values(vault.snapshot()).filter((t) => t.appid === appid);

describe('cached tokens belong to one credential', () => {
  it('a replaced secret is tried at WeChat, never answered with the old secret\'s token', async () => {
    const profile = await addApp(app);
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false });
    await app.call('setSecret', { profileId: profile.id, secret: WRONG_SECRET });
    fake.resetCalls();
    expect(await app.fail('getToken', { profileId: profile.id })).toMatchObject({ kind: 'wechat' });
    expect(fake.calls(STABLE)).toBe(1);
    expect(await app.call('cachedToken', { profileId: profile.id })).toBeNull();
    expect(storedFor(profile.appid)).toEqual([]);
  });

  it('deleteSecret drops the token from memory and the keychain; nothing is served without a secret', async () => {
    const profile = await addApp(app);
    await app.call('getToken', { profileId: profile.id });
    await app.services.close(); // flush the write-behind
    app = openApp(fake, { userDataDir: folder.dir, tokenVault: vault });
    expect(storedFor(profile.appid)).toHaveLength(1);
    await app.call('deleteSecret', { profileId: profile.id });
    expect(storedFor(profile.appid)).toEqual([]);
    expect(await app.call('cachedToken', { profileId: profile.id })).toBeNull();
    expect(await app.fail('getToken', { profileId: profile.id })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
  });

  it('deleteProfile drops the tokens; the appid added again without a secret gets none back', async () => {
    const profile = await addApp(app);
    const token = await app.call('getToken', { profileId: profile.id });
    await app.call('deleteProfile', { profileId: profile.id });
    expect(storedFor(profile.appid)).toEqual([]);
    const again = await app.call('saveProfile', { label: 'Again', appid: FAKE_APP.appid, kind: 'official-account' });
    expect(await app.call('cachedToken', { profileId: again.id })).toBeNull();
    expect(JSON.stringify(vault.snapshot())).not.toContain(token.accessToken);
  });

  it('a new proxy is a new route: no token of the old route is served', async () => {
    const proxy: TestProxy = await startTestProxy();
    try {
      const profile = await addApp(app);
      expect((await app.call('getToken', { profileId: profile.id })).route).toEqual({ kind: 'direct' });
      const { createdAt: _c, ...input } = profile;
      await app.call('saveProfile', { ...input, proxy: proxy.url });
      expect(await app.call('cachedToken', { profileId: profile.id })).toBeNull();
      await app.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
      const through = await app.call('getToken', { profileId: profile.id });
      expect(through).toMatchObject({ fromCache: false, route: { kind: 'proxy', source: 'profile' } });
      expect((await proxy.waitFor(1)).length).toBeGreaterThanOrEqual(1);
    } finally {
      await proxy.close();
    }
    }, 30_000);

  it('the vault keys tokens by a keyed fingerprint, never the secret', async () => {
    const profile = await addApp(app);
    await app.call('getToken', { profileId: profile.id });
    await app.services.close();
    app = openApp(fake, { userDataDir: folder.dir, tokenVault: vault });
    const [entry] = storedFor(profile.appid);
    expect(entry?.fingerprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const text = JSON.stringify(vault.snapshot());
    expect(text).not.toContain(FAKE_APP.secret);
    expect(text).not.toContain(Buffer.from(FAKE_APP.secret).toString('base64'));
  });
});

describe('token replies are validated before anything is cached', () => {
  it.each([1e308, 1e12, 7200.5, 0, -5, 7201])('expires_in %s is a malformed reply, cached nowhere', async (expiresIn) => {
    fake.route('POST', STABLE, () => ({ access_token: 'FAKE-ABSURD-TOKEN-0000', expires_in: expiresIn }));
    const profile = await addApp(app);
    expect(await app.fail('getToken', { profileId: profile.id })).toMatchObject({ kind: 'network', reason: 'not-json' });
    expect(await app.call('cachedToken', { profileId: profile.id })).toBeNull();
    await app.services.close();
    app = openApp(fake, { userDataDir: folder.dir, tokenVault: vault });
    expect(vault.snapshot()).toEqual({});
  });

  it('7200 and 1 are accepted', async () => {
    const profile = await addApp(app);
    fake.route('POST', STABLE, () => ({ access_token: 'FAKE-SHORT-TOKEN-0001', expires_in: 1 }));
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ expiresIn: 1 });
  });
});
