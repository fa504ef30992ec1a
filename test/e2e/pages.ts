/**
 * Every page of the console, reached the way a user reaches it, for the layout and accessibility
 * checks and the screenshots: the app page of each kind with each of its tabs, the errcode
 * search, the request log, settings, and a WeChat error with its diagnosis. The demo apps (`--demo`) supply one app of each kind.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export const byTestId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

/** The demo app of each kind, by the label the demo gives it. */
export const appsByKind = [
  { kind: 'official-account', label: 'Sim · 公众号' },
  { kind: 'mini-program', label: 'Sim · 小程序' },
  { kind: 'website-app', label: 'Sim · 网站应用' },
  { kind: 'test-account', label: 'Sim · 测试号' },
] as const;

export interface Visit {
  /** A file-name-safe name: `app-official-account-token`, `log`, … */
  name: string;
  /** Brings the page on screen and waits until it has rendered. */
  open: (page: Page) => Promise<void>;
}

async function openApp(page: Page, label: string): Promise<void> {
  await byTestId(page, 'app-item').filter({ hasText: label }).click();
  await expect.poll(() => page.locator('[data-testid="app-page"] .page-title').textContent()).toBe(label);
}

/** The tabs an app of this kind shows, read from the page itself so a new tab is never missed. */
export async function tabsOf(page: Page, label: string): Promise<string[]> {
  await openApp(page, label);
  const ids = await page.locator('[role="tab"]').evaluateAll((tabs) => tabs.map((tab) => tab.id.replace(/^tab-/, '')));
  expect(ids.length).toBeGreaterThan(0);
  return ids;
}

/** Every page of the demo data set, in sidebar order. */
export async function demoVisits(page: Page): Promise<Visit[]> {
  const visits: Visit[] = [];
  for (const app of appsByKind) {
    for (const tab of await tabsOf(page, app.label)) {
      visits.push({
        name: `app-${app.kind}-${tab}`,
        open: async (p) => {
          await openApp(p, app.label);
          await byTestId(p, `tab-${tab}`).click();
          await expect.poll(() => p.locator(`#tabpanel-${tab}`).count()).toBe(1);
        },
      });
    }
  }
  visits.push(
    {
      // An error with its diagnosis: the red box, the IP panel and its steps.
      name: 'error-40164',
      open: async (p) => {
        await openApp(p, 'Sim · 40164 IP not whitelisted');
        await byTestId(p, 'get-token').click();
        await expect.poll(() => byTestId(p, 'ip-diagnosis').count()).toBe(1);
      },
    },
    {
      name: 'errcodes',
      open: async (p) => {
        await byTestId(p, 'nav-errcodes').click();
        await byTestId(p, 'errcode-search').fill('40164');
        await expect.poll(() => byTestId(p, 'errcode-result').count()).toBeGreaterThan(0);
        await byTestId(p, 'errcode-result').first().click();
        await expect.poll(() => p.locator('.errcode-detail').count()).toBe(1);
      },
    },
    {
      name: 'log',
      open: async (p) => {
        await byTestId(p, 'nav-log').click();
        await expect.poll(() => byTestId(p, 'log-row').count()).toBeGreaterThan(0);
        await byTestId(p, 'log-row').first().click();
        await expect.poll(() => byTestId(p, 'log-detail').count()).toBe(1);
      },
    },
    {
      name: 'settings',
      open: async (p) => {
        await byTestId(p, 'nav-settings').click();
        await expect.poll(() => p.locator('.settings-form').count()).toBe(1);
      },
    },
  );
  return visits;
}

/**
 * A few calls first, so the pages show what they show in use: a token (the countdown card), a
 * 40164 with its diagnosis, and entries in the request log.
 */
export async function warmUp(page: Page): Promise<void> {
  for (const label of ['Sim · 公众号', 'Sim · 40164 IP not whitelisted']) {
    await openApp(page, label);
    await byTestId(page, 'get-token').click();
  }
  await expect.poll(() => byTestId(page, 'ip-diagnosis').count()).toBe(1);
}

/**
 * Where the page scrolls sideways: the document itself and every scroll container on screen
 * whose content is wider than its box, and any request-log row wider than the table. Each
 * offender is named by a short CSS path.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  // Runs in the page (a string: this file is compiled without the DOM's types).
  return page.evaluate<string[]>(`(() => {
    const name = (el) => {
      const parts = [];
      for (let at = el; at && at !== document.body && parts.length < 4; at = at.parentElement) {
        const id = at.getAttribute('data-testid');
        parts.unshift(id ? '[data-testid=' + id + ']' : at.tagName.toLowerCase() + (at.classList.length ? '.' + [...at.classList].join('.') : ''));
      }
      return parts.join(' > ');
    };
    const found = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) found.push('document (' + root.scrollWidth + ' > ' + root.clientWidth + ')');
    for (const el of document.querySelectorAll('body *')) {
      if (!(el instanceof HTMLElement) || el.clientWidth === 0) continue;
      const overflowX = getComputedStyle(el).overflowX;
      if ((overflowX === 'auto' || overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        found.push(name(el) + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
      }
    }
    // The log's rows clip inside a box that hides overflow: their columns must fit, not be cut off.
    for (const row of document.querySelectorAll('.log-row')) {
      if (row.scrollWidth > row.clientWidth + 1) found.push(name(row) + ' (' + row.scrollWidth + ' > ' + row.clientWidth + ')');
    }
    return found;
  })()`);
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2 A and AA rules over the whole page. The page's CSP forbids inline scripts, so
 * axe is evaluated through the DevTools protocol (which the CSP does not govern) rather than
 * added as a <script>.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate<boolean>(`'axe' in window`))) await page.evaluate(axeSource);
  return page.evaluate<AxeViolation[]>(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => (n.target.join(' ') + ': ' + (n.failureSummary || '')).replace(/\\s+/g, ' ')),
    }));
  })()`);
}
