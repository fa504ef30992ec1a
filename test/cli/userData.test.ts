/**
 * Separate `wxcred` processes share the user-data folder the desktop app uses: today's token
 * counts and the 30 s forced-refresh guard carry from one run to the next, settings.json applies,
 * and a throwaway profile (secret from env or stdin) is never written to profiles.json.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { openApp } from '../core/support';
import { baseEnv, ensureBuilt, onlyJson, tempDir, transcript, wxcred, type ChildEnv } from './support';

let wx: FakeWechat;
let userData: string;
let elsewhere: string;
let env: ChildEnv;

const secretArgs = ['--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET'];

beforeAll(async () => {
  await ensureBuilt();
  wx = await startFakeWechat();
}, 180_000);

beforeEach(async () => {
  userData = await tempDir('wxcred-cli-data-');
  elsewhere = await tempDir('wxcred-cli-other-');
  env = { ...baseEnv(userData), WXCRED_API_BASE: wx.url, WX_SECRET: FAKE_APP.secret };
});

afterEach(async () => {
  wx.scenario.clear();
  wx.resetCalls();
  await rm(userData, { recursive: true, force: true });
  await rm(elsewhere, { recursive: true, force: true });
});

afterAll(async () => {
  await wx?.close();
  expect(transcript.join('\n')).not.toContain(FAKE_APP.secret);
});

/** Today's counts for the fake app as the desktop app would show them, read from the same folder. */
async function statsIn(dir: string) {
  const app = openApp(wx, { userDataDir: dir });
  try {
    const profile = await app.call('saveProfile', { label: 'reader', appid: FAKE_APP.appid, kind: 'official-account' });
    return await app.call('tokenStats', { profileId: profile.id });
  } finally {
    await app.close();
  }
}

describe('two wxcred runs', () => {
  it('share the forced-refresh guard: the second --force within 30 s is refused before any call', async () => {
    const first = await wxcred(['token', ...secretArgs, '--force', '--json'], { env });
    expect(first.code).toBe(0);
    expect(onlyJson(first)).toMatchObject({ ok: true, lane: 'stable-forced' });
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);

    const before = Date.now();
    const second = await wxcred(['token', ...secretArgs, '--force', '--json'], { env });
    expect(second.code).toBe(2);
    const refused = onlyJson(second);
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'validation', message: expect.stringMatching(/forced refresh was made from this machine .* at most once every 30 s/) },
    });
    // When the guard lifts, as epoch ms: within 30 s of now, for a script to wait on.
    const { retryAt } = refused.error as { retryAt: number };
    expect(retryAt).toBeGreaterThan(before);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 30_000);
    // Refused here, not by WeChat: the second run never reached the server.
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('add up to one day of counts, whichever of --user-data and WXCRED_USER_DATA names the folder', async () => {
    expect((await wxcred(['check', ...secretArgs], { env })).code).toBe(0);
    // The flag wins over the environment variable.
    const flagged = await wxcred(['check', ...secretArgs, '--user-data', userData], { env: { ...env, WXCRED_USER_DATA: elsewhere } });
    expect(flagged.code).toBe(0);
    expect((await wxcred(['token', ...secretArgs, '--lane', 'classic'], { env })).code).toBe(0);

    const stats = await statsIn(userData);
    expect(stats.fetches).toEqual({ stable: 2, 'stable-forced': 0, classic: 1 });
    expect(stats.lastForcedAt).toBeNull();
    expect(existsSync(join(elsewhere, 'token-stats.json'))).toBe(false);
  });

  it('never write the throwaway profile of an env or stdin secret to profiles.json', async () => {
    expect((await wxcred(['check', ...secretArgs], { env })).code).toBe(0);
    expect((await wxcred(['check', '--appid', FAKE_APP.appid, '--secret-stdin'], { env, stdin: FAKE_APP.secret })).code).toBe(0);
    expect(existsSync(join(userData, 'token-stats.json'))).toBe(true);
    expect(existsSync(join(userData, 'profiles.json'))).toBe(false);
    const files = await readFile(join(userData, 'token-stats.json'), 'utf8');
    expect(files).not.toContain(FAKE_APP.secret);
  });
});

describe('settings.json', () => {
  it('applies to the CLI: a saved 500 ms deadline ends a call the default deadline would wait out', async () => {
    await writeFile(join(userData, 'settings.json'), JSON.stringify({ version: 1, settings: { deadlineMs: 500 } }));
    wx.scenario.slowHeaders(3000, '/cgi-bin/stable_token');
    const run = await wxcred(['check', ...secretArgs, '--json'], { env });
    expect(run.code).toBe(3);
    expect(onlyJson(run)).toMatchObject({ ok: false, error: { kind: 'network', reason: 'timeout' } });
  });
});
