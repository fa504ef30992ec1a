/**
 * A new user's first ten minutes, in Chromium against the real web mode and its built-in
 * simulator (no WXCRED_API_BASE, no fake started by the test): the first-run screen, "Try the
 * simulator", the app whose IP is not whitelisted and its diagnosis, then 网页授权 on the healthy
 * 公众号 — the authorize URL opened on the simulator, clicked through, the landing URL pasted
 * back — to the profile card. Screenshots of each step at 1440×900 and 900×600, in zh and en, go
 * to WXCRED_SHOTS (default /tmp/shots/sim), outside the repository.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { DEMO_APPS } from '../../src/core/simulator/demo';
import { launchChromium, startWebApp, watchPage, type WebApp } from './harness';

const SHOTS = process.env.WXCRED_SHOTS ?? '/tmp/shots/sim';
const viewports = [
  { width: 1440, height: 900 },
  { width: 900, height: 600 },
] as const;
const langs = ['zh-CN', 'en'] as const;
// A 1×1 PNG for WeChat's avatar host, which Chromium here cannot reach.
const avatarPng = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let web: WebApp;
let browser: Browser;
let page: Page;
let watched: { errors: string[] };

const byTestId = (id: string, on: Page = page) => on.locator(`[data-testid="${id}"]`);

/**
 * One screenshot per viewport and language of what `on` shows now, with `focus` scrolled into
 * view as a user would; ends in English at 1440×900.
 */
async function shots(name: string, { on = page, switchLang = true, focus }: { on?: Page; switchLang?: boolean; focus?: string } = {}): Promise<void> {
  for (const viewport of viewports) {
    await on.setViewportSize(viewport);
    for (const lang of switchLang ? langs : (['zh-CN'] as const)) {
      if (switchLang) await byTestId('language-select', on).selectOption(lang);
      if (focus) await byTestId(focus, on).scrollIntoViewIfNeeded();
      await on.screenshot({ path: join(SHOTS, `${name}-${switchLang ? lang : 'page'}-${viewport.width}x${viewport.height}.png`) });
    }
  }
  await on.setViewportSize(viewports[0]);
}

describe('a new user\'s first ten minutes', () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebApp({});
    browser = await launchChromium();
    page = await browser.newPage({ viewport: viewports[0] });
    await page.route(/^https:\/\/(thirdwx|wx)\.qlogo\.cn\//, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: avatarPng }));
    watched = watchPage(page);
    await page.goto(web.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    const store = createKeytarSecretStore();
    for (const app of DEMO_APPS) await store.delete(app.appid).catch(() => false);
  });

  it('tries the simulator, reads a 40164 diagnosis, and signs a user in through the simulator\'s authorize page', async () => {
    await expect.poll(() => byTestId('first-run').count()).toBe(1);
    await expect.poll(() => byTestId('first-run-try').isEnabled()).toBe(true);
    await shots('1-first-run');

    await byTestId('first-run-try').click();
    await expect.poll(() => byTestId('app-item').count()).toBe(DEMO_APPS.length);
    expect(await byTestId('simulator-badge').count()).toBeGreaterThanOrEqual(DEMO_APPS.length);

    // The app whose caller IP is not whitelisted: get a token, read what to do.
    await byTestId('app-item').filter({ hasText: 'Sim · 40164 IP not whitelisted' }).click();
    await byTestId('get-token').click();
    await expect.poll(() => byTestId('ip-diagnosis').count()).toBe(1);
    expect(await byTestId('error-ip').textContent()).toContain('203.0.113.7');
    expect(await byTestId('error-ipv6').textContent()).toContain('::ffff:203.0.113.7');
    await shots('2-diagnosis', { focus: 'ip-diagnosis' });

    // The healthy 公众号: build the authorize URL; it points at the simulator.
    await byTestId('app-item').filter({ hasText: 'Sim · 公众号' }).click();
    await byTestId('tab-oauth').click();
    await byTestId('use-simulator-landing').click();
    await byTestId('oauth-scope').selectOption('snsapi_userinfo');
    await byTestId('build-url').click();
    const url = (await byTestId('authorize-url').textContent())?.trim() ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect\/oauth2\/authorize\?appid=wx0000de0000000001&redirect_uri=/);
    await shots('3-authorize-url');

    // Opened in a browser, as the user would: the simulator's page, "allow", the landing page.
    const consent = await browser.newPage({ viewport: viewports[0] });
    await consent.goto(url);
    await expect.poll(() => byTestId('sim-allow', consent).count()).toBe(1);
    await shots('4-simulator-authorize', { on: consent, switchLang: false });
    await byTestId('sim-allow', consent).click();
    await expect.poll(() => byTestId('sim-landing-url', consent).count()).toBe(1);
    const landed = (await byTestId('sim-landing-url', consent).textContent()) ?? '';
    expect(landed).toMatch(/\/simulator\/callback\?code=0\w{31}&state=/);
    await shots('5-simulator-landing', { on: consent, switchLang: false });
    await consent.close();

    // Back in wxcred: paste the URL, exchange the code, fetch the profile.
    await byTestId('code-paste').fill(landed);
    await expect.poll(() => byTestId('state-match').count()).toBe(1);
    await byTestId('exchange-code').click();
    await expect.poll(() => byTestId('oauth-session').count()).toBe(1);
    await byTestId('oauth-userinfo').click();
    await expect.poll(() => byTestId('profile-card').count()).toBe(1);
    expect(await byTestId('profile-card').textContent()).toContain('微信用户');
    await shots('6-profile-card', { focus: 'profile-card' });

    expect(watched.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });

  it('npm run demo starts with the demo apps already there', async () => {
    const demo = await startWebApp({}, ['--demo']);
    const tab = await browser.newPage({ viewport: viewports[0] });
    try {
      await tab.goto(demo.url);
      await expect.poll(() => byTestId('app-item', tab).count()).toBe(DEMO_APPS.length);
      expect(demo.output()).toMatch(/demo: 12 simulator apps ready/);
    } finally {
      await tab.close();
      await demo.close();
    }
  });
});
