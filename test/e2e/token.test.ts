/**
 * The foundation slice, as a person does it: add an app, store its AppSecret in the real
 * keychain, fetch an access_token through stable_token, and watch the countdown tick.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { launchChromium, randomAppid, startWebApp, watchPage, type WebApp } from './harness';

const appid = randomAppid();
const secret = `FAKE-E2E-SECRET-${appid.slice(2)}`;

describe('web mode, end to end', () => {
  let wx: FakeWechat;
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let watched: { errors: string[] };

  beforeAll(async () => {
    wx = await startFakeWechat({ apps: [{ appid, secret, kind: 'official-account' }] });
    web = await startWebApp({ WXCRED_API_BASE: wx.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    watched = watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await wx?.close();
    await createKeytarSecretStore().delete(appid).catch(() => false);
  });

  it('adds an app, stores its secret, fetches a token and counts down', async () => {
    await page.goto(web.url);
    // The run token leaves the address bar once the bridge has it.
    await expect.poll(() => page.url()).not.toContain('token=');
    await expect.poll(() => page.getByText('WXCRED_API_BASE').count()).toBeGreaterThan(0);

    await page.getByTestId('add-app').click();
    await page.getByLabel(/name|名称/i).first().fill('E2E 公众号');
    await page.getByTestId('appid-input').fill('wx123');
    await expect.poll(() => page.getByTestId('appid-problem').textContent()).toMatch(/16/);
    await page.getByTestId('appid-input').fill(appid);
    await page.getByTestId('profile-save').click();
    await expect.poll(() => page.getByTestId('app-item').count()).toBe(1);
    await expect.poll(() => page.getByTestId('app-appid').textContent()).toBe(appid);

    await page.getByTestId('secret-input').fill(secret);
    await page.getByTestId('secret-save').click();
    await expect.poll(() => page.getByTestId('secret-status').textContent()).toContain(secret.slice(-4));
    // Write-only: once stored, the field is gone or empty.
    const field = page.getByTestId('secret-input');
    if ((await field.count()) > 0) expect(await field.inputValue()).toBe('');
    // The keychain really holds it, and the page does not.
    expect(await createKeytarSecretStore().get(appid)).toBe(secret);
    expect(await page.content()).not.toContain(secret);

    await page.getByTestId('get-token').click();
    await expect.poll(() => page.getByTestId('token-value').textContent()).toMatch(/…/);
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
    expect(wx.calls('/cgi-bin/token')).toBe(0);
    const sent = wx.requests.find((r) => r.path === '/cgi-bin/stable_token');
    expect(sent?.body).toMatchObject({ grant_type: 'client_credential', appid, force_refresh: false });

    const first = await page.getByTestId('token-countdown').textContent();
    expect(first).toMatch(/^\d{1,3}:\d{2}/);
    await expect.poll(() => page.getByTestId('token-countdown').textContent(), { timeout: 4000 }).not.toBe(first);
    await page.screenshot({ path: '/tmp/wxcred-e2e-token.png' });

    expect(watched.errors).toEqual([]);
    expect(await page.content()).not.toContain(secret);
    expect(web.output()).not.toContain(secret);
  });
});
