/**
 * The server URL tab in web mode, as a person uses it: store the Token and EncodingAESKey in the
 * real keychain, point the live check at a loopback callback server, read the verdicts. With
 * WXCRED_SHOTS_DIR set it also saves screenshots at a desktop and a small window size.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { callbackAccount } from '../../src/core/callback/secrets';
import { startCallbackServer, type CallbackServer } from '../support/callbackServer';
import { launchChromium, randomAppid, startWebApp, watchPage, type WebApp } from './harness';

const appid = randomAppid();
const TOKEN = `e2eToken${appid.slice(2, 10)}`;
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const shots = process.env.WXCRED_SHOTS_DIR;

describe('server URL tab, end to end', () => {
  let server: CallbackServer;
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let watched: { errors: string[] };

  beforeAll(async () => {
    server = await startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid });
    web = await startWebApp({ WXCRED_API_BASE: 'http://127.0.0.1:9' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    watched = watchPage(page);
    if (shots) await mkdir(shots, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await server?.close();
    const store = createKeytarSecretStore();
    for (const account of [appid, callbackAccount(appid, 'token'), callbackAccount(appid, 'aesKey')]) await store.delete(account).catch(() => false);
  });

  const shoot = async (name: string) => {
    if (!shots) return;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(shots, `${name}-1440x900.png`), fullPage: false });
    await page.setViewportSize({ width: 900, height: 600 });
    await page.screenshot({ path: join(shots, `${name}-900x600.png`), fullPage: false });
    await page.setViewportSize({ width: 1440, height: 900 });
  };

  it('stores the secrets write-only, runs the handshake and a safe-mode push', async () => {
    await page.goto(web.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByTestId('add-app').click();
    await page.getByLabel(/name|名称/i).first().fill('E2E 公众号');
    await page.getByTestId('appid-input').fill(appid);
    await page.getByTestId('profile-save').click();
    await page.getByTestId('tab-callback').click();

    await page.getByTestId('cblab-token-input').fill(TOKEN);
    await page.getByTestId('cblab-token-save').click();
    await page.getByTestId('cblab-aesKey-input').fill(AES_KEY);
    await page.getByTestId('cblab-aesKey-save').click();
    await expect.poll(() => page.getByTestId('cblab-aesKey-status').textContent()).toContain(AES_KEY.slice(-4));
    expect(await createKeytarSecretStore().get(callbackAccount(appid, 'token'))).toBe(TOKEN);
    await shoot('secrets');

    await page.getByTestId('cblab-url').fill(`${server.url}/newline`);
    await page.getByTestId('cblab-handshake').click();
    await expect.poll(() => page.getByTestId('cblab-verdict').getAttribute('data-cause')).toBe('whitespace');
    await shoot('handshake-newline');

    await page.getByTestId('cblab-url').fill(`${server.url}/ok`);
    await page.getByTestId('cblab-handshake').click();
    await expect.poll(() => page.getByTestId('cblab-verdict').getAttribute('data-cause')).toBe('ok');
    await shoot('handshake-ok');

    await page.getByTestId('cblab-mode').selectOption('safe');
    await page.getByTestId('cblab-push').click();
    await expect.poll(() => page.getByTestId('cblab-verdict').getAttribute('data-cause')).toBe('reply-passive');
    await page.getByTestId('cblab-verdict').scrollIntoViewIfNeeded();
    await shoot('push-safe');

    // The signature and message-crypto panels, below the live check.
    await page.getByTestId('cblab-sign').click();
    await expect.poll(() => page.getByTestId('cblab-sorted').textContent()).toContain('Token');
    await page.getByTestId('cblab-encrypt-reply').fill('<xml><Content><![CDATA[ok]]></Content></xml>');
    await page.getByTestId('cblab-encrypt').click();
    await expect.poll(() => page.getByTestId('cblab-envelope').count()).toBe(1);
    await page.getByTestId('cblab-signature').scrollIntoViewIfNeeded();
    await shoot('signature-crypto');

    const html = await page.content();
    expect(html).not.toContain(TOKEN);
    expect(html).not.toContain(AES_KEY);
    expect(watched.errors).toEqual([]);
  });
});
