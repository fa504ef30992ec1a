/**
 * dist/wxcred.mjs, the CLI as one file, does what "scp it to the server and run it" promises:
 * copied alone into an empty folder where no node_modules can be found, `node wxcred.mjs check`
 * gets a token from the simulator; --profile without keytar is a typed keychain error (exit 4).
 */
import { copyFile, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileStore } from '../../src/core/store/profileStore';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { ONE_FILE, ensureOneFile } from '../support/build';
import { isolatedDir, onlyJson, run, serverEnv, transcript, type Env } from './support';

let wx: FakeWechat;
let dir: string;
let env: Env;

beforeAll(async () => {
  await ensureOneFile();
  wx = await startFakeWechat();
  dir = await isolatedDir('wxcred-onefile-');
  await copyFile(ONE_FILE, join(dir, 'wxcred.mjs'));
  env = serverEnv({ WXCRED_API_BASE: wx.url, WXCRED_USER_DATA: join(dir, 'user-data'), WX_SECRET: FAKE_APP.secret });
}, 180_000);

afterAll(async () => {
  await wx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(transcript.join('\n')).not.toContain(FAKE_APP.secret);
});

const node = (args: string[]) => run(process.execPath, ['wxcred.mjs', ...args], { cwd: dir, env });

describe('dist/wxcred.mjs alone in an empty folder', { timeout: 60_000 }, () => {
  it('runs `check` against the simulator and exits 0', async () => {
    const result = await node(['check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET']);
    expect(result.stderr).toBe(`wxcred: WXCRED_API_BASE is set: calls go to ${wx.url}, not to WeChat\n`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ok {2}wx0123456789abcdef can get an access_token \(stable lane, expires in 1h 59m, via direct\)\n$/);
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('prints exactly one JSON object with --json', async () => {
    const result = await node(['check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET', '--json']);
    expect(result.code).toBe(0);
    expect(onlyJson(result)).toMatchObject({ ok: true });
  });

  it('is a Node script npm can link as a command', async () => {
    const text = await readFile(join(dir, 'wxcred.mjs'), 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const version = await node(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe((JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version);
  });

  it('answers --profile without keytar beside it with a typed keychain error, advice and exit 4', async () => {
    const profiles = createProfileStore({ dir: join(dir, 'user-data') });
    await profiles.save({ label: 'Saved app', appid: FAKE_APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
    const human = await node(['check', '--profile', 'Saved app']);
    expect(human.code).toBe(4);
    expect(human.stdout).toMatch(/keychain failure \(unavailable\)/);
    expect(human.stdout).toMatch(/--secret-env VAR or --secret-stdin/);
    expect(human.stdout).toMatch(/npm install --allow-scripts=keytar keytar@\d/);
    const json = await node(['check', '--profile', 'Saved app', '--json']);
    expect(json.code).toBe(4);
    expect(onlyJson(json)).toMatchObject({ ok: false, error: { kind: 'keychain', reason: 'unavailable' } });
    // The secret from the environment still works: only --profile needs keytar.
    expect((await node(['check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET'])).code).toBe(0);
  });
});
