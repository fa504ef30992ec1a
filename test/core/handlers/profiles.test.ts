/**
 * An AppSecret reaches only the API it was saved for, and a proxy password lives in the keychain:
 * the real handlers through dispatch, a capture server on loopback standing in for "another host".
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenLane } from '../../../src/contract';
import { createEphemeralSecretStore } from '../../../src/core/store/memoryStores';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { startTestProxy } from '../../support/proxy';
import { openApp, tempDir, type App } from '../support';

interface Captured {
  url: string;
  body: string;
}

/** Answers everything like a token endpoint would, and keeps every byte it was sent. */
async function startCapture(): Promise<{ url: string; seen: Captured[]; close(): Promise<void> }> {
  const seen: Captured[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"FAKE-CAPTURED","expires_in":7200}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let fake: FakeWechat;
let folder: Awaited<ReturnType<typeof tempDir>>;
let app: App;

beforeEach(async () => {
  fake = await startFakeWechat();
  folder = await tempDir();
  // No WXCRED_API_BASE: each profile's own base decides where its calls go.
  app = openApp(fake, { userDataDir: folder.dir, env: {} });
});

afterEach(async () => {
  await app.close();
  await fake.close();
  await folder.remove();
});

const customApp = (base: string) => ({ label: 'Simulator', appid: FAKE_APP.appid, kind: 'official-account' as const, domain: 'custom' as const, customBase: base });

describe('a secret is bound to the API base it was saved for', () => {
  it.each<TokenLane>(['stable', 'classic'])('re-pointing the profile deletes the secret; nothing reaches the other host (%s lane)', async (lane) => {
    const capture = await startCapture();
    try {
      const profile = await app.call('saveProfile', customApp(fake.url));
      await app.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
      await app.call('getToken', { profileId: profile.id, lane, confirmInvalidate: true });

      const moved = await app.call('saveProfile', { ...customApp(capture.url), id: profile.id });
      expect(moved.secretCleared).toBe(true);
      expect(await app.call('secretStatus', { profileId: profile.id })).toEqual({ stored: false, hint: null });
      expect(await app.fail('getToken', { profileId: profile.id, lane, confirmInvalidate: true })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
      expect(await app.call('cachedToken', { profileId: profile.id, lane })).toBeNull();
      for (const request of capture.seen) expect(`${request.url} ${request.body}`).not.toContain(FAKE_APP.secret);
      expect(capture.seen).toEqual([]);
    } finally {
      await capture.close();
    }
  });

  it('a new proxy host deletes the secret too; the proxy never sees it', async () => {
    const capture = await startCapture();
    try {
      const profile = await app.call('saveProfile', customApp(fake.url));
      await app.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
      const moved = await app.call('saveProfile', { ...customApp(fake.url), id: profile.id, proxy: capture.url });
      expect(moved.secretCleared).toBe(true);
      await app.fail('getToken', { profileId: profile.id });
      expect(capture.seen).toEqual([]);
    } finally {
      await capture.close();
    }
  });

  it('an edit that keeps the base and proxy keeps the secret', async () => {
    const profile = await app.call('saveProfile', customApp(`${fake.url}/`));
    await app.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
    const renamed = await app.call('saveProfile', { ...customApp(fake.url), id: profile.id, label: 'Renamed', autoRefresh: true });
    expect(renamed.secretCleared).toBe(false);
    expect(await app.call('secretStatus', { profileId: profile.id })).toMatchObject({ stored: true });
  });

  it.each(['http://192.0.2.10', 'http://example.com/api', 'ftp://127.0.0.1'])('a custom base of %s is refused', async (base) => {
    const error = await app.fail('saveProfile', customApp(base));
    expect(error).toMatchObject({ kind: 'validation' });
  });

  it.each(['https://wx-gateway.example.com', 'http://127.0.0.1:8080', 'http://[::1]:9000', 'http://localhost:3000'])('a custom base of %s is accepted', async (base) => {
    await expect(app.call('saveProfile', customApp(base))).resolves.toMatchObject({ customBase: base });
  });

  it('an app added afresh in another install on the same keychain does not get a secret saved for another base', async () => {
    // Two installs (two user-data folders), one keychain: the desktop app and `npm run web --user-data …`.
    const keychain = createEphemeralSecretStore();
    const other = await tempDir();
    const capture = await startCapture();
    const first = openApp(fake, { userDataDir: folder.dir, env: {}, secrets: keychain });
    const second = openApp(fake, { userDataDir: other.dir, env: {}, secrets: keychain });
    try {
      const mine = await first.call('saveProfile', customApp(fake.url));
      await first.call('setSecret', { profileId: mine.id, secret: FAKE_APP.secret });

      // The same AppID, new in the second install, pointed elsewhere (or imported from a file that says so).
      const theirs = await second.call('saveProfile', customApp(capture.url));
      expect(await second.call('secretStatus', { profileId: theirs.id })).toEqual({ stored: false, hint: null });
      const refused = await second.fail('getToken', { profileId: theirs.id, lane: 'stable' });
      expect(refused).toMatchObject({ kind: 'keychain', reason: 'no-secret', message: expect.stringContaining('saved for another API base') });
      expect(await second.call('profileStatuses', {})).toMatchObject([{ secret: 'missing' }]);
      expect(capture.seen).toEqual([]);

      // The first install still uses its secret where it was saved for.
      expect((await first.call('getToken', { profileId: mine.id, lane: 'stable' })).accessToken).toBeTruthy();

      // Saving the secret in the second install binds it there, and then the first one's app no longer gets it.
      await second.call('setSecret', { profileId: theirs.id, secret: 'FAKE-second-install-secret' });
      expect(await first.call('secretStatus', { profileId: mine.id })).toEqual({ stored: false, hint: null });
      // (Its cached stable token was made by the secret it saved, and stays; a new fetch reads the keychain.)
      expect(await first.fail('getToken', { profileId: mine.id, lane: 'classic', confirmInvalidate: true })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
    } finally {
      await first.close();
      await second.close();
      await capture.close();
      await other.remove();
    }
  });

  it('deleting the app removes the binding with the secret', async () => {
    const keychain = createEphemeralSecretStore();
    const own = openApp(fake, { userDataDir: (await tempDir()).dir, env: {}, secrets: keychain });
    try {
      const profile = await own.call('saveProfile', customApp(fake.url));
      await own.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
      expect(await keychain.get(`${FAKE_APP.appid}/saved-for`)).toContain(fake.url.replace(/\/$/, ''));
      await own.call('deleteProfile', { profileId: profile.id });
      expect(await keychain.get(FAKE_APP.appid)).toBeNull();
      expect(await keychain.get(`${FAKE_APP.appid}/saved-for`)).toBeNull();
    } finally {
      await own.close();
    }
  });
});

describe('proxy credentials live in the keychain', () => {
  it('the profile keeps the URL without user:password; the route uses the keychain\'s credentials', async () => {
    const proxySecrets = createEphemeralSecretStore();
    await app.close();
    app = openApp(fake, { userDataDir: folder.dir, env: {}, proxySecrets });
    const proxy = await startTestProxy({ username: 'FAKEUSER', password: 'FAKE-PROXY-PASS-31' });
    try {
      const profile = await app.call('saveProfile', { ...customApp(fake.url), proxy: proxy.url });
      expect(profile.proxy).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${proxy.port}/?$`));
      expect(profile.proxyAuth).toBe(true);
      expect(JSON.stringify(await app.call('listProfiles', {}))).not.toContain('FAKE-PROXY-PASS-31');
      expect(await readFile(join(folder.dir, 'profiles.json'), 'utf8')).not.toContain('FAKE-PROXY-PASS-31');
      expect(await proxySecrets.get(profile.id)).toBe('FAKEUSER:FAKE-PROXY-PASS-31');

      await app.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
      await app.call('getToken', { profileId: profile.id });
      const handled = await proxy.waitFor(1);
      expect(handled.every((r) => r.authorized)).toBe(true);

      // Saved again as listed (no credentials typed): the stored ones still apply.
      const { createdAt: _c, ...input } = profile;
      await app.call('saveProfile', { ...input, label: 'Renamed' });
      expect(await proxySecrets.get(profile.id)).toBe('FAKEUSER:FAKE-PROXY-PASS-31');
    } finally {
      await proxy.close();
    }
    }, 30_000);

  it('a profiles.json with credentials in the URL is migrated on load: keychain, rewritten file', async () => {
    await app.close();
    const id = '3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b';
    await writeFile(
      join(folder.dir, 'profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: [
          { id, label: 'Old', appid: FAKE_APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: 'http://olduser:FAKE-OLD-PASS-77@127.0.0.1:3128', autoRefresh: false, createdAt: new Date(0).toISOString() },
        ],
      }),
    );
    const proxySecrets = createEphemeralSecretStore();
    app = openApp(fake, { userDataDir: folder.dir, env: {}, proxySecrets });
    const [listed] = await app.call('listProfiles', {});
    expect(listed).toMatchObject({ id, proxy: 'http://127.0.0.1:3128', proxyAuth: true });
    expect(await proxySecrets.get(id)).toBe('olduser:FAKE-OLD-PASS-77');
    const file = await readFile(join(folder.dir, 'profiles.json'), 'utf8');
    expect(file).not.toContain('FAKE-OLD-PASS-77');
    expect(JSON.parse(file)).toMatchObject({ profiles: [{ id, proxy: 'http://127.0.0.1:3128', proxyAuth: true }] });
  });
});
