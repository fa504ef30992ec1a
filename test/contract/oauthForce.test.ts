import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl } from '../../src/contract/oauthUrl';

const base = { appid: 'wx0123456789abcdef', redirectUri: 'https://example.com/cb', scope: 'snsapi_userinfo' as const, state: 's1' };

describe('forcePopup and forceSnapShot', () => {
  it('are added to 网页授权 URLs before #wechat_redirect when asked, and left out otherwise', () => {
    const plain = buildAuthorizeUrl({ ...base, kind: 'official-account' });
    expect(plain.ok && plain.value.url).not.toMatch(/force/);
    const forced = buildAuthorizeUrl({ ...base, kind: 'official-account', forcePopup: true, forceSnapShot: true });
    expect(forced.ok && forced.value.url).toMatch(/&state=s1&forcePopup=true&forceSnapShot=true#wechat_redirect$/);
    const popupOnly = buildAuthorizeUrl({ ...base, kind: 'test-account', forcePopup: true });
    expect(popupOnly.ok && popupOnly.value.url).toMatch(/&forcePopup=true#wechat_redirect$/);
  });

  it('are refused for QR login, which has neither', () => {
    const qr = buildAuthorizeUrl({ ...base, scope: 'snsapi_login', kind: 'website-app', forcePopup: true });
    expect(qr).toMatchObject({ ok: false, problem: { path: 'forcePopup' } });
  });
});
