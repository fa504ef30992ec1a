/**
 * dist/wxcred-<platform>-<arch>, the CLI as a single executable application, runs where there is
 * no Node: copied alone into an empty folder and started with a PATH that finds no `node`, it gets
 * a token from the simulator; --profile without keytar beside it is a typed keychain error.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileStore } from '../../src/core/store/profileStore';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { EXECUTABLE, ensureExecutable } from '../support/build';
import { isolatedDir, onlyJson, pathWithoutNode, run, serverEnv, transcript, type Env } from './support';

let wx: FakeWechat;
let dir: string;
let exe: string;
let env: Env;

beforeAll(async () => {
  await ensureExecutable();
  wx = await startFakeWechat();
  dir = await isolatedDir('wxcred-exe-');
  exe = join(dir, basename(EXECUTABLE));
  await copyFile(EXECUTABLE, exe);
  env = serverEnv({ PATH: pathWithoutNode(), WXCRED_API_BASE: wx.url, WXCRED_USER_DATA: join(dir, 'user-data'), WX_SECRET: FAKE_APP.secret });
}, 180_000);

afterAll(async () => {
  await wx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(transcript.join('\n')).not.toContain(FAKE_APP.secret);
});

const wxcred = (args: string[]) => run(exe, args, { cwd: dir, env });

describe('the wxcred executable, with no Node on PATH', { timeout: 60_000 }, () => {
  it('really has no node to fall back on', () => {
    expect(() => execFileSync('node', ['--version'], { env, stdio: 'ignore' })).toThrow(/ENOENT/);
  });

  it('runs `check` against the simulator and exits 0', async () => {
    const result = await wxcred(['check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET']);
    expect(result.stderr).toBe(`wxcred: WXCRED_API_BASE is set: calls go to ${wx.url}, not to WeChat\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}wx0123456789abcdef can get an access_token \(stable lane, expires in 1h 59m, via direct\)\n$/);
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('reads its own arguments, not Node\'s: --help and a usage error', async () => {
    const help = await wxcred(['check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--secret-env/);
    const usage = await wxcred(['check', '--appid', FAKE_APP.appid]);
    expect(usage.code).toBe(2);
  });

  it('answers --profile without keytar beside it with a typed keychain error and exit 4', async () => {
    const profiles = createProfileStore({ dir: join(dir, 'user-data') });
    await profiles.save({ label: 'Saved app', appid: FAKE_APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
    const result = await wxcred(['check', '--profile', 'Saved app', '--json']);
    expect(result.code).toBe(4);
    const error = onlyJson(result).error as { kind: string; reason: string; message: string };
    expect(error).toMatchObject({ kind: 'keychain', reason: 'unavailable' });
    expect(error.message).toMatch(/npm install --allow-scripts=keytar keytar@\d.*executable/);
  });
});
