import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_FILE, createSettingsStore, defaultSettings } from '../../../src/core/store/settings';
import { createMemoryTokenVault } from '../../../src/core/token/tokenVault';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { manualClock } from '../wechat/support';
import { addApp, openApp, tempDir } from '../support';

let folder: Awaited<ReturnType<typeof tempDir>>;
let fake: FakeWechat;

beforeEach(async () => {
  folder = await tempDir();
  fake = await startFakeWechat();
});

afterEach(async () => {
  await fake.close();
  await folder.remove();
});

const file = () => join(folder.dir, SETTINGS_FILE);

describe('settings store', () => {
  it('starts at the defaults; a save merges, persists (0600) and is read back by the next start', async () => {
    const store = createSettingsStore({ dir: folder.dir });
    expect(store.get()).toEqual({
      refreshMarginMinutes: 5,
      connectTimeoutMs: 5000,
      headersTimeoutMs: 10_000,
      bodyTimeoutMs: 10_000,
      deadlineMs: 20_000,
      maxBodyBytes: 1024 * 1024,
    });
    expect(await store.save({ refreshMarginMinutes: 15 })).toMatchObject({ refreshMarginMinutes: 15, deadlineMs: 20_000 });
    await store.save({ deadlineMs: 30_000 });
    expect((await stat(file())).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file(), 'utf8'))).toMatchObject({ version: 1, settings: { refreshMarginMinutes: 15, deadlineMs: 30_000 } });
    const again = createSettingsStore({ dir: folder.dir });
    expect(again.get()).toEqual({ ...defaultSettings, refreshMarginMinutes: 15, deadlineMs: 30_000 });
    expect(again.notices()).toEqual([]);
    // No temp files left behind.
    expect(await readdir(folder.dir)).toEqual([SETTINGS_FILE]);
  });

  it.each([
    ['not JSON', '{"version":1,'],
    ['empty', ''],
    ['out of range', JSON.stringify({ version: 1, settings: { refreshMarginMinutes: 500 } })],
    ['wrong type', JSON.stringify({ version: 1, settings: { deadlineMs: '20s' } })],
    ['unknown version', JSON.stringify({ version: 9, settings: {} })],
  ])('a corrupt file (%s) is moved aside: defaults, and a notice', async (_what, content) => {
    await writeFile(file(), content);
    const store = createSettingsStore({ dir: folder.dir, clock: () => Date.UTC(2025, 0, 6) });
    expect(store.get()).toEqual(defaultSettings);
    expect(store.notices()).toHaveLength(1);
    expect(store.notices()[0]).toMatch(/^settings\.json was unreadable \(.+\); moved to .*settings\.json\.corrupt-2025-01-06T00-00-00-000Z; using the default settings\.$/);
    expect((await readdir(folder.dir)).sort()).toEqual([`${SETTINGS_FILE}.corrupt-2025-01-06T00-00-00-000Z`]);
    await store.save({ connectTimeoutMs: 2000 });
    expect(createSettingsStore({ dir: folder.dir }).get().connectTimeoutMs).toBe(2000);
  });

  it('refuses values the contract refuses', async () => {
    const store = createSettingsStore({ dir: folder.dir });
    await expect(store.save({ maxBodyBytes: 10 })).rejects.toMatchObject({ error: { kind: 'validation' } });
    expect(store.get()).toEqual(defaultSettings);
  });
});

describe('settings through the handlers apply to the next call', () => {
  it('getSettings/saveSettings, with the schema at the bridge', async () => {
    const app = openApp(fake, { userDataDir: folder.dir, tokenVault: createMemoryTokenVault() });
    expect(await app.call('getSettings', {})).toEqual(defaultSettings);
    expect(await app.fail('saveSettings', { refreshMarginMinutes: -1 })).toMatchObject({ kind: 'validation' });
    expect(await app.fail('saveSettings', { deadlineMs: 100, extra: 1 } as never)).toMatchObject({ kind: 'validation' });
    expect(await app.call('saveSettings', { headersTimeoutMs: 300 })).toMatchObject({ headersTimeoutMs: 300 });
    await app.close();
    const reopened = openApp(fake, { userDataDir: folder.dir, tokenVault: createMemoryTokenVault() });
    expect(await reopened.call('getSettings', {})).toMatchObject({ headersTimeoutMs: 300 });
    await reopened.close();
  });

  it('timeouts and the body cap take effect without a restart', async () => {
    const app = openApp(fake, { userDataDir: folder.dir, tokenVault: createMemoryTokenVault() });
    const profile = await addApp(app);
    await app.call('saveSettings', { headersTimeoutMs: 200, deadlineMs: 5000 });
    fake.scenario.slowHeaders(1000, { path: '/cgi-bin/stable_token', times: 1 });
    const slow = await app.fail('getToken', { profileId: profile.id });
    expect(slow).toMatchObject({ kind: 'network', reason: 'timeout', message: expect.stringContaining('no response headers within 200 ms') });

    await app.call('saveSettings', { maxBodyBytes: 2048, headersTimeoutMs: 10_000 });
    fake.scenario.oversize(100_000, { path: '/cgi-bin/stable_token', times: 1 });
    expect(await app.fail('getToken', { profileId: profile.id })).toMatchObject({
      kind: 'network',
      reason: 'body-too-large',
      message: expect.stringContaining('2048-byte limit'),
    });
    await expect(app.call('getToken', { profileId: profile.id })).resolves.toMatchObject({ fromCache: false });
    await app.close();
  });

  it('the refresh margin comes from the settings', async () => {
    const clock = manualClock();
    await fake.close();
    fake = await startFakeWechat({ clock: clock.now });
    const app = openApp(fake, { userDataDir: folder.dir, clock: clock.now, tokenVault: createMemoryTokenVault() });
    const profile = await addApp(app);
    await app.call('getToken', { profileId: profile.id });
    clock.advance((7200 - 9 * 60) * 1000); // 9 minutes left
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: true });
    await app.call('saveSettings', { refreshMarginMinutes: 10 });
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false });
    expect(fake.calls('/cgi-bin/stable_token')).toBe(2);
    await app.call('saveSettings', { refreshMarginMinutes: 0 });
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: true });
    expect(fake.calls('/cgi-bin/stable_token')).toBe(2);
    expect(FAKE_APP.appid).toBe(profile.appid);
    await app.close();
  });
});
