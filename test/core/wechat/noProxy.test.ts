/**
 * NO_PROXY is decided the way undici's own EnvHttpProxyAgent decides it: every target and
 * NO_PROXY value below is put to a real EnvHttpProxyAgent (its three inner agents replaced by
 * recorders, so nothing is sent) and to wxcred's router, and the two must agree. The route
 * wxcred reports (RouteText) is the one its router took, so it agrees too.
 */
import { EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { isLoopback } from '../../../src/core/loopback';
import { netOptions } from '../../../src/core/wechat/http';
import { bypassesProxy, createRouter, noProxyOf, type Router } from '../../../src/core/wechat/route';

const HTTP_PROXY = 'http://127.0.0.1:9';
const HTTPS_PROXY = 'http://127.0.0.1:10';

type Decision = 'direct' | 'http-proxy' | 'https-proxy';

/** Which inner agent undici's EnvHttpProxyAgent hands this origin to. */
function undiciDecision(origin: string, noProxy: string): Decision {
  const agent = new EnvHttpProxyAgent({ httpProxy: HTTP_PROXY, httpsProxy: HTTPS_PROXY, noProxy });
  const inner = (description: string): Dispatcher => {
    const symbol = Object.getOwnPropertySymbols(agent).find((s) => s.description === description);
    if (!symbol) throw new Error(`undici's EnvHttpProxyAgent has no ${description} any more`);
    return (agent as unknown as Record<symbol, Dispatcher>)[symbol] as Dispatcher;
  };
  let chosen: Decision | null = null;
  const record = (decision: Decision) => (): boolean => {
    chosen = decision;
    return true;
  };
  Object.assign(inner('no proxy agent'), { dispatch: record('direct') });
  Object.assign(inner('http proxy agent'), { dispatch: record('http-proxy') });
  Object.assign(inner('https proxy agent'), { dispatch: record('https-proxy') });
  agent.dispatch({ origin, path: '/', method: 'GET' }, { onError: (err: Error) => { throw err; } } as Dispatcher.DispatchHandler);
  if (chosen === null) throw new Error(`undici dispatched ${origin} nowhere`);
  return chosen;
}

const routers: Router[] = [];
afterAll(async () => {
  await Promise.all(routers.map((r) => r.close()));
});

/** What wxcred's router decides, and the route it reports; loopback opted in so only NO_PROXY decides. */
function wxcredDecision(origin: string, noProxy: string): Decision {
  const router = createRouter({ env: { HTTP_PROXY, HTTPS_PROXY, NO_PROXY: noProxy }, net: netOptions({ envProxyForLoopback: true }) });
  routers.push(router);
  const { route } = router.resolve(new URL(origin), null);
  if (route.kind === 'direct') return 'direct';
  return route.proxy === HTTPS_PROXY ? 'https-proxy' : 'http-proxy';
}

const targets = [
  'https://api.weixin.qq.com',
  'https://api.weixin.qq.com:8443',
  'http://api.weixin.qq.com',
  'https://weixin.qq.com',
  'https://API.Weixin.QQ.com',
  'https://example.com',
  'https://example.com.',
  'https://sub.example.com',
  'https://badexample.com',
  'http://example.com:8080',
  'http://10.1.2.3',
  'http://10.1.2.3:8080',
  'http://192.168.0.1',
  'http://127.0.0.1:8080',
  'http://[::1]:8080',
  'http://[::1]',
  'http://[::ffff:127.0.0.1]:8080',
  'http://[2001:db8::7]',
  'http://localhost:3000',
];

const noProxies = [
  '',
  '*',
  ' *',
  '*,example.com',
  'example.com',
  '.example.com',
  '*.example.com',
  'example.com.',
  'EXAMPLE.COM',
  'example.com:443',
  'example.com:8080',
  'weixin.qq.com',
  '.qq.com',
  'qq.com:443',
  'xqq.com,foo',
  'api.weixin.qq.com:8443',
  '10.0.0.0/8',
  '10.1.2.3',
  '10.1.2.3:8080',
  '192.168.0.0/16,127.0.0.0/8',
  '127.0.0.1',
  '::1',
  '[::1]',
  '[::1]:8080',
  '[::1]:9090',
  '::ffff:127.0.0.1',
  '[::ffff:7f00:1]',
  '[2001:db8::7]',
  '2001:db8::/32',
  'localhost',
  '.',
  'foo, example.com',
  'foo,,example.com',
  'foo\texample.com',
  'a.example.com weixin.qq.com',
];

describe('NO_PROXY agrees with undici’s EnvHttpProxyAgent', () => {
  it.each(noProxies.map((noProxy) => [JSON.stringify(noProxy), noProxy]))('NO_PROXY=%s, for every target', (_shown, noProxy) => {
    for (const origin of targets) {
      expect(wxcredDecision(origin, noProxy), `${origin} with NO_PROXY=${JSON.stringify(noProxy)}`).toBe(undiciDecision(origin, noProxy));
    }
  });

  it('undici’s answers, spelled out for the cases where curl differs', () => {
    const skips = (origin: string, noProxy: string) => bypassesProxy(new URL(origin), noProxy);
    // A trailing dot is part of the name: no match either way.
    expect(skips('https://example.com.', 'example.com')).toBe(false);
    expect(skips('https://example.com', 'example.com.')).toBe(false);
    // No CIDR ranges: the entry is a name that no host has.
    expect(skips('http://10.1.2.3', '10.0.0.0/8')).toBe(false);
    expect(skips('http://10.1.2.3', '10.1.2.3')).toBe(true);
    // IPv6 as the URL writes it, in brackets; a bare ::1 reads as host ":" port 1.
    expect(skips('http://[::1]:8080', '[::1]')).toBe(true);
    expect(skips('http://[::1]:8080', '::1')).toBe(false);
    expect(skips('http://[::1]:8080', '[::1]:9090')).toBe(false);
    // The URL writes an IPv4-mapped address in hex; NO_PROXY matches that spelling only.
    expect(skips('http://[::ffff:127.0.0.1]', '[::ffff:7f00:1]')).toBe(true);
    expect(skips('http://[::ffff:127.0.0.1]', '127.0.0.1')).toBe(false);
    // `*` bypasses everything only as the whole value.
    expect(skips('https://api.weixin.qq.com', '*')).toBe(true);
    expect(skips('https://api.weixin.qq.com', '*,example.com')).toBe(false);
    // Leading dot, `*.`, ports and case.
    expect(skips('https://api.weixin.qq.com', '.qq.com')).toBe(true);
    expect(skips('https://api.weixin.qq.com', '*.QQ.com')).toBe(true);
    expect(skips('https://api.weixin.qq.com', 'weixin.qq.com:443')).toBe(true);
    expect(skips('https://api.weixin.qq.com', 'weixin.qq.com:80')).toBe(false);
    expect(skips('https://badexample.com', 'example.com')).toBe(false);
  });

  it('reads no_proxy before NO_PROXY, as undici does, even when no_proxy is empty', () => {
    expect(noProxyOf({ no_proxy: 'a.example', NO_PROXY: 'b.example' })).toBe('a.example');
    expect(noProxyOf({ no_proxy: '', NO_PROXY: 'b.example' })).toBe('');
    expect(noProxyOf({ NO_PROXY: 'b.example' })).toBe('b.example');
    expect(noProxyOf({})).toBe('');
  });
});

describe('loopback targets, however the URL spells them', () => {
  it('[::ffff:7f00:1] (how a URL writes ::ffff:127.0.0.1) is loopback; other mapped addresses are not', () => {
    expect(new URL('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
    expect(isLoopback('[::ffff:7f00:1]')).toBe(true);
    expect(isLoopback('[::ffff:7fff:fffe]')).toBe(true);
    expect(isLoopback('[::ffff:a01:203]')).toBe(false);
    expect(isLoopback('[::ffff:8000:1]')).toBe(false);
  });

  it('skips an environment proxy for it by default, and reports the route as direct', () => {
    const router = createRouter({ env: { HTTP_PROXY }, net: netOptions() });
    routers.push(router);
    expect(router.resolve(new URL('http://[::ffff:127.0.0.1]:8080/'), null).route).toEqual({ kind: 'direct' });
    expect(router.resolve(new URL('http://198.51.100.1/'), null).route).toEqual({ kind: 'proxy', proxy: HTTP_PROXY, source: 'env' });
  });
});
