/**
 * `wxcred --profile` against the real keychain: a profile saved the way the desktop app saves it
 * (profile store + keytar secret store, in a throwaway WXCRED_USER_DATA), used by the built CLI.
 * Needs a D-Bus session with an unlocked gnome-keyring (see test/support/keyring.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { PROFILES_FILE, createProfileStore } from '../../src/core/store/profileStore';
import { startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { requireSessionKeyring } from '../support/keyring';
import { baseEnv, ensureBuilt, onlyJson, tempDir, transcript, wxcred, type ChildEnv } from './support';

// Unique appids, so a developer's own keychain entries (service "wxcred", account = appid) are never touched.
const APP = { appid: `wx${randomBytes(8).toString('hex')}`, secret: `FAKE-PROFILE-SECRET-${randomBytes(6).toString('hex')}` };
const NO_SECRET_APPID = `wx${randomBytes(8).toString('hex')}`;
const LABEL = 'CLI keychain test';

let wx: FakeWechat;
let dir: string;
let env: ChildEnv;
const secrets = createKeytarSecretStore();

beforeAll(async () => {
  requireSessionKeyring();
  await ensureBuilt();
  wx = await startFakeWechat({ apps: [APP] });
  dir = await tempDir('wxcred-cli-profile-');
  const profiles = createProfileStore({ dir });
  await profiles.save({ label: LABEL, appid: APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
  await profiles.save({ label: 'No secret yet', appid: NO_SECRET_APPID, kind: 'mini-program', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
  await secrets.set(APP.appid, APP.secret);
  env = { ...baseEnv(dir), WXCRED_API_BASE: wx.url };
}, 180_000);

afterAll(async () => {
  await secrets.delete(APP.appid).catch(() => false);
  await wx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(transcript.join('\n')).not.toContain(APP.secret);
});

describe('wxcred --profile (real keychain)', () => {
  it('finds the profile by label, case-insensitively, and reads its secret from the keychain', async () => {
    const run = await wxcred(['check', '--profile', LABEL.toUpperCase()], { env });
    expect(run.stderr).toBe(`wxcred: WXCRED_API_BASE is set: calls go to ${wx.url}, not to WeChat\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^ok {2}${APP.appid} can get an access_token \\(stable lane, expires in 1h 59m, via direct\\)`));
    expect(wx.requests.at(-1)?.body).toMatchObject({ appid: APP.appid, secret: APP.secret, force_refresh: false });
  });

  it('finds it by appid; --appid must agree with it', async () => {
    const json = onlyJson(await wxcred(['token', '--profile', APP.appid, '--appid', APP.appid, '--json'], { env }));
    expect(json).toMatchObject({ ok: true, appid: APP.appid, masked: true });

    const other = await wxcred(['check', '--profile', APP.appid, '--appid', NO_SECRET_APPID], { env });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/does not match the profile/);
  });

  it('applies --domain/--proxy to this run only: profiles.json is never written', async () => {
    const before = await readFile(join(dir, PROFILES_FILE), 'utf8');
    const run = await wxcred(['check', '--profile', LABEL, '--domain', 'sh', '--proxy', 'ftp://nope', '--json'], { env });
    expect(run.code).toBe(2);
    expect(onlyJson(run).error).toMatchObject({ kind: 'validation' });
    expect(await wxcred(['check', '--profile', LABEL, '--domain', 'sh'], { env }).then((r) => r.code)).toBe(0);
    expect(await readFile(join(dir, PROFILES_FILE), 'utf8')).toBe(before);
  });

  it('exits 4 when the keychain holds no secret for the profile', async () => {
    const run = await wxcred(['check', '--profile', 'no secret yet', '--json'], { env });
    expect(run.code).toBe(4);
    expect(onlyJson(run)).toMatchObject({ ok: false, error: { kind: 'keychain', reason: 'no-secret' } });
  });

  it('lists the saved apps when the profile is unknown', async () => {
    const run = await wxcred(['check', '--profile', 'nope'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`saved apps: ${LABEL} (${APP.appid})`);
  });
});
