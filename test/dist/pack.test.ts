/**
 * `npm pack` makes a package that `npm install -g` installs with no compiler: the one file, no
 * dependency to build (keytar is optional), no install script; installed with keytar left out,
 * as npm does where keytar cannot be built, `wxcred check` works and --profile exits 4.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileStore } from '../../src/core/store/profileStore';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { ROOT, ensureOneFile } from '../support/build';
import { isolatedDir, run, serverEnv, transcript } from './support';

const exec = promisify(execFile);

interface PackedFile {
  path: string;
}
interface Manifest {
  name: string;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  gypfile?: boolean;
  engines?: Record<string, string>;
}

let dir: string;
let tarball: string;
let files: string[];
let manifest: Manifest;
let wx: FakeWechat;

beforeAll(async () => {
  await ensureOneFile();
  wx = await startFakeWechat();
  dir = await isolatedDir('wxcred-pack-');
  // Scripts off: prepack would rebuild the one file, which ensureOneFile has just made fresh.
  const { stdout } = await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 16 << 20 });
  const [packed] = JSON.parse(stdout) as [{ filename: string; files: PackedFile[] }];
  tarball = join(dir, packed.filename);
  files = packed.files.map((f) => f.path).sort();
  await exec('tar', ['-xzf', tarball, '-C', dir, 'package/package.json']);
  manifest = JSON.parse(await readFile(join(dir, 'package/package.json'), 'utf8')) as Manifest;
}, 180_000);

afterAll(async () => {
  await wx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  expect(transcript.join('\n')).not.toContain(FAKE_APP.secret);
});

describe('npm pack', { timeout: 60_000 }, () => {
  it('ships the one file as the wxcred command and no source, tests or native code', () => {
    expect(files).toContain('dist/wxcred.mjs');
    expect(files).toContain('package.json');
    expect(manifest.bin).toEqual({ wxcred: 'dist/wxcred.mjs' });
    for (const file of files) {
      expect(file).not.toMatch(/^(src|test|bench|scripts|node_modules)\/|\.node$|binding\.gyp$|\.map$/);
    }
    // npm always packs "main" (the desktop app's entry); it must not drag its chunks or the executable in.
    expect(files.filter((f) => f.startsWith('dist/'))).toEqual(['dist/wxcred.mjs']);
  });

  it('needs nothing built: no dependencies, keytar only optional, no install script', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(Object.keys(manifest.optionalDependencies ?? {})).toEqual(['keytar']);
    expect(manifest.gypfile).toBeUndefined();
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(manifest.scripts ?? {}).not.toHaveProperty(hook);
    expect(manifest.engines?.node).toMatch(/^>=20/);
  });

  it('installs with npm install -g, offline and without keytar, and the command runs check', async () => {
    const prefix = join(dir, 'prefix');
    await exec(
      'npm',
      ['install', '-g', '--prefix', prefix, '--cache', join(dir, 'npm-cache'), '--offline', '--omit=optional', '--no-audit', '--no-fund', tarball],
      { cwd: dir, env: serverEnv({ npm_config_update_notifier: 'false' }) },
    );
    const bin = join(prefix, process.platform === 'win32' ? 'wxcred.cmd' : 'bin/wxcred');
    const env = serverEnv({ WXCRED_API_BASE: wx.url, WXCRED_USER_DATA: join(dir, 'user-data'), WX_SECRET: FAKE_APP.secret });
    const check = await run(bin, ['check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET'], { cwd: dir, env });
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/^ok {2}wx0123456789abcdef can get an access_token \(stable lane/);
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
    const profiles = createProfileStore({ dir: join(dir, 'user-data') });
    await profiles.save({ label: 'Saved app', appid: FAKE_APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
    const profile = await run(bin, ['check', '--profile', 'Saved app'], { cwd: dir, env });
    expect(profile.code).toBe(4);
    expect(profile.stdout).toMatch(/keychain failure \(unavailable\).*keytar.*not installed/s);
  });
});
