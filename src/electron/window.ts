/**
 * Window options and navigation guards as pure functions, so a test can assert every
 * security-relevant setting without starting Electron.
 */
import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { APP_ORIGIN } from '../core/assets';
import { isLoopback } from '../core/loopback';

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 880,
    minHeight: 560,
    show: false,
    title: 'wxcred',
    backgroundColor: '#101216',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/**
 * The dev server electron-vite announces in ELECTRON_RENDERER_URL, if it may be used: never in a
 * packaged app, and only a plain http(s) server on a loopback address, so a stray environment
 * variable cannot point the window (and its preload bridge) at a remote page.
 */
export function devServerUrlFrom(isPackaged: boolean, value: string | undefined): string | undefined {
  if (isPackaged || !value) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return undefined;
  }
  return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && isLoopback(parsed.hostname) && !parsed.username && !parsed.password
    ? value
    : undefined;
}

/** True for the app's own pages: app://wxcred/… in production, the dev server's origin in development. */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.origin === APP_ORIGIN || `${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true;
  if (!devServerUrl) return false;
  try {
    return parsed.origin === new URL(devServerUrl).origin;
  } catch {
    return false;
  }
}

/** The only URLs wxcred will hand to the OS browser: plain http(s), no credentials. */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && !parsed.username && !parsed.password;
}

export interface GuardDeps {
  isAppUrl: (url: string) => boolean;
  openExternal: (url: string) => void;
}

/**
 * Deny every new window (links go to the OS browser if safe), every navigation away from the app in
 * any frame, and every <webview>.
 */
export function attachNavigationGuards(contents: WebContents, deps: GuardDeps): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) deps.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!deps.isAppUrl(url)) event.preventDefault();
  });
  // will-navigate covers only the main frame; this also covers subframes (wxcred has none).
  contents.on('will-frame-navigate', (event) => {
    if (!deps.isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!deps.isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Copying a token or an IP is the only browser permission wxcred needs; everything else is denied. */
const allowedPermissions = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string, appUrl: (url: string) => boolean): boolean {
  return allowedPermissions.has(permission) && appUrl(requestingUrl);
}
