/**
 * The Electron shell: lifecycle, the app:// protocol, permissions, the window, IPC. All logic
 * lives in Electron-free modules; this file only connects them to Electron.
 */
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, protocol, session, shell, type Session } from 'electron';
import { APP_ENTRY, APP_SCHEME, mimeTypeOf, resolveAppAsset } from '../core/assets';
import { contentSecurityPolicy } from '../core/csp';
import { registerIpc } from './ipc';
import { utilityKeychainWorker } from './keychainWorker';
import { createServices, startSimulator } from '../core/services';
import {
  attachNavigationGuards,
  devServerUrlFrom,
  isAppUrl,
  isPermissionAllowed,
  isSafeExternalUrl,
  mainWindowOptions,
} from './window';

// A secure, standard origin for the renderer; deliberately no bypassCSP, no service workers.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
// Every renderer is sandboxed, whatever its webPreferences say. Must run before 'ready'.
app.enableSandbox();

const devServerUrl = devServerUrlFrom(app.isPackaged, process.env.ELECTRON_RENDERER_URL);
const appUrl = (url: string): boolean => isAppUrl(url, devServerUrl);
const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

/** The one place wxcred opens anything outside itself. */
function openExternalSafely(url: string): void {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
}

async function serveApp(request: Request): Promise<Response> {
  const file = resolveAppAsset(rendererRoot, request.url);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await readFile(file);
    return new Response(body, {
      headers: {
        'content-type': mimeTypeOf(file),
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

/**
 * Copying to the clipboard is the only browser permission wxcred grants, and only to its own page;
 * device access (HID, serial, USB) and screen capture are refused outright.
 */
function restrictPermissions(ses: Session): void {
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    // Both the asking frame and the page it sits in must be wxcred's own.
    callback(isPermissionAllowed(permission, details.requestingUrl, appUrl) && appUrl(contents.getURL()));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, appUrl),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null));
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? APP_ENTRY);
  return window;
}

app.on('web-contents-created', (_event, contents) => {
  attachNavigationGuards(contents, { isAppUrl: appUrl, openExternal: openExternalSafely });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void app.whenReady().then(async () => {
  protocol.handle(APP_SCHEME, serveApp);
  restrictPermissions(session.defaultSession);

  // The built-in WeChat simulator, on loopback, for "Try the simulator" and simulator apps.
  const simulator = await startSimulator();
  const services = createServices({
    host: 'electron',
    userDataDir: app.getPath('userData'),
    env: process.env,
    version: app.getVersion(),
    spawnKeychainWorker: utilityKeychainWorker(dirname(fileURLToPath(import.meta.url))),
    simulator,
  });
  for (const notice of services.notices()) console.warn(`[wxcred] ${notice}`);
  registerIpc(services.handlers, {
    isAppUrl: appUrl,
    onUnexpected: (channel, thrown) => console.error(`[wxcred] unexpected error on ${channel}:`, thrown),
  });
  // Hold the quit until the last token save reaches the keychain (bounded: never hang on a locked one).
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    const giveUp = new Promise((resolve) => setTimeout(resolve, 3000));
    void Promise.race([Promise.all([services.close(), simulator.close()]), giveUp]).finally(() => app.quit());
  });

  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});
