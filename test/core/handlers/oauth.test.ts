/** 网页授权 through the real handlers against the fake WeChat: URL, exchange, refresh, check, userinfo. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../../src/core/log/requestLog';
import { FAKE_APP, startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const exchange = (code: string, allowReuse = false) => h.call('exchangeOAuthCode', { profileId: h.profiles.official.id, code, allowReuse });

describe('buildAuthorizeUrl', () => {
  it('builds the URL for the profile\'s appid and kind and stamps when it was issued', async () => {
    const url = await h.call('buildAuthorizeUrl', { profileId: h.profiles.official.id, redirectUri: 'https://example.com/cb?x=1', scope: 'snsapi_userinfo' });
    expect(url.url).toMatch(/^https:\/\/open\.weixin\.qq\.com\/connect\/oauth2\/authorize\?appid=wx0123456789abcdef&redirect_uri=https%3A%2F%2Fexample\.com%2Fcb%3Fx%3D1&response_type=code&scope=snsapi_userinfo&state=[A-Za-z0-9_-]{32}#wechat_redirect$/);
    expect(url).toMatchObject({ flow: 'oauth2', codeLifetimeMs: 300_000, issuedAt: h.clock.now() });

    const site = await h.call('buildAuthorizeUrl', { profileId: h.profiles.website.id, redirectUri: 'https://example.com/cb', scope: 'snsapi_login', state: 'given' });
    expect(site).toMatchObject({ flow: 'qrconnect', codeLifetimeMs: 600_000, state: 'given' });
  });

  it('refuses a scope the app kind cannot use, and any web OAuth for a mini-program, as validation errors', async () => {
    const wrongScope = await h.fail('buildAuthorizeUrl', { profileId: h.profiles.website.id, redirectUri: 'https://example.com/cb', scope: 'snsapi_base' });
    expect(wrongScope).toMatchObject({ kind: 'validation', issues: [{ path: 'scope' }] });
    const mini = await h.fail('buildAuthorizeUrl', { profileId: h.profiles.mini.id, redirectUri: 'https://example.com/cb', scope: 'snsapi_base' });
    expect(mini).toMatchObject({ kind: 'validation', issues: [{ path: 'kind' }] });
    expect(mini.kind === 'validation' && mini.message).toMatch(/no web OAuth/);
  });
});

describe('exchangeOAuthCode', () => {
  it('exchanges a code for an OAuth session with its own countdowns, sending the documented query', async () => {
    const { code, openid } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo', unionid: 'oUnion_0123456789abcdefghijk' });
    const session = await exchange(code);
    expect(session).toMatchObject({
      profileId: h.profiles.official.id,
      appid: FAKE_APP.appid,
      openid,
      unionid: 'oUnion_0123456789abcdefghijk',
      scope: 'snsapi_userinfo',
      expiresIn: 7200,
      expiresAt: h.clock.now() + 7_200_000,
      refreshExpiresAt: h.clock.now() + 30 * 86_400_000,
      obtainedAt: h.clock.now(),
      isSnapshotUser: false,
      route: { kind: 'direct' },
    });
    expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.accessToken).toMatch(/^86_/);
    expect(session.refreshToken).toMatch(/^86_/);
    const sent = h.fake.requests.find((r) => r.path === '/sns/oauth2/access_token');
    expect(sent?.query).toEqual({ appid: FAKE_APP.appid, secret: FAKE_APP.secret, code, grant_type: 'authorization_code' });
  });

  it('takes the whole redirected URL as well as a bare code', async () => {
    const { code, openid } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    const session = await exchange(`  https://example.com/cb?code=${code}&state=abc#wechat_redirect \n`);
    expect(session).toMatchObject({ openid, unionid: null, scope: 'snsapi_base' });
  });

  it('refuses junk before calling WeChat', async () => {
    const error = await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: '"061abc"' });
    expect(error).toMatchObject({ kind: 'validation', issues: [{ path: 'code' }] });
    expect(h.fake.calls('/sns/oauth2/access_token')).toBe(0);
  });

  it('marks a 快照页 virtual account', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base', snapshot: true });
    expect((await exchange(code)).isSnapshotUser).toBe(true);
  });

  it('an unknown code is errcode 40029, typed, with the table entry and rid', async () => {
    const error = await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: '061NeverIssued0000000000000000000' });
    expect(error).toMatchObject({ kind: 'wechat', errcode: 40029, endpoint: '/sns/oauth2/access_token', rid: expect.any(String), entry: { code: 40029 } });
  });

  it('a code older than 5 minutes by WeChat\'s clock is 40029', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    h.clock.advance(5 * 60_000 + 1);
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code })).toMatchObject({ kind: 'wechat', errcode: 40029 });
  });

  it('reuse guard: a second exchange of the same code is stopped locally, unless allowed, and then WeChat says 40163', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    await exchange(code);
    const at = new Date(h.clock.now()).toISOString();
    h.clock.advance(10_000);

    const guarded = await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code });
    expect(guarded).toMatchObject({ kind: 'validation', issues: [{ path: 'allowReuse' }] });
    expect(guarded.kind === 'validation' && guarded.message).toContain(`exchanged at ${at}`);
    expect(guarded.kind === 'validation' && guarded.message).toMatch(/40163/);
    // The same code pasted as a URL is the same code.
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: `https://example.com/?code=${code}` })).toMatchObject({ kind: 'validation' });
    expect(h.fake.calls('/sns/oauth2/access_token')).toBe(1);

    const sent = await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code, allowReuse: true });
    expect(sent).toMatchObject({ kind: 'wechat', errcode: 40163, errmsg: expect.stringMatching(/^code been used, rid: /) });
    expect(h.fake.calls('/sns/oauth2/access_token')).toBe(2);
  });

  it('single flight: 20 concurrent exchanges of one code make one upstream call and share its answer', async () => {
    const { code, openid } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => exchange(code, i % 2 === 1)));
    expect(h.fake.calls('/sns/oauth2/access_token')).toBe(1);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const tokens = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value.accessToken : '')));
    expect(tokens.size).toBe(1);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value.openid : ''))).toEqual(Array(20).fill(openid));
    // Once it has landed, the guard stops the next one as before.
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code })).toMatchObject({ kind: 'validation', issues: [{ path: 'allowReuse' }] });
  });

  it('single flight shares a failure too, and a failed (40029) code can be sent again afterwards', async () => {
    const bogus = '061NeverIssued2222222222222222222';
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => exchange(bogus)));
    expect(h.fake.calls('/sns/oauth2/access_token')).toBe(1);
    for (const r of results) expect(r.status === 'rejected' && (r.reason as { error?: unknown }).error).toMatchObject({ kind: 'wechat', errcode: 40029 });
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: bogus })).toMatchObject({ errcode: 40029 });
    expect(h.fake.calls('/sns/oauth2/access_token')).toBe(2);
  });

  it('a code WeChat answered 40163 for is remembered too; a 40029 is not (it would only fail the same way)', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    // Exchanged elsewhere first (the developer's own server): WeChat's 40163 teaches the guard.
    const { code: other } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    await fetch(`${h.fake.url}/sns/oauth2/access_token?appid=${FAKE_APP.appid}&secret=${FAKE_APP.secret}&code=${other}&grant_type=authorization_code`);
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: other })).toMatchObject({ errcode: 40163 });
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: other })).toMatchObject({ kind: 'validation' });

    const bogus = '061NeverIssued1111111111111111111';
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: bogus })).toMatchObject({ errcode: 40029 });
    expect(await h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: bogus })).toMatchObject({ errcode: 40029 });
    expect((await exchange(code)).openid).toBeTruthy();
  });

  it('keeps the secret and the code out of the request log', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo' });
    const session = await exchange(code);
    const entry = h.log.list().find((e) => e.endpoint === '/sns/oauth2/access_token');
    const url = new URL(entry?.url ?? 'http://x');
    expect(url.searchParams.get('secret')).toBe(REDACTED);
    expect(url.searchParams.get('code')).toBe(REDACTED);
    const all = JSON.stringify(h.log.list());
    for (const value of [FAKE_APP.secret, code, session.accessToken, session.refreshToken]) expect(all).not.toContain(value);
  });
});

describe('refresh, check and sns/userinfo on a held session', () => {
  it('refreshes the access token of a session and keeps the refresh_token\'s 30 days', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo' });
    const first = await exchange(code);
    h.clock.advance(7_300_000);
    expect(await h.call('checkOAuthToken', { sessionId: first.id })).toMatchObject({ valid: false, errcode: 42001 });

    const refreshed = await h.call('refreshOAuthToken', { sessionId: first.id });
    expect(refreshed).toMatchObject({ id: first.id, openid: first.openid, refreshExpiresAt: first.refreshExpiresAt, expiresAt: h.clock.now() + 7_200_000 });
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    const sent = h.fake.requests.find((r) => r.path === '/sns/oauth2/refresh_token');
    expect(sent?.query).toEqual({ appid: FAKE_APP.appid, grant_type: 'refresh_token', refresh_token: first.refreshToken });
    expect(await h.call('checkOAuthToken', { sessionId: first.id })).toEqual({ valid: true, errcode: 0, errmsg: 'ok', route: { kind: 'direct' } });
  });

  it('sns/auth answers are results, not failures', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    const session = await exchange(code);
    expect(await h.call('checkOAuthToken', { sessionId: session.id })).toMatchObject({ valid: true, errcode: 0 });
    expect(h.fake.requests.at(-1)?.query).toEqual({ access_token: session.accessToken, openid: session.openid });
  });

  it('fetches the profile with a snsapi_userinfo token', async () => {
    const { code, openid } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo', unionid: 'oUnionX' });
    const session = await exchange(code);
    const user = await h.call('oauthUserInfo', { sessionId: session.id, lang: 'en' });
    expect(user).toMatchObject({
      source: 'sns-userinfo',
      openid,
      unionid: 'oUnionX',
      nickname: '微信用户',
      headimgurl: expect.stringMatching(/^https:\/\//),
      sex: 0,
      country: '',
      privilege: [],
      isSnapshotUser: false,
      subscribe: null,
      route: { kind: 'direct' },
    });
    expect(h.fake.requests.at(-1)?.query).toMatchObject({ lang: 'en', openid });
  });

  it('a snsapi_base token gets 48001, a typed wechat error whose entry explains the scope', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    const session = await exchange(code);
    const error = await h.fail('oauthUserInfo', { sessionId: session.id });
    expect(error).toMatchObject({ kind: 'wechat', errcode: 48001, endpoint: '/sns/userinfo' });
    expect(error.kind === 'wechat' && error.entry?.cause?.en).toMatch(/snsapi_base/);
  });

  it('an unknown session id is a validation error on sessionId', async () => {
    const error = await h.fail('refreshOAuthToken', { sessionId: '5b3c7f0e-9d1a-4c2b-8e6f-0a1b2c3d4e5f' });
    expect(error).toMatchObject({ kind: 'validation', issues: [{ path: 'sessionId' }] });
  });

  it('holds at most 50 sessions: the oldest is forgotten', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 51; i++) {
      const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
      ids.push((await exchange(code)).id);
    }
    expect(await h.fail('checkOAuthToken', { sessionId: ids[0] ?? '' })).toMatchObject({ kind: 'validation' });
    expect(await h.call('checkOAuthToken', { sessionId: ids[50] ?? '' })).toMatchObject({ valid: true });
  });
});
