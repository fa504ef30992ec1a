import { createServer as createTcpServer, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createWechatClient, type WechatClient } from '../../../src/core/wechat/client';
import { createWechatApi } from '../../../src/core/wechat/endpoints';
import type { NetOptions } from '../../../src/core/wechat/http';
import { bypassesProxy, displayProxy, envProxyFor, type Env } from '../../../src/core/wechat/route';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { startTestProxy, type TestProxy } from '../../support/proxy';
import { closedPort, targetOn, wxErrorOf } from './support';

let fake: FakeWechat;
let proxy: TestProxy;
let authProxy: TestProxy;
let client: WechatClient | null = null;

beforeAll(async () => {
  [proxy, authProxy] = await Promise.all([startTestProxy(), startTestProxy({ username: 'dev', password: 's3cret-pw' })]);
});
afterAll(async () => {
  await Promise.all([proxy.close(), authProxy.close()]);
});
beforeEach(async () => {
  fake = await startFakeWechat();
  proxy.requests.length = 0;
  authProxy.requests.length = 0;
});
afterEach(async () => {
  await client?.close();
  client = null;
  await fake.close();
});

function apiWith(env: Env = {}, net: Partial<NetOptions> = {}) {
  client = createWechatClient({ env, net });
  return createWechatApi(client);
}

const toFake = () => ({ hostname: '127.0.0.1', port: fake.port });

