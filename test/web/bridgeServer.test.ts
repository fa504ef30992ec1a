import { mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../src/contract';
import { channelNames } from '../../src/contract/channels';
import { startBridgeServer, type BridgeServer } from '../../src/web/bridgeServer';

/** Raw HTTP so the test controls Host and Origin exactly as an attacker could. */
function call(
  server: BridgeServer,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: init.method ?? 'POST', headers: { host: `127.0.0.1:${port}`, ...init.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('web-mode bridge server', () => {
  let server: BridgeServer;
  const calls: string[] = [];
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    const root = await mkdtemp(join(tmpdir(), 'wxcred-web-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>wxcred</title>');
    const handlers = Object.fromEntries(
      channelNames.map((name) => [name, async () => (calls.push(name), [])]),
    ) as unknown as Handlers;
    server = await startBridgeServer({ handlers, staticRoot: root });
  });
  afterAll(() => server.close());

  const auth = () => ({ ...json, 'x-wxcred-token': server.token });

  it('prints a loopback URL with the token in the fragment', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
  });

  it('serves the renderer with a CSP header', async () => {
    const res = await call(server, '/', { method: 'GET' });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('runs a bridge call that carries the token', async () => {
    const res = await call(server, '/__bridge/listProfiles', { headers: auth(), body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['no token', () => json, 403],
    ['a wrong token', () => ({ ...json, 'x-wxcred-token': 'f'.repeat(64) }), 403],
    ['a foreign Origin', () => ({ ...auth(), origin: 'https://evil.example' }), 403],
    ['a rebinding Host', () => ({ ...auth(), host: 'evil.example' }), 421],
    ['a non-JSON content type', () => ({ ...auth(), 'content-type': 'text/plain' }), 415],
  ])('refuses a request with %s, without running a handler', async (_what, headers, status) => {
    const before = calls.length;
    const res = await call(server, '/__bridge/listProfiles', { headers: headers(), body: '{}' });
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(calls.length).toBe(before);
  });

  it('marks the refusal that means "no session" (and only that one), so the page can say what to do', async () => {
    const none = await call(server, '/__bridge/listProfiles', { headers: { ...json, 'x-wxcred-token': 'f'.repeat(64) }, body: '{}' });
    expect(none.headers['x-wxcred-session']).toBe('none');
    const origin = await call(server, '/__bridge/listProfiles', { headers: { ...auth(), origin: 'https://evil.example' }, body: '{}' });
    expect(origin.status).toBe(403);
    expect(origin.headers['x-wxcred-session']).toBeUndefined();
  });

  it('answers garbage and unknown channels with typed errors', async () => {
    const garbage = await call(server, '/__bridge/listProfiles', { headers: auth(), body: '{nope' });
    expect(JSON.parse(garbage.body)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const unknown = await call(server, '/__bridge/readSecret', { headers: auth(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { kind: 'validation', message: 'Unknown channel.' } });
    const huge = await call(server, '/__bridge/listProfiles', { headers: auth(), body: `"${'x'.repeat(600_000)}"` });
    expect(huge.status).toBe(413);
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd']) {
      const res = await call(server, path, { method: 'GET' });
      expect(res.status).toBe(404);
    }
  });

  it('listens on loopback only', async () => {
    const { hostname } = new URL(server.origin);
    expect(hostname).toBe('127.0.0.1');
  });
});
