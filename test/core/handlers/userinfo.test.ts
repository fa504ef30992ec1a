/** cgi-bin/user/info with the base token, and what the OAuth endpoints do with a garbage success body. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APP, FAKE_MINI_APP, startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('userInfo (cgi-bin/user/info)', () => {
  it('returns a follower\'s profile; nickname and headimgurl are null since 2021-12-27', async () => {
    const user = h.fake.addUser(FAKE_APP.appid, { unionid: 'oUnionF', remark: 'vip', tagIds: [2, 101], subscribeTime: 1_700_000_000, language: 'en' });
    const profile = await h.call('userInfo', { profileId: h.profiles.official.id, openid: user.openid, lang: 'en' });
    expect(profile).toMatchObject({
      source: 'cgi-user-info',
      openid: user.openid,
      unionid: 'oUnionF',
      nickname: null,
      headimgurl: null,
      sex: null,
      subscribe: 1,
      subscribeTime: 1_700_000_000,
      subscribeScene: 'ADD_SCENE_QR_CODE',
      tagIds: [2, 101],
      remark: 'vip',
      language: 'en',
      privilege: null,
      route: { kind: 'direct' },
    });
    expect(profile.raw).toMatchObject({ subscribe: 1, openid: user.openid, groupid: 0, qr_scene_str: '' });
    const sent = h.fake.requests.at(-1);
    expect(sent?.path).toBe('/cgi-bin/user/info');
    expect(sent?.query).toEqual({ access_token: h.fake.tokens.currentOf(FAKE_APP.appid, 'stable')?.token, openid: user.openid, lang: 'en' });
  });

  it('someone who unfollowed: subscribe 0 and little else', async () => {
    const user = h.fake.addUser(FAKE_APP.appid, { subscribe: 0 });
    const profile = await h.call('userInfo', { profileId: h.profiles.official.id, openid: user.openid });
    expect(profile).toMatchObject({ subscribe: 0, subscribeTime: null, tagIds: null, language: null, unionid: null });
  });

  it('an openid from another app is 40003, typed', async () => {
    const stranger = h.fake.addUser(FAKE_MINI_APP.appid);
    const error = await h.fail('userInfo', { profileId: h.profiles.official.id, openid: stranger.openid });
    expect(error).toMatchObject({ kind: 'wechat', errcode: 40003, endpoint: '/cgi-bin/user/info' });
  });

  it('an openid with junk in it never reaches WeChat', async () => {
    expect(await h.fail('userInfo', { profileId: h.profiles.official.id, openid: 'o"; DROP' })).toMatchObject({ kind: 'validation', issues: [{ path: 'openid' }] });
    expect(h.fake.calls('/cgi-bin/user/info')).toBe(0);
  });

  it('a missing AppSecret is a keychain error, not a call', async () => {
    const profile = await h.call('saveProfile', { label: 'no secret', appid: 'wxabcdefabcdefabcd', kind: 'official-account' });
    expect(await h.fail('userInfo', { profileId: profile.id, openid: 'oABC' })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
  });
});

describe('a 200 without the fields a success must have is a typed error', () => {
  it.each([
    ['GET', '/sns/oauth2/access_token', { access_token: 'x', expires_in: 7200, openid: 'o1' }, /refresh_token/],
    ['GET', '/sns/jscode2session', { openid: 'o1' }, /session_key/],
    ['POST', '/wxa/business/getuserphonenumber', { errcode: 0, errmsg: 'ok' }, /phone_info/],
    ['GET', '/cgi-bin/user/info', { openid: 'o1' }, /subscribe/],
  ] as const)('%s %s', async (method, path, body, what) => {
    h.fake.route(method, path, () => body);
    const errors = {
      '/sns/oauth2/access_token': () => h.fail('exchangeOAuthCode', { profileId: h.profiles.official.id, code: '061abc' }),
      '/sns/jscode2session': () => h.fail('jscode2session', { profileId: h.profiles.mini.id, jsCode: '0abc' }),
      '/wxa/business/getuserphonenumber': () => h.fail('phoneNumber', { profileId: h.profiles.mini.id, code: 'abc' }),
      '/cgi-bin/user/info': () => h.fail('userInfo', { profileId: h.profiles.official.id, openid: 'o1' }),
    };
    const error = await errors[path]();
    expect(error).toMatchObject({ kind: 'network', reason: 'not-json', endpoint: path });
    expect(error.kind === 'network' && error.message).toMatch(what);
  });

  it('a garbled sns/userinfo without an openid', async () => {
    const { code } = h.fake.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo' });
    const session = await h.call('exchangeOAuthCode', { profileId: h.profiles.official.id, code });
    h.fake.route('GET', '/sns/userinfo', () => ({ nickname: 'x' }));
    expect(await h.fail('oauthUserInfo', { sessionId: session.id })).toMatchObject({ kind: 'network', reason: 'not-json' });
  });
});
