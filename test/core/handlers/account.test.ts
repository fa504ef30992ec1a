import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/contract';
import { createMemoryTokenVault } from '../../../src/core/token/tokenVault';
import { CLEAR_QUOTA_MIN_INTERVAL_MS } from '../../../src/contract/constants';
import { CLEAR_QUOTA_MONTHLY_LIMIT, apiDomainIps } from '../../../src/core/simulator/account';
import { FAKE_APP, FAKE_TEST_APP, callbackIps, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { manualClock } from '../wechat/support';
import { addApp, openApp, tempDir, type App } from '../support';

let fake: FakeWechat;
let clock: ReturnType<typeof manualClock>;
let folder: Awaited<ReturnType<typeof tempDir>>;
let app: App;
let profile: Profile;

beforeEach(async () => {
  clock = manualClock();
  fake = await startFakeWechat({ clock: clock.now });
  folder = await tempDir();
  app = openApp(fake, { userDataDir: folder.dir, clock: clock.now, tokenVault: createMemoryTokenVault() });
  profile = await addApp(app);
});

afterEach(async () => {
  await app.close();
  await fake.close();
  await folder.remove();
});

describe('account calls use the stable token', () => {
  it('getQuota: today’s quota for a cgi path', async () => {
    const quota = await app.call('getQuota', { profileId: profile.id });
    // The stable_token call made to get a token for this very call is counted.
    expect(quota).toEqual({ cgiPath: '/cgi-bin/stable_token', dailyLimit: 500_000, used: 1, remain: 499_999, rateLimit: null, componentRateLimit: null, route: { kind: 'direct' } });
    expect(await app.call('getQuota', { profileId: profile.id, cgiPath: '/cgi-bin/token' })).toMatchObject({ dailyLimit: 2000, used: 0 });
    const sent = fake.requests.filter((r) => r.path === '/cgi-bin/openapi/quota/get');
    expect(sent.map((r) => r.body)).toEqual([{ cgi_path: '/cgi-bin/stable_token' }, { cgi_path: '/cgi-bin/token' }]);
    // One token, force_refresh false, shared by both calls.
    expect(fake.calls('/cgi-bin/stable_token')).toBe(1);
    expect(fake.requests[0]?.body).toMatchObject({ force_refresh: false });
    expect(fake.calls('/cgi-bin/token')).toBe(0);
  });

  it('callbackIp and apiDomainIp', async () => {
    expect(await app.call('callbackIp', { profileId: profile.id })).toEqual({ ipList: callbackIps, route: { kind: 'direct' } });
    expect(await app.call('apiDomainIp', { profileId: profile.id })).toEqual({ ipList: apiDomainIps, route: { kind: 'direct' } });
  });

  it('callbackCheck sends action and check_operator, and maps dns/ping', async () => {
    const all = await app.call('callbackCheck', { profileId: profile.id });
    expect(all.dns).toEqual([
      { ip: '111.161.64.40', realOperator: 'UNICOM' },
      { ip: '111.161.64.48', realOperator: 'UNICOM' },
    ]);
    expect(all.ping[0]).toEqual({ ip: '111.161.64.40', fromOperator: 'UNICOM', packageLoss: '0%', time: '20.079ms' });
    const dnsOnly = await app.call('callbackCheck', { profileId: profile.id, action: 'dns', operator: 'CAP' });
    expect(dnsOnly.ping).toEqual([]);
    expect(fake.requests.filter((r) => r.path === '/cgi-bin/callback/check').map((r) => r.body)).toEqual([
      { action: 'all', check_operator: 'DEFAULT' },
      { action: 'dns', check_operator: 'CAP' },
    ]);
    expect(await app.fail('callbackCheck', { profileId: profile.id, operator: 'MOBILE' as never })).toMatchObject({ kind: 'validation' });
  });

  it('a cached token WeChat no longer accepts is dropped and refetched once', async () => {
    await app.call('callbackIp', { profileId: profile.id });
    fake.tokens.expireAll(FAKE_APP.appid);
    expect(await app.call('apiDomainIp', { profileId: profile.id })).toMatchObject({ ipList: apiDomainIps });
    expect(fake.calls('/cgi-bin/stable_token')).toBe(2);
  });
});

describe('lookupRid', () => {
  it('describes a failed call of this app, with the caller’s IP', async () => {
    fake.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/getcallbackip', times: 1 });
    const failure = await app.fail('callbackIp', { profileId: profile.id });
    expect(failure).toMatchObject({ kind: 'wechat', errcode: 40164 });
    const rid = failure.kind === 'wechat' ? failure.rid : undefined;
    expect(rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);

    const info = await app.call('lookupRid', { profileId: profile.id, rid: rid ?? '' });
    expect(info).toMatchObject({ rid, clientIp: '203.0.113.9', costInMs: 3, invokeTime: Math.floor(clock.now() / 1000), route: { kind: 'direct' } });
    expect(info.requestUrl).toBe('access_token=***');
    expect(info.responseBody).toContain('"errcode":40164');
    expect(fake.requests.at(-1)?.body).toEqual({ rid });
  });

  it('redacts the secret WeChat echoes from a failed /cgi-bin/token call', async () => {
    fake.scenario.quota45009({ path: '/cgi-bin/token', times: 1 });
    const failure = await app.fail('getToken', { profileId: profile.id, lane: 'classic', confirmInvalidate: true });
    const rid = failure.kind === 'wechat' ? (failure.rid ?? '') : '';
    const info = await app.call('lookupRid', { profileId: profile.id, rid });
    expect(info.requestUrl).toBe(`grant_type=client_credential&appid=${FAKE_APP.appid}&secret=***`);
    expect(JSON.stringify(info)).not.toContain(FAKE_APP.secret);
  });

  it('unknown rids, other apps’ rids and malformed rids fail with WeChat’s codes', async () => {
    expect(await app.fail('lookupRid', { profileId: profile.id, rid: '5f5f5f5f-00000000-00000000' })).toMatchObject({ kind: 'wechat', errcode: 76001 });
    const other = await addApp(app, FAKE_TEST_APP, { label: 'Other' });
    fake.scenario.quota45009({ path: '/cgi-bin/getcallbackip', times: 1 });
    const failure = await app.fail('callbackIp', { profileId: other.id });
    const rid = failure.kind === 'wechat' ? (failure.rid ?? '') : '';
    expect(await app.fail('lookupRid', { profileId: profile.id, rid })).toMatchObject({ kind: 'wechat', errcode: 76003 });
    expect(await app.call('lookupRid', { profileId: other.id, rid })).toMatchObject({ rid });
    expect(await app.fail('lookupRid', { profileId: profile.id, rid: 'not a rid' })).toMatchObject({ kind: 'validation' });
  });
});

describe('clearQuota', () => {
  it('refuses without confirm: true, in the schema, before anything is sent', async () => {
    for (const confirm of [false, undefined, 'true', 1]) {
      const error = await app.fail('clearQuota', { profileId: profile.id, version: 'v1', confirm } as never);
      expect(error).toMatchObject({ kind: 'validation' });
      expect(JSON.stringify(error)).toContain('10 times a month');
    }
    expect(fake.calls()).toEqual({});
  });

  it('v1 clears with the token; the daily counters start again', async () => {
    await app.call('getToken', { profileId: profile.id, lane: 'classic', confirmInvalidate: true });
    expect(await app.call('getQuota', { profileId: profile.id, cgiPath: '/cgi-bin/token' })).toMatchObject({ used: 1 });
    expect(await app.call('clearQuota', { profileId: profile.id, version: 'v1', confirm: true })).toMatchObject({ cleared: true, route: { kind: 'direct' }, stats: { used: 1, monthlyLimit: 10, inFlight: false } });
    expect(fake.requests.find((r) => r.path === '/cgi-bin/clear_quota')?.body).toEqual({ appid: FAKE_APP.appid });
    expect(await app.call('getQuota', { profileId: profile.id, cgiPath: '/cgi-bin/token' })).toMatchObject({ used: 0 });
  });

  it('v2 needs no token: it works when the token quota is spent', async () => {
    fake.quota.set(FAKE_APP.appid, '/cgi-bin/stable_token', 500_000);
    expect(await app.fail('getToken', { profileId: profile.id })).toMatchObject({ kind: 'wechat', errcode: 45009 });
    expect(await app.call('clearQuota', { profileId: profile.id, version: 'v2', confirm: true })).toMatchObject({ cleared: true });
    const v2 = fake.requests.find((r) => r.path === '/cgi-bin/clear_quota/v2');
    // The secret travels in the body only: proxies log URLs.
    expect(v2?.query).toEqual({});
    expect(v2?.body).toEqual({ appid: FAKE_APP.appid, appsecret: FAKE_APP.secret });
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false });
    // The log has the call, without the secret.
    const [entry] = await app.call('requestLog', { endpoint: '/cgi-bin/clear_quota/v2' });
    expect(entry?.url).not.toContain('appsecret');
    expect(entry?.requestBody).toEqual({ appid: FAKE_APP.appid, appsecret: '***' });
  });

  it('v1 and v2 share 10 clears a month; the 11th fails with 48006', async () => {
    for (let i = 0; i < CLEAR_QUOTA_MONTHLY_LIMIT; i++) {
      await app.call('clearQuota', { profileId: profile.id, version: i % 2 ? 'v1' : 'v2', confirm: true });
      clock.advance(CLEAR_QUOTA_MIN_INTERVAL_MS);
    }
    expect(await app.call('clearQuotaStats', { profileId: profile.id })).toMatchObject({ used: CLEAR_QUOTA_MONTHLY_LIMIT, monthlyLimit: 10 });
    const error = await app.fail('clearQuota', { profileId: profile.id, version: 'v2', confirm: true });
    expect(error).toMatchObject({ kind: 'wechat', errcode: 48006, errmsg: expect.stringContaining('forbid to clear quota because of reaching the limit') });
    expect(fake.account.clearsThisMonth(FAKE_APP.appid)).toBe(CLEAR_QUOTA_MONTHLY_LIMIT);
  });
});

