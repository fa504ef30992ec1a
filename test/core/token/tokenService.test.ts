import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRequestLog } from '../../../src/core/log/requestLog';
import { busyRetryDelaysMs, createTokenService, type WechatTokenService } from '../../../src/core/token/tokenService';
import { FAKE_APP, GRACE_MS, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { closedPort, manualClock, targetOn, wxErrorOf } from '../wechat/support';

let fake: FakeWechat;
let clock: ReturnType<typeof manualClock>;
let service: WechatTokenService;
let sleeps: number[];
let secretLoads: number;

const loadSecret = async () => {
  secretLoads += 1;
  return FAKE_APP.secret;
};

beforeEach(async () => {
  clock = manualClock();
  fake = await startFakeWechat({ clock: clock.now });
  sleeps = [];
  secretLoads = 0;
  service = createTokenService({
    clock: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
});

afterEach(async () => {
  await service.close();
  await fake.close();
});

const STABLE = '/cgi-bin/stable_token';
const CLASSIC = '/cgi-bin/token';

describe('cache and refresh-ahead', () => {
  it('serves from the cache until less than the margin is left, then fetches', async () => {
    const target = targetOn(fake);
    const first = await service.get(target, 'stable', loadSecret);
    expect(first).toMatchObject({ lane: 'stable', fromCache: false, expiresIn: 7200, apiBase: fake.url, route: { kind: 'direct' } });
    expect(first.expiresAt).toBe(clock.now() + 7200_000);

    clock.advance((7200 - 301) * 1000);
    const cached = await service.get(target, 'stable', loadSecret);
    expect(cached).toMatchObject({ accessToken: first.accessToken, fromCache: true });
    expect(fake.calls(STABLE)).toBe(1);
    expect(secretLoads).toBe(1);

    clock.advance(2_000); // 299 s left: inside the 5-minute margin
    const refreshed = await service.get(target, 'stable', loadSecret);
    expect(refreshed.fromCache).toBe(false);
    expect(fake.calls(STABLE)).toBe(2);
    // WeChat starts handing out the next stable token in the last 5 minutes.
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(service.peek(target, 'stable')).toMatchObject({ accessToken: refreshed.accessToken, fromCache: true });
  });

  it('loadSecret is not called on a cache hit', async () => {
    const target = targetOn(fake);
    await service.get(target, 'classic', loadSecret);
    const never = vi.fn(async () => FAKE_APP.secret);
    await service.get(target, 'classic', never);
    expect(never).not.toHaveBeenCalled();
  });

  it('caches per (apiBase, appid, lane)', async () => {
    const target = targetOn(fake);
    await service.get(target, 'stable', loadSecret);
    await service.get(target, 'classic', loadSecret);
    await service.get({ ...target, apiBase: `${fake.url}/` }, 'stable', loadSecret);
    expect(fake.calls()).toEqual({ [STABLE]: 2, [CLASSIC]: 1 });
    expect(service.peek(target, 'classic')?.lane).toBe('classic');
    expect(service.peek({ ...target, appid: 'wx1111111111111111' }, 'stable')).toBeNull();
  });

  it('single-flight: 1,000 concurrent get() make exactly one upstream call', async () => {
    const target = targetOn(fake);
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => service.get(target, 'stable', loadSecret)));
    expect(fake.calls(STABLE)).toBe(1);
    expect(secretLoads).toBe(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
  });

  it('a failed fetch is not cached and the next get() tries again', async () => {
    const target = targetOn(fake);
    fake.scenario.html502({ times: 1 });
    expect(await wxErrorOf(service.get(target, 'stable', loadSecret))).toMatchObject({ kind: 'network', reason: 'http-status' });
    await expect(service.get(target, 'stable', loadSecret)).resolves.toMatchObject({ fromCache: false });
  });
});

describe('the forced lane', () => {
  it('is never served from the cache, and replaces the stable lane token', async () => {
    const target = targetOn(fake);
    const stable = await service.get(target, 'stable', loadSecret);
    const forced = await service.get(target, 'stable-forced', loadSecret);
    expect(forced).toMatchObject({ lane: 'stable-forced', fromCache: false });
    expect(forced.accessToken).not.toBe(stable.accessToken);
    clock.advance(31_000);
    const again = await service.get(target, 'stable-forced', loadSecret);
    expect(again.fromCache).toBe(false);
    expect(fake.calls(STABLE)).toBe(3);
    expect(fake.requests.map((r) => (r.body as { force_refresh: boolean }).force_refresh)).toEqual([false, true, true]);
    expect(await service.get(target, 'stable', loadSecret)).toMatchObject({ accessToken: again.accessToken, fromCache: true });
  });
});

describe('retries', () => {
  it('errcode -1 is retried with bounded backoff, then succeeds', async () => {
    fake.scenario.busy(2, STABLE);
    const token = await service.get(targetOn(fake), 'stable', loadSecret);
    expect(token.fromCache).toBe(false);
    expect(fake.calls(STABLE)).toBe(3);
    expect(sleeps).toEqual([200, 400]);
    expect(secretLoads).toBe(1);
  });

  it('errcode -1 gives up after three tries', async () => {
    fake.scenario.busy(10, STABLE);
    expect(await wxErrorOf(service.get(targetOn(fake), 'stable', loadSecret))).toMatchObject({ kind: 'wechat', errcode: -1 });
    expect(fake.calls(STABLE)).toBe(busyRetryDelaysMs.length + 1);
    expect(sleeps).toEqual([...busyRetryDelaysMs]);
  });

  it('45009 and 45011 are never retried', async () => {
    fake.scenario.quota45009(STABLE);
    expect(await wxErrorOf(service.get(targetOn(fake), 'stable', loadSecret))).toMatchObject({ errcode: 45009 });
    expect(fake.calls(STABLE)).toBe(1);
    fake.scenario.clear().minuteQuota45011(CLASSIC);
    expect(await wxErrorOf(service.get(targetOn(fake), 'classic', loadSecret))).toMatchObject({ errcode: 45011 });
    expect(fake.calls(CLASSIC)).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it('network failures are not retried', async () => {
    const port = await closedPort();
    const err = await wxErrorOf(service.get(targetOn(fake, { apiBase: `http://127.0.0.1:${port}` }), 'stable', loadSecret));
    expect(err).toMatchObject({ kind: 'network', reason: 'refused' });
    expect(sleeps).toEqual([]);
  });
});

describe('withToken: drop a rejected cached token and retry once', () => {
  const callbackIp = (target = targetOn(fake)) => (token: string) => service.api.getCallbackIp(target, token);

  it('a classic token rotated by someone else: 40001 after the grace window, one refetch, one retry', async () => {
    const target = targetOn(fake);
    const first = await service.get(target, 'classic', loadSecret);
    fake.issueToken(FAKE_APP.appid, 'classic'); // another server called /cgi-bin/token
    clock.advance(GRACE_MS + 1_000);

    const result = await service.withToken(target, 'classic', loadSecret, callbackIp());
    expect(result.ipList.length).toBeGreaterThan(0);
    expect(fake.calls('/cgi-bin/getcallbackip')).toBe(2);
    expect(fake.calls(CLASSIC)).toBe(2);
    expect(service.peek(target, 'classic')?.accessToken).not.toBe(first.accessToken);
  });

  it('50 concurrent calls failing on the same stale token cause one refetch', async () => {
    const target = targetOn(fake);
    await service.get(target, 'classic', loadSecret);
    fake.issueToken(FAKE_APP.appid, 'classic');
    clock.advance(GRACE_MS + 1_000);

    await Promise.all(Array.from({ length: 50 }, () => service.withToken(target, 'classic', loadSecret, callbackIp())));
    expect(fake.calls(CLASSIC)).toBe(2);
    expect(fake.calls('/cgi-bin/getcallbackip')).toBe(100);
  });

  it('a token that is no longer the cached one is not dropped', async () => {
    const target = targetOn(fake);
    const old = await service.get(target, 'stable', loadSecret);
    let attempts = 0;
    const result = await service.withToken(target, 'stable', loadSecret, async (token) => {
      attempts += 1;
      if (attempts === 1) {
        // While this call was out, the cache moved on to a newer token.
        service.forget(target, 'stable');
        await service.get(target, 'stable-forced', loadSecret);
        return service.api.getCallbackIp(target, 'not-a-token-at-all'); // 40014
      }
      return token;
    });
    expect(result).not.toBe(old.accessToken);
    expect(result).toBe(service.peek(target, 'stable')?.accessToken);
    expect(attempts).toBe(2);
    expect(fake.calls(STABLE)).toBe(2); // the newer token was kept: no third fetch
  });

  it('retries only once, and never for a token that was just fetched', async () => {
    const target = targetOn(fake);
    let attempts = 0;
    const stale = async () => {
      attempts += 1;
      return service.api.getCallbackIp(target, '1_stale_but_well_formed_token_xxxxxxxx');
    };
    expect(await wxErrorOf(service.withToken(target, 'stable', loadSecret, stale))).toMatchObject({ errcode: 40001 });
    expect(attempts).toBe(1); // fresh token: WeChat's "no" is the answer

    attempts = 0;
    expect(await wxErrorOf(service.withToken(target, 'stable', loadSecret, stale))).toMatchObject({ errcode: 40001 });
    expect(attempts).toBe(2); // cached, dropped, refetched, retried once
  });

  it('other errors pass straight through', async () => {
    const target = targetOn(fake);
    await service.get(target, 'stable', loadSecret);
    fake.scenario.ipNotWhitelisted('1.2.3.4', '/cgi-bin/getcallbackip');
    expect(await wxErrorOf(service.withToken(target, 'stable', loadSecret, callbackIp()))).toMatchObject({ errcode: 40164, ip: '1.2.3.4' });
    expect(fake.calls(STABLE)).toBe(1);
  });
});

describe('secrets stay out of errors and the log', () => {
  it('wrong secret, failures and successes: the secret appears nowhere', async () => {
    const log = createRequestLog();
    const logged = createTokenService({ clock: clock.now, log, sleep: async () => undefined });
    const target = targetOn(fake);
    const wrong = 'FAKE-SECRET-0123456789abcdef-wrong';
    const errors = [
      await wxErrorOf(logged.get(target, 'stable', async () => wrong)),
      await wxErrorOf(logged.get(target, 'classic', async () => wrong)),
    ];
    await logged.get(target, 'classic', async () => FAKE_APP.secret);
    await logged.get(target, 'stable', async () => FAKE_APP.secret);
    await logged.close();
    const everything = JSON.stringify({ errors, log: log.list() });
    expect(log.size).toBe(4);
    expect(everything).not.toContain(FAKE_APP.secret);
    expect(everything).not.toContain(wrong);
  });
});
