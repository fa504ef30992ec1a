/**
 * Hostile HTTP against the web-mode bridge: everything a page on another origin, a DNS
 * rebinding attack or a local process without the run token could try. Each must be refused before
 * any handler runs, and no answer may carry CORS grants. All traffic stays on 127.0.0.1; the
 * non-loopback peer rule is tested on the exported check itself.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/contract';
import { channelNames } from '../../src/contract/channels';
import { BRIDGE_PREFIX, SESSION_PATH, TOKEN_HEADER, isLoopback, sessionCookieName, startBridgeServer, type BridgeServer } from '../../src/web/bridgeServer';

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Raw HTTP to the bridge's port with exactly the headers given (Host included: `host: null` sends
 * none). Header values may be arrays, to send a header twice.
 */
function raw(
  port: number,
  path: string,
  init: { method?: string; headers?: Record<string, string | string[] | null>; body?: string } = {},
): Promise<Reply> {
  const headers = Object.fromEntries(Object.entries(init.headers ?? {}).filter(([, v]) => v !== null)) as Record<string, string | string[]>;
  const sendHost = init.headers?.host !== null;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: init.method ?? 'POST',
        setHost: false,
        // A fresh connection each time: a refused request's unread body must not spoil the next one.
        agent: false,
        headers: sendHost && !('host' in headers) ? { host: `127.0.0.1:${port}`, ...headers } : headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

const corsHeaders = (reply: Reply): string[] => Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'));

describe('web bridge under attack', () => {
  let server: BridgeServer;
  let port: number;
  const calls: string[] = [];
  const good = () => ({ 'content-type': 'application/json', [TOKEN_HEADER]: server.token });

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'wxcred-web-attack-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>wxcred</title>');
    const handlers = Object.fromEntries(
      channelNames.map((name) => [name, async () => (calls.push(name), { handled: name })]),
    ) as unknown as Handlers;
    server = await startBridgeServer({ handlers, staticRoot: root });
    port = server.address().port;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    calls.length = 0;
  });

  it('listens on 127.0.0.1 only, on the port its URL names', () => {
    expect(server.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(new URL(server.url).port).toBe(String(port));
    expect(new URL(server.origin).hostname).toBe('127.0.0.1');
  });

  it('answers a well-formed call (the control for everything below)', async () => {
    const reply = await raw(port, `${BRIDGE_PREFIX}listProfiles`, { headers: good(), body: '{}' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { handled: 'listProfiles' } });
    expect(calls).toEqual(['listProfiles']);
    expect(corsHeaders(reply)).toEqual([]);
  });

  const refusedCalls: [string, () => { method?: string; headers: Record<string, string | string[] | null>; path?: string }][] = [
    // The run token
    ['no token', () => ({ headers: { ...good(), [TOKEN_HEADER]: null } })],
    ['an empty token', () => ({ headers: { ...good(), [TOKEN_HEADER]: '' } })],
    ['a wrong token of the right length', () => ({ headers: { ...good(), [TOKEN_HEADER]: server.token.replace(/^./, (c) => (c === '0' ? '1' : '0')) } })],
    ['the token in upper case', () => ({ headers: { ...good(), [TOKEN_HEADER]: server.token.toUpperCase() } })],
    ['the token with a suffix', () => ({ headers: { ...good(), [TOKEN_HEADER]: `${server.token}0` } })],
    ['a token prefix', () => ({ headers: { ...good(), [TOKEN_HEADER]: server.token.slice(0, 32) } })],
    ['the token sent twice', () => ({ headers: { ...good(), [TOKEN_HEADER]: [server.token, server.token] } })],
    ['the token in the query string', () => ({ headers: { ...good(), [TOKEN_HEADER]: null }, path: `${BRIDGE_PREFIX}listProfiles?token=${server.token}` })],
    ['the token in a cookie', () => ({ headers: { ...good(), [TOKEN_HEADER]: null, cookie: `token=${server.token}` } })],
    ['the token as a bearer credential', () => ({ headers: { ...good(), [TOKEN_HEADER]: null, authorization: `Bearer ${server.token}` } })],
    // Host: DNS rebinding names that resolve to 127.0.0.1, and other ports
    ['Host evil.example', () => ({ headers: { ...good(), host: 'evil.example' } })],
    ['Host 127.0.0.1.evil.com:<port>', () => ({ headers: { ...good(), host: `127.0.0.1.evil.com:${port}` } })],
    ['Host localhost.:<port>', () => ({ headers: { ...good(), host: `localhost.:${port}` } })],
    ['Host 127.0.0.1.:<port>', () => ({ headers: { ...good(), host: `127.0.0.1.:${port}` } })],
    ['Host localhost.evil.com:<port>', () => ({ headers: { ...good(), host: `localhost.evil.com:${port}` } })],
    ['Host 127.0.0.1:<other port>', () => ({ headers: { ...good(), host: `127.0.0.1:${port + 1}` } })],
    ['Host 127.0.0.1 without the port', () => ({ headers: { ...good(), host: '127.0.0.1' } })],
    ['Host [::1]:<port>', () => ({ headers: { ...good(), host: `[::1]:${port}` } })],
    ['Host 0.0.0.0:<port>', () => ({ headers: { ...good(), host: `0.0.0.0:${port}` } })],
    ['Host 2130706433:<port> (127.0.0.1 as a number)', () => ({ headers: { ...good(), host: `2130706433:${port}` } })],
    ['Host with userinfo', () => ({ headers: { ...good(), host: `evil@127.0.0.1:${port}` } })],
    ['an empty Host', () => ({ headers: { ...good(), host: '' } })],
    ['no Host at all', () => ({ headers: { ...good(), host: null } })],
    // Origin: pages elsewhere, sandboxed frames, other local servers
    ['Origin null', () => ({ headers: { ...good(), origin: 'null' } })],
    ['Origin http://localhost:<port> on Host 127.0.0.1 (another origin)', () => ({ headers: { ...good(), origin: `http://localhost:${port}` } })],
    ['Origin http://127.0.0.1:<other port>', () => ({ headers: { ...good(), origin: `http://127.0.0.1:${port + 1}` } })],
    ['Origin http://localhost:<other port>', () => ({ headers: { ...good(), origin: `http://localhost:${port + 1}` } })],
    ['Origin https://127.0.0.1:<port>', () => ({ headers: { ...good(), origin: `https://127.0.0.1:${port}` } })],
    ['Origin http://127.0.0.1:<port>.evil.com', () => ({ headers: { ...good(), origin: `http://127.0.0.1:${port}.evil.com` } })],
    ['Origin http://127.0.0.1.evil.com:<port>', () => ({ headers: { ...good(), origin: `http://127.0.0.1.evil.com:${port}` } })],
    ['Origin https://evil.example', () => ({ headers: { ...good(), origin: 'https://evil.example' } })],
    ['Origin file://', () => ({ headers: { ...good(), origin: 'file://' } })],
    ['an empty Origin', () => ({ headers: { ...good(), origin: '' } })],
    // Methods and bodies a cross-site page can send without a preflight
    ['GET', () => ({ method: 'GET', headers: good() })],
    ['HEAD', () => ({ method: 'HEAD', headers: good() })],
    ['PUT', () => ({ method: 'PUT', headers: good() })],
    ['DELETE', () => ({ method: 'DELETE', headers: good() })],
    ['PATCH', () => ({ method: 'PATCH', headers: good() })],
    ['text/plain (a CORS "simple" body)', () => ({ headers: { ...good(), 'content-type': 'text/plain' } })],
    ['a form post', () => ({ headers: { ...good(), 'content-type': 'application/x-www-form-urlencoded' } })],
    ['a multipart post', () => ({ headers: { ...good(), 'content-type': 'multipart/form-data; boundary=x' } })],
    ['no content type', () => ({ headers: { ...good(), 'content-type': null } })],
  ];

  it.each(refusedCalls)('refuses a bridge call with %s, runs no handler and grants no CORS', async (_what, make) => {
    const { method, headers, path } = make();
    const reply = await raw(port, path ?? `${BRIDGE_PREFIX}listProfiles`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' });
    expect(reply.status).toBeGreaterThanOrEqual(400);
    if (method !== 'HEAD' && reply.body) expect(JSON.parse(reply.body)).toMatchObject({ ok: false });
    expect(reply.body).not.toContain('handled');
    expect(corsHeaders(reply)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it('refuses a CORS preflight (OPTIONS) for JSON with the token header, granting nothing', async () => {
    const reply = await raw(port, `${BRIDGE_PREFIX}setSecret`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': `content-type,${TOKEN_HEADER}`,
      },
    });
    expect(reply.status).toBe(405);
    expect(corsHeaders(reply)).toEqual([]);
    // Same answer from our own origin: the bridge never needs a preflight.
    const own = await raw(port, `${BRIDGE_PREFIX}setSecret`, { method: 'OPTIONS', headers: { origin: server.origin, 'access-control-request-method': 'POST' } });
    expect(own.status).toBe(405);
    expect(corsHeaders(own)).toEqual([]);
    expect(calls).toEqual([]);
  });

  it.each([
    ['an inherited property name', '__proto__'],
    ['constructor', 'constructor'],
    ['a trailing slash', 'listProfiles/'],
    ['a percent-encoded name', 'list%50rofiles'],
    ['a dot-dot segment', '../__bridge/listProfiles'],
    ['the IPC channel string', 'wxcred:listProfiles'],
  ])('answers a channel path with %s as an unknown channel', async (_what, name) => {
    const reply = await raw(port, `${BRIDGE_PREFIX}${name}`, { headers: good(), body: '{}' });
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { kind: 'validation', message: 'Unknown channel.' } });
    expect(calls).toEqual([]);
  });

  it('refuses prototype-pollution bodies and leaves Object.prototype alone', async () => {
    // (A body of `null` is "no arguments", like an empty body: not listed.)
    for (const body of ['{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}', '{"a":{"__proto__":{"polluted":"yes"}}}', '[{}]', '"x"', '1e999', '{"extra":1}']) {
      const reply = await raw(port, `${BRIDGE_PREFIX}listProfiles`, { headers: good(), body });
      expect(JSON.parse(reply.body), body).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('serves no page to a rebinding Host or a foreign peer name, and never the token', async () => {
    const rebinding = await raw(port, '/', { method: 'GET', headers: { host: `127.0.0.1.evil.com:${port}` } });
    expect(rebinding.status).toBe(421);
    const page = await raw(port, '/', { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain(server.token);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(corsHeaders(page)).toEqual([]);
  });

  it('treats only loopback peers as local', () => {
    for (const address of ['127.0.0.1', '127.0.0.2', '127.255.255.254', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address), address).toBe(true);
    for (const address of [
      undefined,
      '',
      '0.0.0.0',
      '::',
      '10.0.0.1',
      '192.168.1.10',
      '172.16.0.1',
      '169.254.1.1',
      '1.2.3.4',
      '128.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:192.168.1.10',
      'fe80::1',
      '2001:db8::1',
      '::127.0.0.1',
      '1127.0.0.1',
    ]) {
      expect(isLoopback(address), String(address)).toBe(false);
    }
  });
});

describe('web bridge: the launch token is traded once for a session cookie', () => {
  let server: BridgeServer;
  let port: number;
  const calls: string[] = [];
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'wxcred-web-cookie-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>wxcred</title>');
    const handlers = Object.fromEntries(channelNames.map((name) => [name, async () => (calls.push(name), { handled: name })])) as unknown as Handlers;
    server = await startBridgeServer({ handlers, staticRoot: root });
    port = server.address().port;
  });
  afterAll(() => server.close());
  beforeEach(() => {
    calls.length = 0;
  });

  let cookie = '';
  const withCookie = (extra: Record<string, string> = {}) => ({ ...json, cookie, ...extra });

  it('refuses an exchange without the token, from another Origin, or by GET, spending nothing', async () => {
    const inits: { method?: string; headers: Record<string, string> }[] = [
      { headers: {} },
      { headers: { [TOKEN_HEADER]: 'f'.repeat(64) } },
      { headers: { [TOKEN_HEADER]: server.token, origin: 'https://evil.example' } },
      { headers: { [TOKEN_HEADER]: server.token, origin: `http://127.0.0.1:${port + 1}` } },
      { method: 'GET', headers: { [TOKEN_HEADER]: server.token } },
    ];
    for (const init of inits) {
      const reply = await raw(port, SESSION_PATH, init);
      expect(reply.status, JSON.stringify(init)).toBeGreaterThanOrEqual(400);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });

  it('answers the first exchange with an HttpOnly, SameSite=Strict session cookie that is not the token', async () => {
    const reply = await raw(port, SESSION_PATH, { headers: { [TOKEN_HEADER]: server.token, origin: server.origin } });
    expect(reply.status).toBe(204);
    const set = reply.headers['set-cookie'];
    expect(Array.isArray(set) && set).toHaveLength(1);
    const header = (set as string[])[0] ?? '';
    expect(header).toMatch(new RegExp(`^${sessionCookieName(port)}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/$`));
    expect(header).not.toContain(server.token);
    // A session cookie: nothing that would make the browser keep it on disk past the session.
    expect(header).not.toMatch(/Max-Age|Expires/i);
    cookie = header.split(';')[0] ?? '';
  });

  it('the cookie opens the bridge, from 127.0.0.1 and from localhost on our port', async () => {
    expect((await raw(port, `${BRIDGE_PREFIX}listProfiles`, { headers: withCookie({ origin: server.origin }), body: '{}' })).status).toBe(200);
    const local = await raw(port, `${BRIDGE_PREFIX}appInfo`, {
      headers: withCookie({ host: `localhost:${port}`, origin: `http://localhost:${port}` }),
      body: '{}',
    });
    expect(local.status).toBe(200);
    expect(JSON.parse(local.body)).toEqual({ ok: true, value: { handled: 'appInfo' } });
    expect(calls).toEqual(['listProfiles', 'appInfo']);
  });

  it('after the exchange the launch token is spent: as a header, in a second exchange, or in any cookie', async () => {
    const spent: { path: string; headers: Record<string, string> }[] = [
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: { ...json, [TOKEN_HEADER]: server.token } },
      { path: SESSION_PATH, headers: { [TOKEN_HEADER]: server.token } },
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: { ...json, cookie: `${sessionCookieName(port)}=${server.token}` } },
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: { ...json, cookie: `${sessionCookieName(port)}=${'0'.repeat(64)}` } },
      // Our cookie under another run's name, or sent twice (which one would be meant?).
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: { ...json, cookie: cookie.replace(String(port), String(port + 1)) } },
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: { ...json, cookie: `${cookie}; ${cookie}` } },
      // The right cookie from the wrong Origin or a rebinding Host.
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: withCookie({ origin: 'https://evil.example' }) },
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: withCookie({ host: `localhost:${port}`, origin: server.origin }) },
      { path: `${BRIDGE_PREFIX}listProfiles`, headers: withCookie({ host: `evil.example:${port}` }) },
    ];
    for (const { path, headers } of spent) {
      const reply = await raw(port, path, { headers, body: '{}' });
      expect(reply.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    expect(calls).toEqual([]);
  });
});