describe('clearQuota is throttled locally', () => {
  it('15 confirmed calls in a burst make one upstream call; the rest are typed refusals', async () => {
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => app.run('clearQuota', { profileId: profile.id, version: i % 2 ? 'v1' : 'v2', confirm: true })),
    );
    expect(fake.calls('/cgi-bin/clear_quota') + fake.calls('/cgi-bin/clear_quota/v2')).toBe(1);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refusals = results.filter((r) => !r.ok);
    expect(refusals).toHaveLength(14);
    for (const r of refusals) expect(r.ok || r.error).toMatchObject({ kind: 'validation', issues: [{ path: 'clearQuota' }] });
    expect(JSON.stringify(refusals[0])).toContain('already on its way');
    expect(fake.account.clearsThisMonth(FAKE_APP.appid)).toBe(1);
  });

  it('a second call within the minimum interval is refused, saying when; after it, allowed', async () => {
    await app.call('clearQuota', { profileId: profile.id, version: 'v2', confirm: true });
    clock.advance(CLEAR_QUOTA_MIN_INTERVAL_MS - 1000);
    const early = await app.fail('clearQuota', { profileId: profile.id, version: 'v1', confirm: true });
    expect(early).toMatchObject({ kind: 'validation', issues: [{ path: 'clearQuota' }], retryAt: clock.now() + 1000 });
    expect(JSON.stringify(early)).toMatch(/waits 60 s between calls.*in 1 s/);
    clock.advance(1000);
    expect(await app.call('clearQuota', { profileId: profile.id, version: 'v1', confirm: true })).toMatchObject({ stats: { used: 2 } });
    expect(fake.account.clearsThisMonth(FAKE_APP.appid)).toBe(2);
  });

  it('the monthly count is persisted in the user-data folder, like the token counts', async () => {
    await app.call('clearQuota', { profileId: profile.id, version: 'v2', confirm: true });
    const stats = await app.call('clearQuotaStats', { profileId: profile.id });
    expect(stats).toMatchObject({ appid: FAKE_APP.appid, used: 1, monthlyLimit: 10, inFlight: false, lastSentAt: clock.now() });
    expect(stats.nextAllowedAt).toBe(clock.now() + CLEAR_QUOTA_MIN_INTERVAL_MS);
    await app.close();
    app = openApp(fake, { userDataDir: folder.dir, clock: clock.now, tokenVault: createMemoryTokenVault() });
    expect(await app.call('clearQuotaStats', { profileId: profile.id })).toMatchObject({ used: 1, lastSentAt: stats.lastSentAt });
    // The interval survives the restart too.
    expect(await app.fail('clearQuota', { profileId: profile.id, version: 'v2', confirm: true })).toMatchObject({ issues: [{ path: 'clearQuota' }] });
  });
});

