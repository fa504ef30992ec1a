import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRequestLog } from '../../../src/core/log/requestLog';
import { createWechatClient, type WechatClient } from '../../../src/core/wechat/client';
import { createWechatApi, type WechatApi } from '../../../src/core/wechat/endpoints';
import type { NetOptions } from '../../../src/core/wechat/http';
import { FAKE_APP, FAKE_TEST_APP, GRACE_MS, RawReply, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { closedPort, manualClock, targetOn, wxErrorOf } from './support';

let fake: FakeWechat;
let clock: ReturnType<typeof manualClock>;
let client: WechatClient;
let api: WechatApi;

function connect(net: Partial<NetOptions> = {}) {
  client = createWechatClient({ net });
  api = createWechatApi(client);
}

beforeEach(async () => {
  clock = manualClock();
  fake = await startFakeWechat({ clock: clock.now });
  connect();
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

describe('token lanes against the fake', () => {
  it('stable_token: sends exactly the documented JSON body and returns the token', async () => {
    const target = targetOn(fake);
    const reply = await api.fetchStableToken(target, FAKE_APP.secret, false);

    expect(reply.accessToken).toMatch(/^86_[A-Za-z0-9_-]{100,}$/);
    expect(reply.expiresIn).toBe(7200);
    expect(reply.route).toEqual({ kind: 'direct' });
    expect(fake.calls('/cgi-bin/stable_token')).toBe(1);
    const [sent] = fake.requests;
    expect(sent?.method).toBe('POST');
    expect(sent?.query).toEqual({});
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.body).toEqual({ grant_type: 'client_credential', appid: FAKE_APP.appid, secret: FAKE_APP.secret, force_refresh: false });
  });

  it('stable_token normal mode returns the same token with what is left of its life', async () => {
    const target = targetOn(fake);
    const first = await api.fetchStableToken(target, FAKE_APP.secret, false);
    clock.advance(1000_000);
    const second = await api.fetchStableToken(target, FAKE_APP.secret, false);
    expect(second.accessToken).toBe(first.accessToken);
    expect(second.expiresIn).toBe(6200);
  });

  it('/cgi-bin/token: query as documented, a new token per call, old one valid for the grace window only', async () => {
    const target = targetOn(fake);
    const a = await api.fetchClassicToken(target, FAKE_APP.secret);
    expect(fake.requests[0]?.query).toEqual({ grant_type: 'client_credential', appid: FAKE_APP.appid, secret: FAKE_APP.secret });
    expect(fake.requests[0]?.method).toBe('GET');
    const b = await api.fetchClassicToken(target, FAKE_APP.secret);
    expect(b.accessToken).not.toBe(a.accessToken);
    expect(b.expiresIn).toBe(7200);

    await expect(api.getCallbackIp(target, a.accessToken)).resolves.toMatchObject({ ipList: expect.any(Array) });
    clock.advance(GRACE_MS + 1);
    const stale = await wxErrorOf(api.getCallbackIp(target, a.accessToken));
    expect(stale).toMatchObject({ kind: 'wechat', errcode: 40001, endpoint: '/cgi-bin/getcallbackip' });
    await expect(api.getCallbackIp(target, b.accessToken)).resolves.toBeTruthy();
  });

  it('force_refresh rotates; a second one within 30 s returns the current token unchanged (as documented)', async () => {
    const target = targetOn(fake);
    const normal = await api.fetchStableToken(target, FAKE_APP.secret, false);
    const forced = await api.fetchStableToken(target, FAKE_APP.secret, true);
    expect(forced.accessToken).not.toBe(normal.accessToken);
    expect(forced.expiresIn).toBe(7200);
    clock.advance(10_000);
    const again = await api.fetchStableToken(target, FAKE_APP.secret, true);
    expect(again).toMatchObject({ accessToken: forced.accessToken, expiresIn: 7190 });
    clock.advance(20_000);
    const later = await api.fetchStableToken(target, FAKE_APP.secret, true);
    expect(later.accessToken).not.toBe(forced.accessToken);
  });

  it('force_refresh too soon can answer 45011 instead, and the 21st forced call of a day 45009', async () => {
    fake.options.forceRefreshTooSoon = '45011';
    const target = targetOn(fake);
    await api.fetchStableToken(target, FAKE_APP.secret, true);
    expect(await wxErrorOf(api.fetchStableToken(target, FAKE_APP.secret, true))).toMatchObject({ errcode: 45011 });
    fake.quota.set(FAKE_APP.appid, '/cgi-bin/stable_token#force_refresh', 20);
    clock.advance(60_000);
    expect(await wxErrorOf(api.fetchStableToken(target, FAKE_APP.secret, true))).toMatchObject({ errcode: 45009 });
  });

  it('/cgi-bin/token counts against 2000 a day, 200 for a test account', async () => {
    fake.quota.set(FAKE_APP.appid, '/cgi-bin/token', 1999);
    const target = targetOn(fake);
    await api.fetchClassicToken(target, FAKE_APP.secret);
    expect(await wxErrorOf(api.fetchClassicToken(target, FAKE_APP.secret))).toMatchObject({ kind: 'wechat', errcode: 45009 });

    fake.quota.set(FAKE_TEST_APP.appid, '/cgi-bin/token', 200);
    const testTarget = targetOn(fake, { appid: FAKE_TEST_APP.appid });
    expect(await wxErrorOf(api.fetchClassicToken(testTarget, FAKE_TEST_APP.secret))).toMatchObject({ errcode: 45009 });

    const token = (await api.fetchStableToken(target, FAKE_APP.secret, false)).accessToken;
    const quota = await api.getQuota(target, token, '/cgi-bin/token');
    expect(quota).toMatchObject({ dailyLimit: 2000, used: 2000, remain: 0 });
  });
});

describe('WeChat errors become typed wechat errors', () => {
  it('wrong secret: 40125 on /cgi-bin/token and on stable_token, with the rid parsed out', async () => {
    const target = targetOn(fake);
    const classic = await wxErrorOf(api.fetchClassicToken(target, 'wrong-secret-000000'));
    expect(classic).toMatchObject({ kind: 'wechat', errcode: 40125, endpoint: '/cgi-bin/token', route: { kind: 'direct' } });
    if (classic.kind !== 'wechat') throw new Error('unreachable');
    expect(classic.errmsg).toMatch(/^invalid appsecret rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(classic.rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(classic.entry?.code).toBe(40125);

    const stable = await wxErrorOf(api.fetchStableToken(target, 'wrong-secret-000000', false));
    expect(stable).toMatchObject({ kind: 'wechat', errcode: 40125, endpoint: '/cgi-bin/stable_token' });
    if (stable.kind === 'wechat') expect(stable.errmsg).toMatch(/^invalid appsecret rid: /);
  });

  it('unknown and malformed appids: 40013', async () => {
    for (const appid of ['wx00000000000000ff', 'not-an-appid']) {
      const err = await wxErrorOf(api.fetchStableToken(targetOn(fake, { appid }), 'whatever-secret', false));
      expect(err).toMatchObject({ kind: 'wechat', errcode: 40013 });
    }
  });

  it('IP not whitelisted: 40164 with the IP WeChat saw parsed out', async () => {
    fake.scenario.ipNotWhitelisted('203.0.113.9', '/cgi-bin/stable_token');
    const err = await wxErrorOf(api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false));
    expect(err).toMatchObject({ kind: 'wechat', errcode: 40164, ip: '203.0.113.9' });
    if (err.kind === 'wechat') {
      expect(err.errmsg).toMatch(/^invalid ip 203\.0\.113\.9 ipv6 ::ffff:203\.0\.113\.9, not in whitelist rid: [0-9a-f-]{26}$/);
      expect(err.entry?.category).toBe('ip-whitelist');
    }
    // Targeted at one path only.
    await expect(api.fetchClassicToken(targetOn(fake), FAKE_APP.secret)).resolves.toBeTruthy();
  });

  it('busy (-1) for N calls then normal; quota45009 switch', async () => {
    const target = targetOn(fake);
    fake.scenario.busy(2);
    expect(await wxErrorOf(api.fetchStableToken(target, FAKE_APP.secret, false))).toMatchObject({ errcode: -1 });
    expect(await wxErrorOf(api.fetchStableToken(target, FAKE_APP.secret, false))).toMatchObject({ errcode: -1 });
    await expect(api.fetchStableToken(target, FAKE_APP.secret, false)).resolves.toBeTruthy();
    fake.scenario.quota45009();
    expect(await wxErrorOf(api.fetchClassicToken(target, FAKE_APP.secret))).toMatchObject({ errcode: 45009 });
  });

  it('authed calls: 42001 for an expired token, 40014 for a malformed one, 41001 without one', async () => {
    const target = targetOn(fake);
    const { accessToken } = await api.fetchStableToken(target, FAKE_APP.secret, false);
    expect(await wxErrorOf(api.getCallbackIp(target, 'garbage'))).toMatchObject({ errcode: 40014 });
    expect(await wxErrorOf(api.getCallbackIp(target, ''))).toMatchObject({ errcode: 41001 });
    clock.advance(7200_000);
    expect(await wxErrorOf(api.getCallbackIp(target, accessToken))).toMatchObject({ errcode: 42001 });
  });

  it('a success body without a usable token is a typed error, not undefined', async () => {
    fake.route('POST', '/cgi-bin/stable_token', () => ({ access_token: 42, expires_in: 7200 }));
    const err = await wxErrorOf(api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false));
    expect(err).toMatchObject({ kind: 'network', reason: 'not-json', endpoint: '/cgi-bin/stable_token' });
    fake.route('POST', '/cgi-bin/stable_token', () => ({ access_token: 'x'.repeat(40), expires_in: 0 }));
    expect(await wxErrorOf(api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false))).toMatchObject({
      reason: 'not-json',
      message: expect.stringContaining('expires_in'),
    });
  });
});

describe('transport faults become typed network errors', () => {
  const stable = () => api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false);

  it('refused: nothing listening', async () => {
    const port = await closedPort();
    const err = await wxErrorOf(api.fetchStableToken(targetOn(fake, { apiBase: `http://127.0.0.1:${port}` }), FAKE_APP.secret, false));
    expect(err).toMatchObject({ kind: 'network', reason: 'refused', endpoint: '/cgi-bin/stable_token', route: { kind: 'direct' } });
  });

  it('dns: a host that does not resolve', async () => {
    const err = await wxErrorOf(api.fetchStableToken(targetOn(fake, { apiBase: 'http://wxcred-test.invalid' }), FAKE_APP.secret, false));
    expect(err).toMatchObject({ kind: 'network', reason: 'dns' });
  });

  it('timeout (headers), timeout (body) and timeout (deadline) are told apart', async () => {
    await client.close();
    // undici checks header/body timeouts on a ~0.5 s tick, so the fake must be clearly slower.
    connect({ headersTimeoutMs: 200, bodyTimeoutMs: 200, deadlineMs: 10_000 });
    fake.scenario.slowHeaders(3_000, { times: 1 });
    const headers = await wxErrorOf(stable());
    expect(headers).toMatchObject({ reason: 'timeout', message: expect.stringContaining('timeout: headers') });

    fake.scenario.slowBody(3_000, { times: 1 });
    const body = await wxErrorOf(stable());
    expect(body).toMatchObject({ reason: 'timeout', status: 200, message: expect.stringContaining('timeout: body') });

    await client.close();
    connect({ headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000, deadlineMs: 150 });
    fake.scenario.slowBody(1_000, { times: 1 });
    const started = Date.now();
    const deadline = await wxErrorOf(stable());
    expect(deadline).toMatchObject({ reason: 'timeout', message: expect.stringContaining('timeout: deadline') });
    expect(Date.now() - started).toBeLessThan(900);
    // The deadline also wins while the headers are still on their way.
    fake.scenario.slowHeaders(1_000, { times: 1 });
    const beforeHeaders = await wxErrorOf(stable());
    expect(beforeHeaders).toMatchObject({ reason: 'timeout', message: expect.stringContaining('timeout: deadline') });
    expect(beforeHeaders).not.toHaveProperty('status');
    // And the client is still usable afterwards.
    expect((await stable()).accessToken).toBeTruthy();
  });

  it('reset: the server drops the socket', async () => {
    fake.scenario.reset();
    expect(await wxErrorOf(stable())).toMatchObject({ kind: 'network', reason: 'reset' });
  });

  it('html502: http-status with the status, content type and first bytes', async () => {
    fake.scenario.html502();
    const err = await wxErrorOf(stable());
    expect(err).toMatchObject({ kind: 'network', reason: 'http-status', status: 502 });
    if (err.kind === 'network') {
      expect(err.message).toContain('text/html');
      expect(err.message).toContain('502 Bad Gateway');
    }
  });

  it('notJson and truncatedJson: not-json naming the content type and first bytes', async () => {
    fake.scenario.notJson({ times: 1 });
    const plain = await wxErrorOf(stable());
    expect(plain).toMatchObject({ reason: 'not-json', status: 200 });
    if (plain.kind === 'network') expect(plain.message).toMatch(/text\/plain.*Service temporarily/);

    fake.scenario.truncatedJson({ times: 1 });
    const cut = await wxErrorOf(stable());
    expect(cut).toMatchObject({ reason: 'not-json' });
    if (cut.kind === 'network') expect(cut.message).toContain('{\\"access_token\\"');
  });

  it('oversize: stops reading a chunked body past the cap', async () => {
    fake.scenario.oversize(64 * 1024 * 1024);
    const started = Date.now();
    const err = await wxErrorOf(stable());
    expect(err).toMatchObject({ kind: 'network', reason: 'body-too-large', message: expect.stringContaining('1048576') });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('oversize: refuses a declared Content-Length past the cap before reading', async () => {
    await client.close();
    connect({ maxBodyBytes: 1000 });
    fake.route('POST', '/cgi-bin/stable_token', () => new RawReply(200, 'application/json', JSON.stringify({ pad: 'y'.repeat(5000) })));
    const err = await wxErrorOf(stable());
    expect(err).toMatchObject({ reason: 'body-too-large', message: expect.stringContaining('Content-Length') });
  });

  it('no error message ever carries the secret, even for /cgi-bin/token whose query holds it', async () => {
    fake.scenario.html502('/cgi-bin/token');
    const err = await wxErrorOf(api.fetchClassicToken(targetOn(fake), FAKE_APP.secret));
    expect(JSON.stringify(err)).not.toContain(FAKE_APP.secret);
    const port = await closedPort();
    const refused = await wxErrorOf(api.fetchClassicToken(targetOn(fake, { apiBase: `http://127.0.0.1:${port}` }), FAKE_APP.secret));
    expect(JSON.stringify(refused)).not.toContain(FAKE_APP.secret);
  });
});

describe('every call is logged', () => {
  it('records successes and failures, redacted', async () => {
    const log = createRequestLog();
    await client.close();
    client = createWechatClient({ log });
    api = createWechatApi(client);
    const target = targetOn(fake);
    await api.fetchClassicToken(target, FAKE_APP.secret);
    fake.scenario.html502({ times: 1 });
    await wxErrorOf(api.fetchStableToken(target, FAKE_APP.secret, false));
    await wxErrorOf(api.fetchStableToken(target, 'wrong-secret-000000', false));

    const entries = log.list();
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ endpoint: '/cgi-bin/token', method: 'GET', status: 200, errcode: null, appid: FAKE_APP.appid });
    expect(entries[0]?.url).toContain('secret=***');
    expect((entries[0]?.response as { access_token: string }).access_token).toMatch(/^86_.…[\w-]{4} \(len \d+\)$/);
    expect(entries[1]).toMatchObject({ status: 502, error: { kind: 'network', reason: 'http-status' } });
    expect(entries[2]).toMatchObject({ errcode: 40125, requestBody: { secret: '***' } });
    expect(JSON.stringify(entries)).not.toContain(FAKE_APP.secret);
    expect(JSON.stringify(entries)).not.toContain('wrong-secret-000000');
  });
});

describe('tls', () => {
  it('a certificate the system does not trust: reason tls', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxcred-tls-'));
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1',
      ], { stdio: 'ignore' });
      const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => {
        res.end('{}');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      try {
        const err = await wxErrorOf(api.fetchStableToken(targetOn(fake, { apiBase: `https://127.0.0.1:${port}` }), FAKE_APP.secret, false));
        expect(err).toMatchObject({ kind: 'network', reason: 'tls', endpoint: '/cgi-bin/stable_token' });
      } finally {
        server.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
