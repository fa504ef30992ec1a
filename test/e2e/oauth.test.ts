/**
 * The two OAuth journeys as a person does them in web mode: from a pasted OAuth redirect URL to
 * the user's profile card with the avatar, and from a js_code to a decrypted phone number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { launchChromium, randomAppid, startWebApp, watchPage, type WebApp } from './harness';

const official = { appid: randomAppid(), secret: 'FAKE-E2E-OA-SECRET-0000000001', kind: 'official-account' as const };
const mini = { appid: randomAppid(), secret: 'FAKE-E2E-MINI-SECRET-00000001', kind: 'mini-program' as const };
// A 1×1 green PNG: WeChat's avatar host is served by the test, never fetched.
const avatarPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('OAuth and mini-program login, end to end', () => {
  let wx: FakeWechat;
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let watched: { errors: string[] };
  const byTestId = (id: string) => page.getByTestId(id);

  async function addApp(app: { appid: string; secret: string; kind: string }, label: string): Promise<void> {
    await byTestId('add-app').click();
    await page.getByLabel(/name|名称/i).first().fill(label);
    await byTestId('appid-input').fill(app.appid);
    await page.getByLabel(/kind|type|类型/i).first().selectOption(app.kind);
    await byTestId('profile-save').click();
    await expect.poll(() => byTestId('app-appid').textContent()).toBe(app.appid);
    await byTestId('secret-input').fill(app.secret);
    await byTestId('secret-save').click();
    await expect.poll(() => byTestId('secret-status').textContent()).toContain(app.secret.slice(-4));
  }

  beforeAll(async () => {
    wx = await startFakeWechat({ apps: [official, mini] });
    web = await startWebApp({ WXCRED_API_BASE: wx.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route(/^https:\/\/(thirdwx|wx)\.qlogo\.cn\//, (route) =>
      route.fulfill({ status: 200, contentType: 'image/png', body: avatarPng }),
    );
    watched = watchPage(page);
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await wx?.close();
    const store = createKeytarSecretStore();
    for (const app of [official, mini]) await store.delete(app.appid).catch(() => false);
  });

  it('goes from a pasted redirect URL to the profile card with the avatar', async () => {
    await addApp(official, 'E2E 公众号');
    await byTestId('tab-oauth').click();
    await byTestId('redirect-uri').fill('https://example.com/wx/callback?from=menu');
    await byTestId('oauth-scope').selectOption('snsapi_userinfo');
    await byTestId('build-url').click();
    const url = (await byTestId('authorize-url').textContent()) ?? '';
    expect(url).toContain('redirect_uri=https%3A%2F%2Fexample.com%2Fwx%2Fcallback%3Ffrom%3Dmenu');
    expect(url).toMatch(/#wechat_redirect$/);
    const state = (await byTestId('authorize-state').textContent())?.trim() ?? '';

    const issued = wx.issueOAuthCode(official.appid, { scope: 'snsapi_userinfo', unionid: 'oUnionE2E' });
    await byTestId('code-paste').fill(`https://example.com/wx/callback?from=menu&code=${issued.code}&state=${state}#wechat_redirect`);
    await expect.poll(() => byTestId('parsed-code').textContent()).toBe(issued.code);
    await expect.poll(() => byTestId('state-match').count()).toBe(1);
    await byTestId('exchange-code').click();
    await expect.poll(() => byTestId('oauth-session').count()).toBe(1);
    expect(await byTestId('oauth-unionid').textContent()).toContain('oUnionE2E');

    await byTestId('oauth-userinfo').click();
    await expect.poll(() => byTestId('profile-card').count()).toBe(1);
    const avatar = byTestId('profile-avatar');
    await expect.poll(() => avatar.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    expect(await avatar.getAttribute('src')).toMatch(/^https:\/\/thirdwx\.qlogo\.cn\//);
    expect(await byTestId('profile-card').textContent()).toContain(issued.openid);
    await page.screenshot({ path: '/tmp/wxcred-e2e-profile.png', fullPage: true });

    // The same code again: wxcred warns before sending it (WeChat would answer 40163).
    await byTestId('exchange-code').click();
    await expect.poll(() => byTestId('confirm-ok').count()).toBe(1);
    expect(wx.calls('/sns/oauth2/access_token')).toBe(1);
  });

  it('goes from a js_code to a decrypted phone number and user data', async () => {
    await page.keyboard.press('Escape');
    await addApp(mini, 'E2E 小程序');
    await byTestId('tab-miniprogram').click();
    const login = wx.issueJsCode(mini.appid, { unionid: 'oUnionMini' });
    await byTestId('js-code').fill(login.code);
    await byTestId('jscode2session').click();
    await expect.poll(() => byTestId('mini-session').count()).toBe(1);
    // Masked until revealed: the session_key is nowhere in the page.
    expect(await page.content()).not.toContain(login.sessionKey);

    const sealed = wx.encryptUserData(login.sessionKey, { nickName: '测试用户', gender: 1 }, { appid: mini.appid });
    await byTestId('encrypted-data').fill(sealed.encryptedData);
    await byTestId('decrypt-iv').fill(sealed.iv);
    await byTestId('decrypt').click();
    await expect.poll(() => byTestId('decrypt-result').textContent()).toContain('测试用户');
    expect(await byTestId('watermark-check').first().getAttribute('data-match')).toBe('true');

    const phone = wx.issuePhoneCode(mini.appid, { purePhoneNumber: '13912345678' });
    await byTestId('phone-code').fill(phone.code);
    await byTestId('get-phone').click();
    await expect.poll(() => byTestId('phone-number').textContent()).toContain('13912345678');
    expect(await page.content()).not.toContain(login.sessionKey);
    expect(watched.errors).toEqual([]);
  });
});
