/**
 * Moving apps between two wxcred installs in web mode, as a person does it in the browser: the
 * list shows the app's secret and token state, Export downloads a file without the secret, and a
 * second install (its own user data) imports it by upload — the app arrives without a secret, and
 * a second import skips it.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { launchChromium, randomAppid, startWebApp, watchPage, type WebApp } from './harness';

const appid = randomAppid();
const secret = `FAKE-E2E-SECRET-${appid.slice(2)}`;

describe('app list in web mode: state at a glance, export and import', () => {
  let wx: FakeWechat;
  let first: WebApp;
  let second: WebApp;
  let browser: Browser;
  let page: Page;
  let watched: { errors: string[] };
  let exported: { path: string; name: string };

  beforeAll(async () => {
    wx = await startFakeWechat({ apps: [{ appid, secret, kind: 'official-account' }] });
    [first, second] = await Promise.all([startWebApp({ WXCRED_API_BASE: wx.url }), startWebApp({ WXCRED_API_BASE: wx.url })]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    watched = watchPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([first?.close(), second?.close()]);
    await wx?.close();
    await createKeytarSecretStore().delete(appid).catch(() => false);
  });

  const item = () => page.getByTestId('app-item').filter({ hasText: 'Moving app' });

  it('shows the secret and token state of an app in the list', async () => {
    await page.goto(first.url);
    await page.getByTestId('add-app').click();
    await page.getByLabel(/name|名称/i).first().fill('Moving app');
    await page.getByTestId('appid-input').fill(appid);
    await page.getByTestId('profile-save').click();
    await expect.poll(() => item().getByTestId('app-secret-state').getAttribute('data-state')).toBe('missing');

    await page.getByTestId('secret-input').fill(secret);
    await page.getByTestId('secret-save').click();
    await expect.poll(() => item().getByTestId('app-secret-state').getAttribute('data-state')).toBe('stored');
    expect(await item().getByTestId('app-token-state').getAttribute('data-state')).toBe('none');

    await page.getByTestId('get-token').click();
    await expect.poll(() => item().getByTestId('app-token-state').getAttribute('data-state')).toBe('valid');
    expect(await item().getByTestId('app-token-state').textContent()).toMatch(/^token 1:59:\d\d$|^token 2:00:00$/);
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('exports a file with the app and without its secret', async () => {
    const download = page.waitForEvent('download');
    await page.getByTestId('export-apps').click();
    const done = await download;
    exported = { path: (await done.path())!, name: done.suggestedFilename() };
    expect(exported.name).toMatch(/^wxcred-profiles-\d{4}-\d\d-\d\d\.json$/);
    const text = await readFile(exported.path, 'utf8');
    expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ format: 'wxcred-profiles', version: 1, profiles: [{ label: 'Moving app', appid }] });
  });

  it('imports it into another install by upload: added without a secret, then skipped', async () => {
    // Both installs share this machine's keychain; without the secret there, this is another machine.
    await createKeytarSecretStore().delete(appid);
    await page.goto(second.url);
    await expect.poll(() => page.getByTestId('first-run').count()).toBe(1);
    // With no apps yet the first-run screen shows; the import lives with the list.
    await page.getByTestId('import-file').setInputFiles(exported.path);
    await expect.poll(() => page.getByTestId('import-result').textContent()).toContain('Added: 1. Skipped (AppID already here): 0.');
    await expect.poll(() => item().count()).toBe(1);
    await expect.poll(() => item().getByTestId('app-secret-state').getAttribute('data-state')).toBe('missing');

    await page.getByTestId('import-file').setInputFiles(exported.path);
    await expect.poll(() => page.getByTestId('import-skipped').textContent()).toContain(`Moving app (${appid})`);
    expect(await page.getByTestId('app-item').count()).toBe(1);
    expect(watched.errors).toEqual([]);
  });
});
