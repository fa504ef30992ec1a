/** getQuota reports rate_limit and component_rate_limit when WeChat returns them. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APP, startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('quota rate limits', () => {
  it('are null for the token paths, which have none', async () => {
    const quota = await h.call('getQuota', { profileId: h.profiles.official.id, cgiPath: '/cgi-bin/stable_token' });
    expect(quota).toMatchObject({ rateLimit: null, componentRateLimit: null });
  });

  it('come through for an API that has them, through the real endpoint reader', async () => {
    const { tokens, profiles, fake } = h;
    const target = { profileId: profiles.official.id, appid: profiles.official.appid, apiBase: fake.url, proxy: null };
    const token = await tokens.get(target, 'stable', async () => FAKE_APP.secret);
    const quota = await tokens.api.getQuota(target, token.accessToken, '/cgi-bin/message/custom/send');
    expect(quota).toMatchObject({ rateLimit: { callCount: 5, refreshSecond: 10 }, componentRateLimit: { callCount: 1, refreshSecond: 60 } });
  });
});