describe('per-app proxy', () => {
  it('sends the call through the proxy and says so in the route', async () => {
    const api = apiWith();
    const reply = await api.fetchStableToken(targetOn(fake, { proxy: proxy.url }), FAKE_APP.secret, false);
    expect(reply.route).toEqual({ kind: 'proxy', proxy: `http://127.0.0.1:${proxy.port}`, source: 'profile' });
    expect(await proxy.waitFor(1)).toEqual([expect.objectContaining({ ...toFake(), authorized: true })]);
    expect(fake.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('authenticates with credentials from the URL, which the route never shows', async () => {
    const api = apiWith();
    const reply = await api.fetchClassicToken(targetOn(fake, { proxy: authProxy.url }), FAKE_APP.secret);
    expect(reply.route).toEqual({ kind: 'proxy', proxy: `http://127.0.0.1:${authProxy.port}`, source: 'profile' });
    expect(JSON.stringify(reply.route)).not.toContain('s3cret-pw');
    expect((await authProxy.waitFor(1)).at(-1)).toMatchObject({ ...toFake(), authorized: true });
  });

  it('wrong proxy password: reason proxy (407), no credentials in the error', async () => {
    const api = apiWith();
    const url = `http://dev:wrong-pw@127.0.0.1:${authProxy.port}`;
    const err = await wxErrorOf(api.fetchStableToken(targetOn(fake, { proxy: url }), FAKE_APP.secret, false));
    expect(err).toMatchObject({ kind: 'network', reason: 'proxy', message: expect.stringContaining('407') });
    expect(JSON.stringify(err)).not.toContain('wrong-pw');
    expect(fake.calls('/cgi-bin/stable_token')).toBe(0);
  });

  it('a proxy that refuses connections: reason proxy', async () => {
    const api = apiWith();
    const port = await closedPort();
    const err = await wxErrorOf(api.fetchStableToken(targetOn(fake, { proxy: `http://127.0.0.1:${port}` }), FAKE_APP.secret, false));
    expect(err).toMatchObject({ kind: 'network', reason: 'proxy', route: { kind: 'proxy', source: 'profile' } });
  });

  it('a proxy that cannot reach WeChat: reason proxy', async () => {
    const api = apiWith();
    const port = await closedPort();
    const target = targetOn(fake, { apiBase: `http://127.0.0.1:${port}`, proxy: proxy.url });
    const err = await wxErrorOf(api.fetchStableToken(target, FAKE_APP.secret, false));
    expect(err).toMatchObject({ kind: 'network', reason: 'proxy' });
    // One CONNECT, not a reconnect storm (undici alone would retry it in a tight loop).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.requests).toHaveLength(1);
  });
});

describe('HTTP_PROXY / NO_PROXY from the environment', () => {
  it('honours HTTP_PROXY (opted in for a loopback target)', async () => {
    const api = apiWith({ HTTP_PROXY: proxy.url }, { envProxyForLoopback: true });
    const reply = await api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false);
    expect(reply.route).toEqual({ kind: 'proxy', proxy: `http://127.0.0.1:${proxy.port}`, source: 'env' });
    expect(await proxy.waitFor(1)).toHaveLength(1);
  });

  it('lowercase http_proxy wins over HTTP_PROXY', async () => {
    const api = apiWith({ http_proxy: proxy.url, HTTP_PROXY: authProxy.url.replace('s3cret-pw', 'nope') }, { envProxyForLoopback: true });
    await api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false);
    expect(await proxy.waitFor(1)).toHaveLength(1);
    expect(authProxy.requests).toHaveLength(0);
  });

  it('NO_PROXY is respected', async () => {
    const api = apiWith({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com, 127.0.0.1' }, { envProxyForLoopback: true });
    const reply = await api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false);
    expect(reply.route).toEqual({ kind: 'direct' });
    expect(proxy.requests).toHaveLength(0);
  });

  it('loopback targets skip an env proxy by default; a profile proxy still applies', async () => {
    const api = apiWith({ HTTP_PROXY: proxy.url });
    expect((await api.fetchStableToken(targetOn(fake), FAKE_APP.secret, false)).route).toEqual({ kind: 'direct' });
    expect(proxy.requests).toHaveLength(0);
    const viaProfile = await api.fetchStableToken(targetOn(fake, { proxy: proxy.url }), FAKE_APP.secret, false);
    expect(viaProfile.route).toMatchObject({ kind: 'proxy', source: 'profile' });
    expect(await proxy.waitFor(1)).toHaveLength(1);
  });
});

describe('proxy selection rules', () => {
  const url = (s: string) => new URL(s);

  it('picks the proxy for the scheme, HTTPS falling back to HTTP_PROXY, scheme-less accepted', () => {
    expect(envProxyFor(url('https://api.weixin.qq.com'), { HTTPS_PROXY: 'http://a:1', HTTP_PROXY: 'http://b:2' })).toBe('http://a:1');
    expect(envProxyFor(url('https://api.weixin.qq.com'), { HTTP_PROXY: 'http://b:2' })).toBe('http://b:2');
    expect(envProxyFor(url('http://api.weixin.qq.com'), { HTTPS_PROXY: 'http://a:1' })).toBeUndefined();
    expect(envProxyFor(url('http://api.weixin.qq.com'), { http_proxy: 'corp:3128' })).toBe('http://corp:3128');
    expect(envProxyFor(url('http://api.weixin.qq.com'), { HTTP_PROXY: '  ' })).toBeUndefined();
  });

  it('matches NO_PROXY like undici', () => {
    const wx = url('https://api.weixin.qq.com');
    expect(bypassesProxy(wx, '*')).toBe(true);
    expect(bypassesProxy(wx, 'weixin.qq.com')).toBe(true);
    expect(bypassesProxy(wx, '.qq.com')).toBe(true);
    expect(bypassesProxy(wx, '*.qq.com')).toBe(true);
    expect(bypassesProxy(wx, 'xqq.com,foo')).toBe(false);
    expect(bypassesProxy(wx, 'api.weixin.qq.com:443')).toBe(true);
    expect(bypassesProxy(wx, 'api.weixin.qq.com:8443')).toBe(false);
    expect(bypassesProxy(url('http://[::1]:8080/'), '[::1]:8080')).toBe(true);
    expect(bypassesProxy(wx, '')).toBe(false);
  });

  it('never displays proxy credentials', () => {
    expect(displayProxy('http://user:pa%40ss@proxy.corp:3128/')).toBe('http://proxy.corp:3128');
  });
});

describe('a proxy that accepts the connection and never answers CONNECT', () => {
  it('fails at the connect timeout, not the overall deadline, with a message naming the proxy', async () => {
    const held: Socket[] = [];
    const silent = createTcpServer((socket) => void held.push(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    const port = (silent.address() as { port: number }).port;
    try {
      // A deadline far beyond the test's own timeout: only the connect timeout can end this call in time.
      const api = apiWith({}, { connectTimeoutMs: 300, deadlineMs: 120_000, headersTimeoutMs: 120_000 });
      const err = await wxErrorOf(api.fetchStableToken(targetOn(fake, { proxy: `http://127.0.0.1:${port}` }), FAKE_APP.secret, false));
      expect(err).toMatchObject({ kind: 'network', reason: 'proxy', route: { kind: 'proxy', source: 'profile' } });
      expect(err.kind === 'network' && err.message).toContain(`via http://127.0.0.1:${port}`);
      expect(err.kind === 'network' && err.message).toContain('did not answer CONNECT within 300 ms (timeout: connect)');
      expect(held.length).toBeGreaterThanOrEqual(1);
      expect(fake.calls('/cgi-bin/stable_token')).toBe(0);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });
});
