/** getuserphonenumber's optional openid: sent when the user gives one, left out otherwise. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_MINI_APP, startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const sentBody = () => h.fake.requests.filter((r) => r.path === '/wxa/business/getuserphonenumber').at(-1)?.body;

describe('phoneNumber with an openid', () => {
  it('sends { code, openid } when an openid is given', async () => {
    const phone = h.fake.issuePhoneCode(FAKE_MINI_APP.appid, { purePhoneNumber: '13912345678' });
    await h.call('phoneNumber', { profileId: h.profiles.mini.id, code: phone.code, openid: 'oUserOpenid_123' });
    expect(sentBody()).toEqual({ code: phone.code, openid: 'oUserOpenid_123' });
  });

  it('sends { code } alone without one, and refuses an openid that is not one', async () => {
    const phone = h.fake.issuePhoneCode(FAKE_MINI_APP.appid);
    await h.call('phoneNumber', { profileId: h.profiles.mini.id, code: phone.code });
    expect(sentBody()).toEqual({ code: phone.code });
    expect(await h.fail('phoneNumber', { profileId: h.profiles.mini.id, code: 'x', openid: 'not an openid!' })).toMatchObject({
      kind: 'validation',
      issues: [{ path: 'openid' }],
    });
  });
});
