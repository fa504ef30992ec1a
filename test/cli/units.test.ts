/** The CLI's pieces in-process: formatting, the ephemeral stores, and run() with a scripted Io. */
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands';
import { createEphemeralProfileStore, createEphemeralSecretStore } from '../../src/core/store/memoryStores';
import { errorDetails, errorJson, exitCodeOf, formatDuration, maskToken, routeText, wrap, type CliError } from '../../src/cli/format';
import type { Io } from '../../src/cli/io';
import { run } from '../../src/cli/run';
import { lookupErrcode } from '../../src/core/errcodes';
import { WxcredError } from '../../src/contract/errors';

const APPID = 'wx0123456789abcdef';

function scriptedIo(overrides: Partial<Io> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    readStdin: async () => {
      throw new Error('stdin must not be read');
    },
    stdinIsTTY: false,
    env: {},
    homedir: '/nonexistent-home',
    platform: 'linux',
    version: '9.9.9',
    ...overrides,
  };
}

describe('format', () => {
  it('masks tokens to first 6 … last 4, and short strings entirely', () => {
    expect(maskToken('86_AbCdEfGhIjKlMnOpQrStUvWxYz')).toBe('86_AbC…WxYz');
    expect(maskToken('short-token')).toBe('***');
  });

  it('formats durations', () => {
    expect(formatDuration(7_199_900)).toBe('1h 59m');
    expect(formatDuration(61_000)).toBe('1m 1s');
    expect(formatDuration(9_999)).toBe('9s');
    expect(formatDuration(-5_000)).toBe('0s');
  });

  it('maps every error kind to the exit-status contract', () => {
    const entry = lookupErrcode(40125);
    const cases: [CliError, number][] = [
      [{ kind: 'wechat', errcode: 40125, errmsg: 'invalid appsecret', endpoint: '/cgi-bin/stable_token', entry }, 1],
      [{ kind: 'usage', message: 'x' }, 2],
      [{ kind: 'unavailable', message: 'x' }, 2],
      [{ kind: 'validation', message: 'x', issues: [] }, 2],
      [{ kind: 'network', reason: 'refused', message: 'x' }, 3],
      [{ kind: 'keychain', reason: 'unavailable', message: 'x' }, 4],
      [{ kind: 'internal', message: 'x' }, 70],
    ];
    for (const [error, code] of cases) expect(exitCodeOf(error)).toBe(code);
  });

  it('never shows a proxy\'s credentials, in text or JSON', () => {
    const route = { kind: 'proxy', proxy: 'http://user:FAKE-PW@proxy.example:3128', source: 'env' } as const;
    expect(routeText(route)).toBe('proxy http://proxy.example:3128 from HTTPS_PROXY/HTTP_PROXY');
    const json = errorJson({ kind: 'network', reason: 'proxy', message: 'proxy said 407', route });
    expect(JSON.stringify(json)).not.toContain('FAKE-PW');
  });

  it('renders an unknown errcode without inventing a meaning', () => {
    const error: CliError = { kind: 'wechat', errcode: 99999, errmsg: 'something new', endpoint: '/x', entry: null };
    expect(errorJson(error)).toEqual({ kind: 'wechat', errcode: 99999, errmsg: 'something new', endpoint: '/x' });
    expect(errorDetails(error, '')).toEqual(['meaning: not in wxcred\'s errcode table; WeChat said "something new"']);
  });

  it('wraps long detail lines under their label', () => {
    expect(wrap('fix:     one two three four', 16)).toEqual(['fix:     one two', '         three', '         four']);
    expect(wrap('short', 16)).toEqual(['short']);
  });

  it('shows the IPv4 WeChat saw, else its IPv6', () => {
    const base = { kind: 'wechat', errcode: 40164, errmsg: 'invalid ip', endpoint: '/cgi-bin/token', entry: lookupErrcode(40164) } as const;
    expect(errorDetails({ ...base, ip: '1.2.3.4', ipv6: '::ffff:1.2.3.4' }, '').join('\n')).toContain('WeChat saw this server as 1.2.3.4 — add it');
    expect(errorDetails({ ...base, ipv6: '2001:db8::1' }, '').join('\n')).toContain('as 2001:db8::1 — add it');
  });
});

describe('ephemeral stores', () => {
  const input = { label: 'x', appid: APPID, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false } as const;

  it('saves, updates and deletes profiles with the app store\'s rules', async () => {
    const store = createEphemeralProfileStore({ newId: () => '00000000-0000-4000-8000-000000000001', clock: () => 0 });
    const saved = await store.save(input);
    expect(saved).toMatchObject({ id: '00000000-0000-4000-8000-000000000001', createdAt: '1970-01-01T00:00:00.000Z' });
    await expect(store.save(input)).rejects.toBeInstanceOf(WxcredError);
    await expect(store.save({ ...input, id: '00000000-0000-4000-8000-000000000009' })).rejects.toBeInstanceOf(WxcredError);
    expect(await store.save({ ...input, id: saved.id, proxy: 'http://p:1' })).toMatchObject({ proxy: 'http://p:1', createdAt: saved.createdAt });
    expect(await store.list()).toHaveLength(1);
    expect(await store.delete(saved.id)).toBe(true);
    expect(await store.get(saved.id)).toBeNull();
  });

  it('keeps secrets in memory, keyed by appid', async () => {
    const secrets = createEphemeralSecretStore();
    expect(await secrets.get(APPID)).toBeNull();
    await secrets.set(APPID, 'FAKE-SECRET-in-memory');
    expect(await secrets.get(APPID)).toBe('FAKE-SECRET-in-memory');
    expect(await secrets.delete(APPID)).toBe(true);
    expect(await secrets.delete(APPID)).toBe(false);
  });
});

describe('run()', () => {
  it('refuses to read a secret typed at the terminal', async () => {
    const io = scriptedIo({ stdinIsTTY: true });
    expect(await run(['check', '--appid', APPID, '--secret-stdin'], io)).toBe(2);
    expect(io.err.join('\n')).toMatch(/reads a pipe or a file, not the terminal/);
  });

  it('prints the version', async () => {
    const io = scriptedIo();
    expect(await run(['--version'], io)).toBe(0);
    expect(io.out).toEqual(['9.9.9']);
  });

  it('documents every option of every command in its help', async () => {
    for (const command of commands) {
      const io = scriptedIo();
      expect(await run([command.name, '--help'], io)).toBe(0);
      for (const name of Object.keys(command.options)) expect(io.out.join('\n')).toContain(`--${name}`);
    }
  });
});
