/** /wxa/checksession: the held login's session_key is current until the user logs in again. */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_MINI_APP, startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const APPID = FAKE_MINI_APP.appid;

describe('checkSessionKey', () => {
  it('is valid for the latest login and not for an older one; the key travels only as hmac_sha256(key, "")', async () => {
    const first = h.fake.issueJsCode(APPID);
    const session = await h.call('jscode2session', { profileId: h.profiles.mini.id, jsCode: first.code });
    expect(await h.call('checkSessionKey', { profileId: h.profiles.mini.id, sessionId: session.id })).toMatchObject({
      valid: true,
      errcode: 0,
      openid: first.openid,
    });
    const sent = h.fake.requests.filter((r) => r.path === '/wxa/checksession').at(-1);
    expect(sent?.query).toMatchObject({
      openid: first.openid,
      sig_method: 'hmac_sha256',
      signature: createHmac('sha256', first.sessionKey).update('').digest('hex'),
    });
    expect(JSON.stringify(sent)).not.toContain(first.sessionKey);

    // The same user logs in again: the first session_key is no longer current.
    const second = h.fake.issueJsCode(APPID, { openid: first.openid });
    await h.call('jscode2session', { profileId: h.profiles.mini.id, jsCode: second.code });
    expect(await h.call('checkSessionKey', { profileId: h.profiles.mini.id, sessionId: session.id })).toMatchObject({
      valid: false,
      errcode: 87009,
    });
  });

  it('a pasted session_key needs its openid', async () => {
    expect(
      await h.fail('checkSessionKey', { profileId: h.profiles.mini.id, sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' }),
    ).toMatchObject({ kind: 'validation', issues: [{ path: 'openid' }] });
    expect(
      await h.call('checkSessionKey', { profileId: h.profiles.mini.id, sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==', openid: 'oNobody' }),
    ).toMatchObject({ valid: false, errcode: 87009 });
  });
});
