/**
 * The JS-SDK lab as a person uses it, in Chromium against web mode and the simulator: add a
 * 公众号, store its secret, fetch the jsapi_ticket (masked), paste a failing page's wx.config and
 * the URL the browser showed, and learn which input was wrong — then the case nothing explains.
 * Screenshots at 1440×900 and 900×600 go to /tmp/shots/jssdk.
 */
import { createRequire } from 'node:module';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { jssdkSign } from '../../src/core/jssdk/sign';
import { TICKET_VAULT_SERVICE } from '../../src/core/jssdk/ticketService';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { launchChromium, randomAppid, startWebApp, watchPage, type WebApp } from './harness';

const appid = randomAppid();
const secret = `FAKE-E2E-SECRET-${appid.slice(2)}`;
const SHOTS = '/tmp/shots/jssdk';
const sizes = [
  { width: 1440, height: 900 },
  { width: 900, height: 600 },
] as const;

describe('JS-SDK lab, end to end', () => {
  let wx: FakeWechat;
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let watched: { errors: string[] };

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    wx = await startFakeWechat({ apps: [{ appid, secret, kind: 'official-account' }] });
    web = await startWebApp({ WXCRED_API_BASE: wx.url });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: sizes[0] });
    page.setDefaultTimeout(15_000);
    watched = watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await wx?.close();
    await createKeytarSecretStore().delete(appid).catch(() => false);
    // The tickets this run kept in the real keychain.
    const keytar = createRequire(import.meta.url)('keytar') as {
      findCredentials(service: string): Promise<{ account: string }[]>;
      deletePassword(service: string, account: string): Promise<boolean>;
    };
    for (const { account } of await keytar.findCredentials(TICKET_VAULT_SERVICE).catch(() => [])) {
      if (account.startsWith(`${appid} `)) await keytar.deletePassword(TICKET_VAULT_SERVICE, account);
    }
  });

  const shoot = async (name: string, testId: string) => {
    for (const size of sizes) {
      await page.setViewportSize(size);
      // Scroll the content pane, not the window: the shell itself never scrolls.
      await page.getByTestId(testId).evaluate((el) => {
        const pane = el.closest('.content');
        if (pane) pane.scrollTop += el.getBoundingClientRect().top - pane.getBoundingClientRect().top - 8;
      });
      await page.screenshot({ path: `${SHOTS}/${name}-${size.width}x${size.height}.png`, fullPage: false });
    }
    await page.setViewportSize(sizes[0]);
  };

  it('adds a 公众号 and opens its JS-SDK tab; the ticket is masked until Show', async () => {
    await page.goto(web.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByTestId('add-app').click();
    await page.getByLabel(/name|名称/i).first().fill('E2E 公众号');
    await page.getByTestId('appid-input').fill(appid);
    await page.getByTestId('profile-save').click();
    await expect.poll(() => page.getByTestId('app-appid').textContent()).toBe(appid);
    await page.getByTestId('secret-input').fill(secret);
    await page.getByTestId('secret-save').click();
    await expect.poll(() => page.getByTestId('secret-status').textContent()).toContain(secret.slice(-4));

    await page.getByTestId('tab-jssdk').click();
    await page.getByTestId('jssdk-get-ticket').click();
    await expect.poll(() => page.getByTestId('ticket-value').count()).toBe(1);
    const ticket = wx.tickets.currentOf(appid, 'jsapi')?.ticket ?? '';
    expect(ticket).not.toBe('');
    expect(await page.getByTestId('ticket-value').textContent()).toBe(`${ticket.slice(0, 6)}…${ticket.slice(-4)}`);
    expect(await page.content()).not.toContain(ticket);
    await shoot('ticket', 'jssdk-ticket');
  });

  it('diagnoses a shared page whose server signed the URL without WeChat\'s share parameters', async () => {
    const ticket = wx.tickets.currentOf(appid, 'jsapi')?.ticket ?? '';
    const { signature } = jssdkSign({ ticket, noncestr: 'Wm3WZYTPz0wzccnW', timestamp: '1700000000', url: 'https://www.example.com/promo?id=7' });
    await page.getByTestId('diagnose-pasted').fill(
      `wx.config({\n  debug: false,\n  appId: '${appid}',\n  timestamp: 1700000000,\n  nonceStr: 'Wm3WZYTPz0wzccnW',\n  signature: '${signature}',\n  jsApiList: ['updateAppMessageShareData']\n})`,
    );
    await page.getByTestId('diagnose-url').fill('https://www.example.com/promo?id=7&from=singlemessage&isappinstalled=0');
    await page.getByTestId('diagnose-submit').click();
    await expect.poll(() => page.getByTestId('diagnosis').getAttribute('data-match')).toBe('share-params');
    expect(await page.getByTestId('diagnosis-verdict').textContent()).toBe('Found it: Share parameters');
    expect(await page.getByTestId('diagnosis-domain').textContent()).toContain('www.example.com');
    // The answer was brought into view inside the content pane; the window did not scroll.
    expect(await page.evaluate('document.scrollingElement ? document.scrollingElement.scrollTop : 0')).toBe(0);
    await shoot('diagnosis-found', 'diagnosis');
  });

  it('when nothing explains it, shows both string1s side by side with the differing characters marked', async () => {
    const ticket = wx.tickets.currentOf(appid, 'jsapi')?.ticket ?? '';
    const server = jssdkSign({ ticket, noncestr: 'Wm3WZYTPz0wzccnW', timestamp: '1700000000', url: 'https://www.example.com/promo?id=8' }).string1;
    await page.getByTestId('diagnose-pasted').fill(`{"appId":"${appid}","timestamp":1700000000,"nonceStr":"Wm3WZYTPz0wzccnW","signature":"${'a'.repeat(40)}"}`);
    await page.getByTestId('diagnose-url').fill('https://www.example.com/promo?id=7');
    await page.getByTestId('diagnose-string1').fill(server);
    await page.getByTestId('diagnose-domain').fill('https://www.example.com/promo');
    await page.getByTestId('diagnose-submit').click();
    await expect.poll(() => page.getByTestId('diagnosis').getAttribute('data-match')).toBe('none');
    expect(await page.locator('[data-testid="diff-compared"] mark').allTextContents()).toEqual(['8']);
    expect(await page.locator('[data-testid="diff-expected"] mark').allTextContents()).toEqual(['7']);
    expect(await page.getByTestId('domain-registered-problems').textContent()).toMatch(/scheme.*path/);
    // The ticket is in both string1s, and masked in both (the pasted field holds what the user pasted).
    expect(await page.getByTestId('diagnosis').innerHTML()).not.toContain(ticket);
    await shoot('diagnosis-none', 'diagnosis');
    expect(watched.errors).toEqual([]);
  });
});
