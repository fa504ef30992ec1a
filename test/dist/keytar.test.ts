/**
 * keytar is loaded only when --profile needs it, from next to the artefact: with
 * node_modules/keytar beside dist/wxcred.mjs or the executable, --profile reads the real keychain.
 * Needs a D-Bus session with an unlocked gnome-keyring (scripts/with-keyring.sh).
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rm, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { createProfileStore } from '../../src/core/store/profileStore';
import { startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { requireSessionKeyring } from '../support/keyring';
import { EXECUTABLE, ONE_FILE, ROOT, ensureExecutable, ensureOneFile } from '../support/build';
import { isolatedDir, pathWithoutNode, run, serverEnv, transcript, type Env } from './support';

// A unique appid, so a developer's own keychain entries (service "wxcred", account = appid) are never touched.
const APP = { appid: `wx${randomBytes(8).toString('hex')}`, secret: `FAKE-DIST-SECRET-${randomBytes(6).toString('hex')}` };
const secrets = createKeytarSecretStore();

let wx: FakeWechat;
let dir: string;
let env: Env;

beforeAll(async () => {
  requireSessionKeyring();
  await ensureOneFile();
  await ensureExecutable();
  wx = await startFakeWechat({ apps: [APP] });
  dir = await isolatedDir('wxcred-dist-keytar-');
  await copyFile(ONE_FILE, join(dir, 'wxcred.mjs'));
  await copyFile(EXECUTABLE, join(dir, basename(EXECUTABLE)));
  // What `npm install keytar` in this folder would leave: the module beside the artefacts.
  await mkdir(join(dir, 'node_modules'));
  await symlink(join(ROOT, 'node_modules/keytar'), join(dir, 'node_modules/keytar'), 'dir');
  const profiles = createProfileStore({ dir: join(dir, 'user-data') });
  await profiles.save({ label: 'Dist keychain test', appid: APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
  await secrets.set(APP.appid, APP.secret);
  env = serverEnv({
    WXCRED_API_BASE: wx.url,
    WXCRED_USER_DATA: join(dir, 'user-data'),
    ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
  });
}, 180_000);

afterAll(async () => {
  await secrets.delete(APP.appid).catch(() => false);
  await wx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(transcript.join('\n')).not.toContain(APP.secret);
});

const ok = new RegExp(`^ok {2}${APP.appid} can get an access_token \\(stable lane`);

describe('--profile with keytar beside the artefact', { timeout: 60_000 }, () => {
  it('dist/wxcred.mjs reads the secret from the keychain', async () => {
    const result = await run(process.execPath, ['wxcred.mjs', 'check', '--profile', 'Dist keychain test'], { cwd: dir, env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(ok);
  });

  it('the executable reads the secret from the keychain, with no Node on PATH', async () => {
    const result = await run(join(dir, basename(EXECUTABLE)), ['check', '--profile', 'Dist keychain test'], {
      cwd: dir,
      env: { ...env, PATH: pathWithoutNode() },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(ok);
  });
});