describe('tokenStats and the forced-refresh spacing', () => {
  it('counts today’s fetches per lane; a 测试号 has a 200/day classic limit', async () => {
    await app.call('getToken', { profileId: profile.id });
    await app.call('getToken', { profileId: profile.id }); // cache hit: not a fetch
    await app.call('getToken', { profileId: profile.id, lane: 'classic', confirmInvalidate: true });
    const stats = await app.call('tokenStats', { profileId: profile.id });
    expect(stats).toEqual({
      profileId: profile.id,
      appid: FAKE_APP.appid,
      day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      fetches: { stable: 1, 'stable-forced': 0, classic: 1 },
      classicDailyLimit: 2000,
      forcedDailyLimit: 20,
      lastForcedAt: null,
      nextForcedAllowedAt: null,
    });
    const testApp = await addApp(app, FAKE_TEST_APP, { label: '测试号' });
    expect(await app.call('tokenStats', { profileId: testApp.id })).toMatchObject({ classicDailyLimit: 200, fetches: { stable: 0 } });
  });

  it('refuses a second forced refresh within 30 s locally, saying when it is allowed', async () => {
    const forced = { profileId: profile.id, lane: 'stable-forced', confirmInvalidate: true } as const;
    await app.call('getToken', forced);
    const at = clock.now();
    clock.advance(12_000);
    const error = await app.fail('getToken', forced);
    expect(error).toMatchObject({ kind: 'validation', issues: [{ path: 'lane' }] });
    expect(error.kind === 'validation' && error.message).toContain(`allowed again at ${new Date(at + 30_000).toTimeString().slice(0, 8)} (in 18 s)`);
    expect(fake.calls('/cgi-bin/stable_token')).toBe(1);
    expect(await app.call('tokenStats', { profileId: profile.id })).toMatchObject({
      fetches: { 'stable-forced': 1 },
      lastForcedAt: at,
      nextForcedAllowedAt: at + 30_000,
    });
    clock.advance(18_000);
    await expect(app.call('getToken', forced)).resolves.toMatchObject({ fromCache: false });
    expect(fake.calls('/cgi-bin/stable_token')).toBe(2);
  });
});

