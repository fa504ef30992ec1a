/**
 * The app shell in Chromium against web mode: the page that replaces everything when the server
 * refuses the session (no launch token, or one already spent), in both languages, and the
 * sidebar toggle (remembered across reloads, keyboard-operable, collapsed on its own when narrow).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startWebApp, watchPage, type WebApp } from './harness';
import { axeViolations, byTestId, horizontalOverflow } from './pages';

const SHOTS = process.env.WXCRED_SHOTS;

let web: WebApp;
let browser: Browser;

beforeAll(async () => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  web = await startWebApp({});
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

const withoutToken = (url: string): string => url.replace(/#token=.*$/, '');

async function freshPage(locale: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, colorScheme: 'light' });
  return context.newPage();
}

describe('web mode without a session', () => {
  it('opened without #token: a full page, in the browser’s language, says to open the printed URL', async () => {
    for (const [locale, title, why] of [
      ['zh-CN', '此标签页没有连上 wxcred', /没有带启动令牌/],
      ['en-US', 'This tab is not connected to wxcred', /without the launch token/],
    ] as const) {
      const page = await freshPage(locale, { width: 900, height: 600 });
      const watched = watchPage(page);
      await page.goto(withoutToken(web.url));
      await expect.poll(() => byTestId(page, 'no-session').count()).toBe(1);
      expect(await byTestId(page, 'no-session').getAttribute('data-problem')).toBe('no-token');
      expect(await page.locator('#no-session-title').textContent()).toBe(title);
      expect(await byTestId(page, 'no-session-why').textContent()).toMatch(why);
      // Nothing of the app is left to show a raw transport error in.
      expect(await page.locator('nav.sidebar, [data-testid="app-page"], .error-view').count()).toBe(0);
      expect(await page.textContent('body')).toContain('npm run web');
      expect(await horizontalOverflow(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      expect(await axeViolations(page)).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `no-session-${locale}-900x600.png`) });
      // The language can still be switched here.
      await byTestId(page, 'language-select').selectOption(locale === 'zh-CN' ? 'en' : 'zh-CN');
      // (The other language's strings may arrive a moment later: they load on demand.)
      await expect.poll(() => page.locator('#no-session-title').textContent()).not.toBe(title);
      // The refused calls are the only console noise (Chromium logs each 403).
      expect(watched.errors.filter((e) => !/403|favicon/.test(e))).toEqual([]);
      await page.context().close();
    }
  });

  it('the launch URL works in the first browser, reloads included; a second browser is told it was spent', async () => {
    const first = await freshPage('en-US');
    await first.goto(web.url);
    await expect.poll(() => byTestId(first, 'first-run').count()).toBe(1);
    await first.reload();
    await expect.poll(() => byTestId(first, 'first-run').count()).toBe(1);
    expect(await byTestId(first, 'no-session').count()).toBe(0);

    const second = await freshPage('en-US');
    await second.goto(web.url);
    await expect.poll(() => byTestId(second, 'no-session').count()).toBe(1);
    expect(await byTestId(second, 'no-session').getAttribute('data-problem')).toBe('spent');
    expect(await byTestId(second, 'no-session-why').textContent()).toMatch(/already used/);
    if (SHOTS) await second.screenshot({ path: join(SHOTS, 'no-session-spent-en-1440x900.png') });

    // Another tab of the first browser shares its session cookie: it opens without the token.
    const sibling = await first.context().newPage();
    await sibling.goto(withoutToken(web.url));
    await expect.poll(() => byTestId(sibling, 'first-run').count()).toBe(1);
    await first.context().close();
    await second.context().close();
  });
});

describe('the sidebar', () => {
  it('collapses by itself when narrow, toggles by button and Ctrl+B, and keeps the choice across reloads', async () => {
    // A run of its own: the launch token of the shared one is spent by now.
    const own = await startWebApp({});
    const page = await freshPage('en-US', { width: 900, height: 600 });
    await page.goto(own.url);
    await expect.poll(() => byTestId(page, 'first-run').count()).toBe(1);
    const toggle = byTestId(page, 'sidebar-toggle');
    const sidebar = page.locator('nav#sidebar');
    // Narrow and nothing chosen: collapsed; wide: open.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await sidebar.isVisible()).toBe(false);
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await sidebar.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-controls')).toBe('sidebar');

    // From the keyboard: Tab reaches the toggle first, Enter collapses.
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>(`document.activeElement && document.activeElement.getAttribute('data-testid')`)).toBe('sidebar-toggle');
    await page.keyboard.press('Enter');
    await expect.poll(() => sidebar.isVisible()).toBe(false);
    await page.reload();
    await expect.poll(() => byTestId(page, 'first-run').count()).toBe(1);
    // The choice outlives the reload, and beats the width.
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await sidebar.isVisible()).toBe(false);

    await page.keyboard.press('Control+b');
    await expect.poll(() => sidebar.isVisible()).toBe(true);
    await page.setViewportSize({ width: 900, height: 600 });
    await page.reload();
    await expect.poll(() => byTestId(page, 'first-run').count()).toBe(1);
    expect(await sidebar.isVisible()).toBe(true);
    await page.context().close();
    await own.close();
  });
});
