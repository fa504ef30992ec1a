/**
 * Cancelling long calls: the real handlers through dispatch, against the WeChat simulator over
 * loopback. A cancel aborts the HTTP request itself (the simulator sees its client hang up); a
 * shared upstream call (a token fetch, a code exchange) is aborted only when no caller is left.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { FAKE_MINI_APP } from '../../../src/core/simulator/oauth';
import { addApp, openApp, tempDir, type App } from '../support';

const STABLE = '/cgi-bin/stable_token';
const JSCODE = '/sns/jscode2session';

let fake: FakeWechat;
let folder: Awaited<ReturnType<typeof tempDir>>;
let app: App;

beforeEach(async () => {
  fake = await startFakeWechat({ apps: [FAKE_APP, FAKE_MINI_APP] });
  folder = await tempDir();
  app = openApp(fake, { userDataDir: folder.dir });
});

afterEach(async () => {
  await app.close();
  await fake.close();
  await folder.remove();
});

/** Resolves once the simulator holds `count` requests to `path`. */
async function arrived(path: string, count = 1): Promise<void> {
  for (let i = 0; i < 400 && fake.calls(path) < count; i++) await new Promise((r) => setTimeout(r, 10));
  expect(fake.calls(path)).toBe(count);
}

async function hungUp(path: string, count = 1): Promise<void> {
  for (let i = 0; i < 400 && fake.hungUp.filter((r) => r.path === path).length < count; i++) await new Promise((r) => setTimeout(r, 10));
  expect(fake.hungUp.filter((r) => r.path === path)).toHaveLength(count);
}

describe('cancelCall', () => {
  it('aborts the request to WeChat: the simulator sees its client hang up, the call fails as aborted', async () => {
    const profile = await addApp(app);
    fake.scenario.hang(STABLE);
    const callId = randomUUID();
    const pending = app.run('getToken', { profileId: profile.id, callId });
    await arrived(STABLE);
    expect(await app.call('cancelCall', { callId })).toEqual({ cancelled: true });
    const outcome = await pending;
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'network', reason: 'aborted' } });
    await hungUp(STABLE);
    // Nothing was cached, and the next fetch goes out afresh.
    expect(await app.call('cachedToken', { profileId: profile.id })).toBeNull();
    fake.scenario.clear();
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false });
    expect(await app.call('cancelCall', { callId })).toEqual({ cancelled: false });
  });

  it('a call with a callId that is already running is refused; an unknown callId cancels nothing', async () => {
    const profile = await addApp(app);
    fake.scenario.hang(STABLE);
    const callId = randomUUID();
    const pending = app.run('getToken', { profileId: profile.id, callId });
    await arrived(STABLE);
    expect(await app.fail('callApi', { profileId: profile.id, method: 'GET', path: '/cgi-bin/getcallbackip', callId })).toMatchObject({
      kind: 'validation',
      issues: [{ path: 'callId' }],
    });
    expect(await app.call('cancelCall', { callId: randomUUID() })).toEqual({ cancelled: false });
    await app.call('cancelCall', { callId });
    expect(await pending).toMatchObject({ ok: false, error: { reason: 'aborted' } });
  });

  it('a callId that is not a UUID is a validation error, and only cancellable channels take one', async () => {
    const profile = await addApp(app);
    expect(await app.fail('getToken', { profileId: profile.id, callId: 'nope' })).toMatchObject({ kind: 'validation', issues: [{ path: 'callId' }] });
    const secretStatus = await app.run('secretStatus', { profileId: profile.id, callId: randomUUID() } as never);
    expect(secretStatus).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});