describe('request log', () => {
  it('filters by appid, endpoint and errcode, newest first, with a limit', async () => {
    const other = await addApp(app, FAKE_TEST_APP, { label: 'Other' });
    await app.call('callbackIp', { profileId: profile.id });
    await app.call('callbackIp', { profileId: other.id });
    fake.scenario.quota45009({ path: '/cgi-bin/getcallbackip', times: 1 });
    await app.fail('callbackIp', { profileId: profile.id });

    const all = await app.call('requestLog', {});
    expect(all.map((e) => e.endpoint)).toEqual([
      '/cgi-bin/getcallbackip',
      '/cgi-bin/getcallbackip',
      '/cgi-bin/stable_token',
      '/cgi-bin/getcallbackip',
      '/cgi-bin/stable_token',
    ]);
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    expect(all.every((e) => e.route.kind === 'direct')).toBe(true);
    expect(await app.call('requestLog', { appid: FAKE_TEST_APP.appid })).toHaveLength(2);
    expect((await app.call('requestLog', { endpoint: 'stable_token' })).map((e) => e.appid)).toEqual([FAKE_TEST_APP.appid, FAKE_APP.appid]);
    expect(await app.call('requestLog', { errcode: 45009 })).toMatchObject([{ appid: FAKE_APP.appid, errcode: 45009 }]);
    expect(await app.call('requestLog', { limit: 2 })).toEqual(all.slice(0, 2));

    expect(await app.call('clearRequestLog', {})).toEqual({ cleared: 5 });
    expect(await app.call('requestLog', {})).toEqual([]);
  });

  it('exports the redacted entries: no secret, token, code or session_key', async () => {
    const token = await app.call('getToken', { profileId: profile.id });
    await app.call('getToken', { profileId: profile.id, lane: 'classic', confirmInvalidate: true });
    await app.call('clearQuota', { profileId: profile.id, version: 'v2', confirm: true });
    const exported = await app.call('exportRequestLog', {});
    expect(exported.filename).toMatch(/^wxcred-request-log-\d{4}-\d{2}-\d{2}\.json$/);
    const parsed = JSON.parse(exported.json) as { count: number; entries: unknown[] };
    expect(parsed.count).toBe(3);
    for (const secret of [FAKE_APP.secret, token.accessToken]) expect(exported.json).not.toContain(secret);
    expect(exported.json).toContain('secret=***');
  });
});
