/**
 * Every page, in Chromium against web mode with the demo apps: nothing scrolls sideways at
 * 1440×900 or 900×600 (in English and Chinese, the sidebar open or collapsed), and axe-core's
 * WCAG 2 A/AA rules find nothing in the light or the dark theme.
 *
 * With WXCRED_SHOTS=<dir> (`npm run shots`) it also writes a screenshot of each page at each
 * size, in each language, to that folder, to be looked at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { DEMO_APPS } from '../../src/core/simulator/demo';
import { launchChromium, startWebApp, watchPage, type WebApp } from './harness';
import { axeViolations, byTestId, demoVisits, horizontalOverflow, warmUp } from './pages';

const SHOTS = process.env.WXCRED_SHOTS;
const viewports = [
  { width: 1440, height: 900 },
  { width: 900, height: 600 },
] as const;
const langs = ['en', 'zh-CN'] as const;
const themes = ['light', 'dark'] as const;

/** Overflow in each size and language, screenshots if asked for, axe in each theme. */
async function checkPage(page: Page, name: string): Promise<void> {
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    for (const lang of langs) {
      await byTestId(page, 'language-select').selectOption(lang);
      for (const sidebar of ['open', 'closed'] as const) {
        await setSidebar(page, sidebar);
        const where = `${name} at ${viewport.width}×${viewport.height} in ${lang}, sidebar ${sidebar}`;
        expect.soft(await horizontalOverflow(page), where).toEqual([]);
        // Each size as it opens, and the narrow one with the sidebar opened by hand too.
        const natural = sidebar === defaultSidebar(viewport.width);
        if (SHOTS && (natural || viewport.width < 1000)) {
          const suffix = natural ? '' : `-sidebar-${sidebar}`;
          await page.screenshot({ path: join(SHOTS, `${name}-${lang}-${viewport.width}x${viewport.height}${suffix}.png`) });
        }
      }
    }
  }
  await page.setViewportSize(viewports[0]);
  await setSidebar(page, 'open');
  for (const colorScheme of themes) {
    await page.emulateMedia({ colorScheme });
    expect.soft(await axeViolations(page), `axe on ${name}, ${colorScheme} theme`).toEqual([]);
    if (SHOTS && colorScheme === 'dark') await page.screenshot({ path: join(SHOTS, `${name}-dark-1440x900.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** What the sidebar does on its own at this width, before the user chooses. */
const defaultSidebar = (width: number): 'open' | 'closed' => (width > 960 ? 'open' : 'closed');

async function setSidebar(page: Page, want: 'open' | 'closed'): Promise<void> {
  const toggle = byTestId(page, 'sidebar-toggle');
  if ((await toggle.getAttribute('aria-expanded')) !== String(want === 'open')) await toggle.click();
  await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe(String(want === 'open'));
}

describe('every page fits and passes axe', () => {
  let web: WebApp;
  let browser: Browser;
  let page: Page;
  let watched: { errors: string[] };

  beforeAll(async () => {
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
    web = await startWebApp({}, ['--demo']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: viewports[0], colorScheme: 'light' });
    watched = watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    const store = createKeytarSecretStore();
    for (const app of DEMO_APPS) await store.delete(app.appid).catch(() => false);
  });

  it('visits every page of every app kind', async () => {
    await page.goto(web.url);
    await expect.poll(() => byTestId(page, 'app-item').count()).toBe(DEMO_APPS.length);
    await warmUp(page);
    const visits = await demoVisits(page);
    // Four kinds, the global pages; a missing kind or page would silently shrink the check.
    expect(visits.filter((v) => v.name.endsWith('-token'))).toHaveLength(4);
    expect(visits.map((v) => v.name)).toEqual(expect.arrayContaining(['errcodes', 'log', 'settings', 'app-mini-program-miniprogram']));
    for (const visit of visits) {
      await visit.open(page);
      await checkPage(page, visit.name);
    }
    expect(watched.errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  }, 600_000);

  it('the first-run screen', async () => {
    const fresh = await startWebApp({});
    const tab = await browser.newPage({ viewport: viewports[0], colorScheme: 'light' });
    try {
      await tab.goto(fresh.url);
      await expect.poll(() => byTestId(tab, 'first-run').count()).toBe(1);
      await expect.poll(() => byTestId(tab, 'first-run-try').isEnabled()).toBe(true);
      await checkPage(tab, 'first-run');
    } finally {
      await tab.close();
      await fresh.close();
    }
  }, 120_000);
});
