/** `wxcred call` and `wxcred permissions` as real processes against the simulator. */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_APP, FAKE_TEST_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { baseEnv, ensureBuilt, onlyJson, tempDir, transcript, wxcred, type ChildEnv } from './support';

let wx: FakeWechat;
let userData: string;
let env: ChildEnv;

beforeAll(async () => {
  await ensureBuilt();
  wx = await startFakeWechat();
  userData = await tempDir('wxcred-cli-api-');
  env = { ...baseEnv(userData), WXCRED_API_BASE: wx.url, WX_SECRET: FAKE_TEST_APP.secret, WX_OA_SECRET: FAKE_APP.secret };
}, 180_000);

afterAll(async () => {
  await wx?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
  const all = transcript.join('\n');
  expect(all).not.toContain(FAKE_TEST_APP.secret);
  expect(all).not.toContain(FAKE_APP.secret);
  const token = wx.tokens.currentOf(FAKE_TEST_APP.appid, 'stable')?.token;
  if (token) expect(all).not.toContain(token);
});

const testApp = ['--appid', FAKE_TEST_APP.appid, '--secret-env', 'WX_SECRET'];

describe('wxcred call', { timeout: 60_000 }, () => {
  it('runs a read-only call with the app’s token and prints one JSON object with the reply', async () => {
    const run = await wxcred(['call', 'GET', '/cgi-bin/user/get', ...testApp, '--query', 'next_openid=', '--json'], { env });
    expect(run.code).toBe(0);
    const out = onlyJson(run);
    expect(out).toMatchObject({ ok: true, method: 'GET', path: '/cgi-bin/user/get', reply: { total: 2 } });
    const sent = wx.requests.filter((r) => r.path === '/cgi-bin/user/get').at(-1);
    expect(sent?.query.next_openid).toBe('');
    expect(run.stdout).not.toContain(sent?.query.access_token ?? 'no-token');
  });

  it('a changing call without --confirm exits 2, says why, and sends nothing', async () => {
    const before = wx.calls('/cgi-bin/menu/create');
    const run = await wxcred(['call', 'POST', '/cgi-bin/menu/create', ...testApp, '--data', '{"button":[]}'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('replaces the live custom menu');
    expect(run.stderr).toContain('--confirm');
    expect(wx.calls('/cgi-bin/menu/create')).toBe(before);
  });

  it('an errcode exits 1 with its meaning; --data @file sends the file', async () => {
    const denied = await wxcred(['call', 'GET', '/cgi-bin/menu/get', '--appid', FAKE_APP.appid, '--secret-env', 'WX_OA_SECRET'], { env });
    expect(denied.code).toBe(1);
    expect(denied.stdout).toContain('48001');
    const file = join(userData, 'body.json');
    await writeFile(file, '{"cgi_path":"/cgi-bin/token"}');
    const quota = await wxcred(['call', 'POST', '/cgi-bin/openapi/quota/get', ...testApp, '--data', `@${file}`, '--json'], { env });
    expect(quota.code).toBe(0);
    expect(wx.requests.filter((r) => r.path === '/cgi-bin/openapi/quota/get').at(-1)?.body).toEqual({ cgi_path: '/cgi-bin/token' });
  });

  it('refuses a path with a host or an access_token of its own (exit 2)', async () => {
    expect((await wxcred(['call', 'GET', 'https://evil.example/x', ...testApp], { env })).code).toBe(2);
    expect((await wxcred(['call', 'GET', '/cgi-bin/user/get', ...testApp, '--query', 'access_token=x'], { env })).code).toBe(2);
  });
});

describe('wxcred permissions', { timeout: 60_000 }, () => {
  it('prints which API groups a subscription 公众号 may call and why the others fail', async () => {
    const run = await wxcred(['permissions', '--appid', FAKE_APP.appid, '--secret-env', 'WX_OA_SECRET'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/48001 unauthorized\s+Custom menu API/);
    expect(run.stdout).toMatch(/allowed\s+Basics \(WeChat server IPs\)/);
    const json = onlyJson(await wxcred(['permissions', ...testApp, '--json'], { env }));
    expect(json.ok).toBe(true);
    expect((json.results as { probeId: string; verdict: string }[]).find((r) => r.probeId === 'menu')?.verdict).toBe('allowed');
  });
});