describe('a shared upstream call and one caller that cancels', () => {
  it('token: the other caller still gets the token from the one fetch; the upstream is not aborted', async () => {
    const profile = await addApp(app);
    fake.scenario.slowHeaders(400, { path: STABLE, times: 1 });
    const first = randomUUID();
    const a = app.run('getToken', { profileId: profile.id, callId: first });
    const b = app.run('getToken', { profileId: profile.id, callId: randomUUID() });
    const c = app.run('getToken', { profileId: profile.id });
    await arrived(STABLE);
    await app.call('cancelCall', { callId: first });
    expect(await a).toMatchObject({ ok: false, error: { kind: 'network', reason: 'aborted' } });
    const [got, plain] = await Promise.all([b, c]);
    expect(got).toMatchObject({ ok: true, value: { fromCache: false } });
    expect(plain).toMatchObject({ ok: true });
    if (!got.ok || !plain.ok) throw new Error('unreachable');
    expect(plain.value.accessToken).toBe(got.value.accessToken);
    expect(fake.calls(STABLE)).toBe(1);
    expect(fake.hungUp).toEqual([]);
  });

  it('token: when every caller cancels, the upstream is aborted and the next caller starts a new fetch', async () => {
    const profile = await addApp(app);
    fake.scenario.hang({ path: STABLE, times: 1 });
    const ids = [randomUUID(), randomUUID()];
    const calls = ids.map((callId) => app.run('getToken', { profileId: profile.id, callId }));
    await arrived(STABLE);
    await app.call('cancelCall', { callId: ids[0]! });
    // One caller is still waiting: the request stays on the wire.
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.hungUp).toEqual([]);
    await app.call('cancelCall', { callId: ids[1]! });
    for (const outcome of await Promise.all(calls)) expect(outcome).toMatchObject({ ok: false, error: { reason: 'aborted' } });
    await hungUp(STABLE);
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false });
    expect(fake.calls(STABLE)).toBe(2);
  });

  it('js_code: a double submit shares one exchange; cancelling one leaves the other its session', async () => {
    const profile = await addApp(app, FAKE_MINI_APP);
    const jsCode = fake.issueJsCode(FAKE_MINI_APP.appid).code;
    fake.scenario.slowHeaders(400, { path: JSCODE, times: 1 });
    const first = randomUUID();
    const a = app.run('jscode2session', { profileId: profile.id, jsCode, callId: first });
    const b = app.run('jscode2session', { profileId: profile.id, jsCode, callId: randomUUID() });
    await arrived(JSCODE);
    await app.call('cancelCall', { callId: first });
    expect(await a).toMatchObject({ ok: false, error: { reason: 'aborted' } });
    expect(await b).toMatchObject({ ok: true, value: { openid: expect.any(String) } });
    expect(fake.calls(JSCODE)).toBe(1);
    expect(fake.hungUp).toEqual([]);
  });

  it('a call built on a shared token fetch (the request console) is cancelled alone', async () => {
    const profile = await addApp(app);
    fake.scenario.slowHeaders(400, { path: STABLE, times: 1 });
    const first = randomUUID();
    const a = app.run('callApi', { profileId: profile.id, method: 'GET', path: '/cgi-bin/getcallbackip', callId: first });
    const b = app.run('callbackIp', { profileId: profile.id, callId: randomUUID() });
    await arrived(STABLE);
    await app.call('cancelCall', { callId: first });
    expect(await a).toMatchObject({ ok: false, error: { reason: 'aborted' } });
    expect(await b).toMatchObject({ ok: true, value: { ipList: expect.any(Array) } });
    expect(fake.calls('/cgi-bin/getcallbackip')).toBe(1);
  });
});

describe('the server URL lab', () => {
  it('a handshake against a server that never answers is cancelled: the connection is closed, the call fails as aborted', async () => {
    const profile = await addApp(app);
    await app.call('setCallbackSecret', { profileId: profile.id, kind: 'token', value: 'fakeToken123' });
    let arrivedAt = 0;
    let closed = false;
    const server: Server = createServer((req) => {
      arrivedAt += 1;
      req.socket.once('close', () => {
        closed = true;
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx`;
      const callId = randomUUID();
      const pending = app.run('callbackHandshake', { profileId: profile.id, url, callId });
      for (let i = 0; i < 400 && arrivedAt === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(arrivedAt).toBe(1);
      expect(await app.call('cancelCall', { callId })).toEqual({ cancelled: true });
      expect(await pending).toMatchObject({ ok: false, error: { kind: 'network', reason: 'aborted' } });
      for (let i = 0; i < 400 && !closed; i++) await new Promise((r) => setTimeout(r, 10));
      expect(closed).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
