import { describe, expect, it, vi } from 'vitest';
import {
  attachNavigationGuards,
  isAppUrl,
  isPermissionAllowed,
  isSafeExternalUrl,
  mainWindowOptions,
} from '../../src/electron/window';
import type { WebContents } from 'electron';

vi.mock('electron', () => ({}));

describe('mainWindowOptions', () => {
  const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!;

  it('isolates and sandboxes the renderer', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('isAppUrl', () => {
  it.each([
    ['app://wxcred/index.html', true],
    ['app://wxcred/assets/x.js', true],
    ['app://evil/index.html', false],
    ['file:///home/u/out/renderer/index.html', false],
    ['https://wxcred/', false],
    ['http://localhost:5173/', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => expect(isAppUrl(url)).toBe(expected));

  it('accepts the dev server origin only when one is given', () => {
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/x', 'http://localhost:5173')).toBe(false);
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://developers.weixin.qq.com/doc/', true],
    ['http://example.com', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['https://user:pw@example.com/', false],
    ['', false],
  ])('%s → %s', (url, expected) => expect(isSafeExternalUrl(url)).toBe(expected));
});

describe('isPermissionAllowed', () => {
  it('allows clipboard writes for the app and nothing else', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://wxcred/index.html', (u) => isAppUrl(u))).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', (u) => isAppUrl(u))).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid']) {
      expect(isPermissionAllowed(permission, 'app://wxcred/index.html', (u) => isAppUrl(u))).toBe(false);
    }
  });
});

describe('attachNavigationGuards', () => {
  function fakeContents() {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
      on: (name: string, listener: (event: { preventDefault: () => void }, url: string) => void) => listeners.set(name, listener),
    };
    const fire = (name: string, url: string) => {
      const event = { prevented: false, preventDefault() { this.prevented = true; } };
      listeners.get(name)!(event, url);
      return event.prevented;
    };
    return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
  }

  it('denies every new window and opens only safe links externally', () => {
    const openExternal = vi.fn();
    const { contents, open } = fakeContents();
    attachNavigationGuards(contents, { isAppUrl: (u) => isAppUrl(u), openExternal });
    expect(open('https://developers.weixin.qq.com/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal.mock.calls).toEqual([['https://developers.weixin.qq.com/']]);
  });

  it('blocks navigation and redirects away from the app, and webview attachment', () => {
    const { contents, fire } = fakeContents();
    attachNavigationGuards(contents, { isAppUrl: (u) => isAppUrl(u), openExternal: vi.fn() });
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire('will-navigate', 'app://wxcred/index.html')).toBe(false);
    expect(fire('will-redirect', 'http://127.0.0.1:1/')).toBe(true);
    expect(fire('will-attach-webview', 'app://wxcred/')).toBe(true);
  });
});
