/**
 * The built `wxcred` against the fake WeChat server: every command, every exit status, the --json
 * shape, and that no secret ever reaches stdout or stderr.
 */
import { createServer } from 'node:net';
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProfileStore } from '../../src/core/store/profileStore';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { startTestProxy } from '../support/proxy';
import { BIN, baseEnv, ensureBuilt, onlyJson, tempDir, transcript, wxcred, type ChildEnv } from './support';

const { appid: APPID, secret: SECRET } = FAKE_APP;
const WRONG_SECRET = 'FAKE-WRONG-SECRET-00000000000000';
const SHORT_SECRET = 'FAKE-7c';

let wx: FakeWechat;
let userData: string;
let env: ChildEnv;

/** A port with nothing listening: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  await ensureBuilt();
  wx = await startFakeWechat();
  userData = await tempDir('wxcred-cli-');
}, 180_000);

beforeEach(() => {
  wx.scenario.clear();
  wx.resetCalls();
  env = { ...baseEnv(userData), WXCRED_API_BASE: wx.url, WX_SECRET: SECRET };
});

afterAll(async () => {
  await wx?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
  // The whole point of the secret rules: across every run above, not one copy leaked.
  const all = transcript.join('\n');
  for (const secret of [SECRET, WRONG_SECRET, SHORT_SECRET]) expect(all).not.toContain(secret);
});

const secretArgs = ['--appid', APPID, '--secret-env', 'WX_SECRET'];

describe('wxcred check', () => {
  it('says in one line that this machine can get a token, on the stable lane, secret from env', async () => {
    const run = await wxcred(['check', ...secretArgs], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ok {2}wx0123456789abcdef can get an access_token \(stable lane, expires in 1h 59m, via direct\)\n$/);
    expect(run.stderr).toBe(`wxcred: WXCRED_API_BASE is set: calls go to ${wx.url}, not to WeChat\n`);
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
    expect(wx.calls('/cgi-bin/token')).toBe(0);
    expect(wx.requests[0]?.body).toMatchObject({ force_refresh: false });
  });

  it('reads the secret from stdin, dropping the trailing newline, and prints one JSON object', async () => {
    const run = await wxcred(['check', '--appid', APPID, '--secret-stdin', '--json'], { env, stdin: `${SECRET}\n` });
    expect(run.code).toBe(0);
    const out = onlyJson(run);
    expect(out).toMatchObject({ ok: true, appid: APPID, lane: 'stable', expiresIn: expect.any(Number), fromCache: false, apiBase: wx.url, route: { kind: 'direct' } });
    expect(out.expiresIn).toBeGreaterThan(7000);
    expect(out).not.toHaveProperty('accessToken');
    expect(run.stdout).not.toContain(wx.tokens.currentOf(APPID, 'stable')?.token ?? 'no-token');
  });

  it('exits 1 with errcode, meaning and fix when WeChat rejects the secret', async () => {
    const run = await wxcred(['check', ...secretArgs], { env: { ...env, WX_SECRET: WRONG_SECRET } });
    expect(run.code).toBe(1);
    const [first, ...details] = run.stdout.trimEnd().split('\n');
    expect(first).toMatch(/^fail {2}wx0123456789abcdef cannot get an access_token \(stable lane, via direct\): errcode 40125/);
    expect(details.join('\n')).toMatch(/meaning: .*40125|meaning: /);
    expect(details.join('\n')).toMatch(/fix: /);

    const json = onlyJson(await wxcred(['check', ...secretArgs, '--json'], { env: { ...env, WX_SECRET: WRONG_SECRET } }));
    expect(json.ok).toBe(false);
    expect(json.error).toMatchObject({ kind: 'wechat', errcode: 40125, meaning: { en: expect.any(String) }, fix: { en: expect.any(String), zh: expect.any(String) } });
    expect(typeof (json.error as { errmsg: unknown }).errmsg).toBe('string');
    expect((json.error as { rid?: unknown }).rid).toEqual(expect.any(String));
  });

  it('on 40164 shows the IP WeChat saw and where to whitelist it', async () => {
    wx.scenario.ipNotWhitelisted('203.0.113.7');
    const run = await wxcred(['check', ...secretArgs], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('errcode 40164');
    expect(run.stdout).toContain('WeChat saw this server as 203.0.113.7 — add it to the IP whitelist: ');
    expect(run.stdout).toMatch(/IP白名单/);

    wx.scenario.ipNotWhitelisted('203.0.113.7');
    const json = onlyJson(await wxcred(['check', ...secretArgs, '--json'], { env }));
    expect(json.error).toMatchObject({ kind: 'wechat', errcode: 40164, ip: '203.0.113.7', meaning: { zh: expect.any(String), en: expect.any(String) } });
  });

  it('exits 3 when WeChat cannot be reached', async () => {
    const dead = { ...env, WXCRED_API_BASE: `http://127.0.0.1:${await closedPort()}` };
    const run = await wxcred(['check', ...secretArgs], { env: dead });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/^fail .*network failure \(refused\)/);
    const json = onlyJson(await wxcred(['check', ...secretArgs, '--json'], { env: dead }));
    expect(json).toMatchObject({ ok: false, error: { kind: 'network', reason: 'refused' } });
  });

  it('exits 3 on a gateway error page', async () => {
    wx.scenario.html502();
    const run = await wxcred(['check', ...secretArgs, '--json'], { env });
    expect(run.code).toBe(3);
    expect(onlyJson(run).error).toMatchObject({ kind: 'network' });
  });

  it('exits 1 on a WeChat errcode that is not about credentials (daily quota)', async () => {
    wx.scenario.quota45009();
    const run = await wxcred(['check', ...secretArgs, '--json'], { env });
    expect(run.code).toBe(1);
    expect(onlyJson(run).error).toMatchObject({ kind: 'wechat', errcode: 45009 });
  });

  it('--lane classic warns on stderr that it invalidates production\'s token', async () => {
    const run = await wxcred(['check', ...secretArgs, '--lane', 'classic'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: --lane classic .*stops working/);
    expect(run.stdout).toMatch(/^ok .*\(classic lane, /);
    expect(wx.calls('/cgi-bin/token')).toBe(1);
  });

  it('honours --domain and --proxy only as validated profile fields', async () => {
    const run = await wxcred(['check', ...secretArgs, '--proxy', 'ftp://example.com', '--json'], { env });
    expect(run.code).toBe(2);
    expect(onlyJson(run).error).toMatchObject({ kind: 'validation' });
    expect(wx.calls('/cgi-bin/stable_token')).toBe(0);
  });
});

describe('wxcred check --proxy', () => {
  const PROXY_PASSWORD = 'FAKE-PROXY-PASSWORD-42';

  it('goes through the proxy, says so, and never prints the proxy credentials', async () => {
    const proxy = await startTestProxy({ username: 'ci', password: PROXY_PASSWORD });
    try {
      const run = await wxcred(['check', ...secretArgs, '--proxy', proxy.url], { env });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`via proxy http://127.0.0.1:${proxy.port})`);
      expect((await proxy.waitFor(1)).some((r) => r.authorized && r.port === wx.port)).toBe(true);

      wx.scenario.ipNotWhitelisted('198.51.100.9');
      const blocked = await wxcred(['check', ...secretArgs, '--proxy', proxy.url], { env });
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toContain(`WeChat saw this server (through proxy http://127.0.0.1:${proxy.port}) as 198.51.100.9`);

      wx.scenario.clear();
      const json = onlyJson(await wxcred(['check', ...secretArgs, '--proxy', proxy.url, '--json'], { env }));
      expect(json.route).toEqual({ kind: 'proxy', proxy: `http://127.0.0.1:${proxy.port}`, source: 'profile' });
      expect(transcript.join('\n')).not.toContain(PROXY_PASSWORD);
    } finally {
      await proxy.close();
    }
  });
});

describe('wxcred token', () => {
  it('prints the token masked (first 6 … last 4) and its expiry', async () => {
    const run = await wxcred(['token', ...secretArgs], { env });
    expect(run.code).toBe(0);
    const token = wx.tokens.currentOf(APPID, 'stable')?.token ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(run.stdout).toContain(`access_token  ${token.slice(0, 6)}…${token.slice(-4)}  (masked`);
    expect(run.stdout).toMatch(/expires in {4}1h 59m, at \d{4}-/);
    expect(run.stdout).not.toContain(token);
  });

  it('--show prints it whole; --json carries it masked unless --show', async () => {
    const masked = onlyJson(await wxcred(['token', ...secretArgs, '--json'], { env }));
    const token = wx.tokens.currentOf(APPID, 'stable')?.token ?? '';
    expect(masked).toMatchObject({ ok: true, masked: true, accessToken: `${token.slice(0, 6)}…${token.slice(-4)}`, lane: 'stable' });

    const shown = onlyJson(await wxcred(['token', ...secretArgs, '--json', '--show'], { env }));
    expect(shown).toMatchObject({ ok: true, masked: false, accessToken: token });
    const human = await wxcred(['token', ...secretArgs, '--show'], { env });
    expect(human.stdout.split('\n')[0]).toBe(`access_token  ${token}`);
  });

  it('--force uses force_refresh and warns on stderr', async () => {
    const before = onlyJson(await wxcred(['token', ...secretArgs, '--json', '--show'], { env })).accessToken;
    const run = await wxcred(['token', ...secretArgs, '--force', '--json', '--show'], { env });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning: --force .*new access_token.*stops working/);
    const out = onlyJson(run);
    expect(out.lane).toBe('stable-forced');
    expect(out.accessToken).not.toBe(before);
    expect(wx.requests.at(-1)?.body).toMatchObject({ force_refresh: true });
  });

  it('refuses --force with --lane classic', async () => {
    const run = await wxcred(['token', ...secretArgs, '--force', '--lane', 'classic'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--force applies to the stable lane only/);
    expect(wx.calls()).toEqual({});
  });
});

describe('wxcred errcode', () => {
  it('looks a code up', async () => {
    const run = await wxcred(['errcode', '40164'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^40164 {2}/);
    expect(run.stdout).toMatch(/fix: /);
    const json = onlyJson(await wxcred(['errcode', '40164', '--json'], { env }));
    expect(json).toMatchObject({ ok: true, code: 40164, entry: { code: 40164, category: 'ip-whitelist' } });
  });

  it('takes negative codes as codes, not options', async () => {
    const json = onlyJson(await wxcred(['errcode', '--json', '-1'], { env }));
    expect(json).toMatchObject({ ok: true, code: -1, entry: { code: -1 } });
  });

  it('answers null for a code it does not know', async () => {
    const run = await wxcred(['errcode', '987654321', '--json'], { env });
    expect(run.code).toBe(0);
    expect(onlyJson(run)).toEqual({ ok: true, code: 987654321, entry: null });
  });

  it('searches by text', async () => {
    const json = onlyJson(await wxcred(['errcode', 'invalid', 'ip', '--json'], { env }));
    expect(json).toMatchObject({ ok: true, query: 'invalid ip' });
    const codes = (json.results as { code: number }[]).map((e) => e.code);
    expect(codes).toContain(40164);
  });

  it('--list --json prints the whole table as one object', async () => {
    const run = await wxcred(['errcode', '--list', '--json'], { env });
    expect(run.code).toBe(0);
    const json = onlyJson(run);
    const entries = json.entries as { code: number }[];
    expect(json.count).toBe(entries.length);
    expect(entries.length).toBeGreaterThan(1000);
    expect(entries.map((e) => e.code)).toEqual(expect.arrayContaining([40001, 40125, 40164, 61004]));
  });

  it('needs a code or text', async () => {
    const run = await wxcred(['errcode'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/give an errcode/);
  });
});

describe('usage errors (exit 2)', () => {
  it('refuses --secret, explains why, and never echoes the value', async () => {
    for (const args of [
      ['check', '--appid', APPID, '--secret', SECRET],
      ['token', `--secret=${SECRET}`, '--appid', APPID],
    ]) {
      const run = await wxcred(args, { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--secret is not accepted: a secret on the command line ends up in shell history/);
      expect(run.stderr).toMatch(/hint: use --profile/);
      expect(run.stdout).toBe('');
    }
    const json = onlyJson(await wxcred(['check', '--json', '--secret', SECRET], { env }));
    expect(json).toMatchObject({ ok: false, error: { kind: 'usage', message: expect.stringContaining('--secret is not accepted') } });
    expect(wx.calls()).toEqual({});
  });

  it('does not echo a stray positional, which may be a secret typed in the wrong place', async () => {
    const run = await wxcred(['check', '--appid', APPID, SECRET], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unexpected argument/);
  });

  it.each([
    [['check', ...secretArgs, '--bogus'], /unknown option --bogus/],
    [['check', '--appid'], /--appid needs a value/],
    [['check', '--appid', APPID, '--secret-env', 'WX_SECRET', '--json=yes'], /--json is a switch/],
    [['check', '--appid', APPID], /say where the AppSecret comes from/],
    [['check', '--secret-env', 'WX_SECRET'], /--appid is required/],
    [['check', ...secretArgs, '--secret-stdin'], /use one of --profile, --secret-env and --secret-stdin/],
    [['check', '--appid', APPID, '--secret-env', 'NOT_SET_ANYWHERE'], /NOT_SET_ANYWHERE is not set/],
    [['check', '--appid', APPID, '--secret-env', 'not a name'], /takes the NAME of an environment variable/],
    [['check', ...secretArgs, '--lane', 'fast'], /--lane must be one of stable, classic/],
    [['check', ...secretArgs, '--domain', 'eu'], /--domain must be one of api, api2, sh, sz, hk/],
    [['bogus'], /unknown command "bogus"/],
    [['--appid', APPID], /give a command before the options/],
  ])('%j', async (args, message) => {
    const run = await wxcred(args, { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/hint: |wxcred: /);
    expect(run.stdout).toBe('');
  });

  it('an invalid appid or a malformed secret is a validation error, and the secret is not echoed', async () => {
    const badAppid = await wxcred(['check', '--appid', 'wx123', '--secret-env', 'WX_SECRET', '--json'], { env });
    expect(badAppid.code).toBe(2);
    expect(onlyJson(badAppid).error).toMatchObject({ kind: 'validation', issues: [{ path: 'appid' }] });

    const short = await wxcred(['check', ...secretArgs], { env: { ...env, WX_SECRET: SHORT_SECRET } });
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/secret: An AppSecret is usually 32 characters/);
    expect(wx.calls()).toEqual({});
  });

  it('refuses a stdin far larger than any secret, without echoing it', async () => {
    const run = await wxcred(['check', '--appid', APPID, '--secret-stdin'], { env, stdin: `${SECRET}\n`.repeat(200) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stdin holds more than 4096 bytes/);
  });

  it('refuses an empty stdin', async () => {
    const run = await wxcred(['check', '--appid', APPID, '--secret-stdin'], { env, stdin: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/stdin was empty/);
  });

  it('a broken WXCRED_API_BASE is a usage error', async () => {
    const run = await wxcred(['check', ...secretArgs], { env: { ...env, WXCRED_API_BASE: 'not a url' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/WXCRED_API_BASE is not a usable/);
  });
});

describe('oauth, jscode2session and userinfo (details in oauth.test.ts)', () => {
  it.each([
    ['oauth', /--code CODE\|URL/, /--code is required/],
    ['jscode2session', /--js-code CODE/, /--js-code is required/],
    ['userinfo', /--openid OPENID/, /--openid is required/],
  ])('%s lists its options in --help and needs its own option before any call', async (name, option, missing) => {
    const help = await wxcred([name, '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(option);
    expect(help.stdout).not.toMatch(/not available in this build/);

    const run = await wxcred([name, ...secretArgs], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(missing);
    expect(wx.calls()).toEqual({});
  });

  it('still rejects unknown options', async () => {
    const run = await wxcred(['oauth', '--bogus'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option --bogus/);
  });
});

describe('help', () => {
  it('top-level help lists every command and the exit statuses', async () => {
    for (const args of [['--help'], ['-h'], ['help']]) {
      const run = await wxcred(args, { env });
      expect(run.code).toBe(0);
      for (const name of ['check', 'token', 'errcode', 'oauth', 'jscode2session', 'userinfo']) expect(run.stdout).toContain(`  ${name} `);
      expect(run.stdout).toMatch(/Exit status: 0 ok, 1 WeChat returned an errcode, 2 usage error, 3 network failure, 4 keychain failure/);
    }
  });

  it('each command has its own help', async () => {
    const check = await wxcred(['check', '--help'], { env });
    expect(check.stdout).toMatch(/--secret-env VAR/);
    expect(check.stdout).toMatch(/never come from an argument/);
    const viaHelp = await wxcred(['help', 'token'], { env });
    expect(viaHelp.stdout).toMatch(/--force/);
  });

  it('no arguments prints help on stderr and exits 2', async () => {
    const run = await wxcred([], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Commands:/);
  });
});

describe('keychain failures (exit 4)', () => {
  it('a saved profile whose keychain cannot be reached', async () => {
    const dir = await tempDir('wxcred-cli-nokeyring-');
    try {
      await createProfileStore({ dir }).save({ label: 'No keyring', appid: APPID, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false });
      const noBus: ChildEnv = { ...env, WXCRED_USER_DATA: dir, DBUS_SESSION_BUS_ADDRESS: undefined, DISPLAY: undefined };
      const run = await wxcred(['check', '--profile', 'no keyring'], { env: noBus });
      expect(run.code).toBe(4);
      expect(run.stdout).toMatch(/keychain failure/);
      const json = onlyJson(await wxcred(['check', '--profile', APPID, '--json'], { env: noBus }));
      expect(json).toMatchObject({ ok: false, error: { kind: 'keychain', reason: 'no-daemon' } });
      expect(wx.calls()).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('bin/wxcred.js', () => {
  it('is an ESM script with a node shebang', async () => {
    const text = await readFile(BIN, 'utf8');
    expect(text.startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('says "run npm run build first" and exits 2 when out/ is missing', async () => {
    const dir = await tempDir('wxcred-cli-nobuild-');
    try {
      await mkdir(join(dir, 'bin'));
      await copyFile(BIN, join(dir, 'bin/wxcred.js'));
      await writeFile(join(dir, 'package.json'), '{ "type": "module" }');
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(process.execPath, [join(dir, 'bin/wxcred.js'), 'check'], (error, _stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
        );
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/run npm run build first/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('--profile lookup', () => {
  it('a --profile that is not saved is a usage error naming the folder', async () => {
    const run = await wxcred(['check', '--profile', 'nope'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(userData);
  });
});
