/**
 * A recording stand-in for the parts of `electron` that src/main/index.ts touches, built on the
 * shared fake (ipcMain, contextBridge, ipcRenderer). Install it with
 * `vi.mock('electron', () => electronShellFake())`, import the shell, then read `shell`: what was
 * called, in what order, and every handler and listener it registered. `app.whenReady()` resolves
 * only when the test calls `shell.becomeReady()`, so a test can see what happened before 'ready'.
 */
import { vi } from 'vitest';
import type { mainWindowOptions } from '../../src/electron/window';
import { electronFake } from '../support/electronFake';

// Types spelled out here rather than imported: only the shell files may import 'electron' (eslint).
type BrowserWindowConstructorOptions = ReturnType<typeof mainWindowOptions>;
interface CustomScheme {
  scheme: string;
  privileges?: Record<string, boolean>;
}

type Listener = (...args: never[]) => unknown;

/** The webContents a guard is attached to: records its listeners and window-open handler. */
export interface FakeWebContents {
  url: string;
  listeners: Map<string, Listener[]>;
  windowOpenHandler?: (details: { url: string }) => { action: string };
  getURL: () => string;
  on: (name: string, listener: Listener) => FakeWebContents;
  setWindowOpenHandler: (handler: (details: { url: string }) => { action: string }) => void;
}

export function fakeWebContents(url = 'app://wxcred/index.html'): FakeWebContents {
  const contents: FakeWebContents = {
    url,
    listeners: new Map(),
    getURL: () => contents.url,
    on(name, listener) {
      contents.listeners.set(name, [...(contents.listeners.get(name) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler(handler) {
      contents.windowOpenHandler = handler;
    },
  };
  return contents;
}

/** Fires `name` on `contents` with a preventable event; true if any listener prevented it. */
export function fire(contents: FakeWebContents, name: string, ...args: unknown[]): boolean {
  const event = {
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  for (const listener of contents.listeners.get(name) ?? []) (listener as (...a: unknown[]) => void)(event, ...args);
  return event.prevented;
}

/** `will-frame-navigate` passes one event object that carries the URL. */
export function fireFrameNavigation(contents: FakeWebContents, url: string, isMainFrame = true): boolean {
  const event = {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  for (const listener of contents.listeners.get('will-frame-navigate') ?? []) (listener as (e: unknown) => void)(event);
  return event.prevented;
}

type PermissionRequestHandler = (
  contents: { getURL: () => string },
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string },
) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean;

export interface ShellRecord {
  /** Ordered log of the calls the shell made ('app.enableSandbox', 'ready', 'protocol.handle:app', …). */
  calls: string[];
  isPackaged: boolean;
  privilegedSchemes: CustomScheme[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  windows: { options: BrowserWindowConstructorOptions; loaded: string[] }[];
  appListeners: Map<string, Listener[]>;
  openedExternally: string[];
  permissionRequestHandler?: PermissionRequestHandler;
  permissionCheckHandler?: PermissionCheckHandler;
  devicePermissionHandler?: (details: { deviceType: string; origin: string }) => boolean;
  displayMediaRequestHandler?: (request: unknown, callback: (streams: unknown) => void) => void;
  becomeReady: () => Promise<void>;
}

let resolveReady: () => void = () => {};
const ready = new Promise<void>((resolve) => (resolveReady = resolve));

export const shell: ShellRecord = {
  calls: [],
  isPackaged: false,
  privilegedSchemes: [],
  protocolHandlers: new Map(),
  windows: [],
  appListeners: new Map(),
  openedExternally: [],
  async becomeReady() {
    shell.calls.push('ready');
    resolveReady();
    await ready;
    // Let the whenReady().then(...) callback run to completion.
    await new Promise((resolve) => setTimeout(resolve, 0));
  },
};

export function electronShellFake() {
  const log = (call: string) => shell.calls.push(call);

  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    readonly record: { options: BrowserWindowConstructorOptions; loaded: string[] };

    constructor(options: BrowserWindowConstructorOptions) {
      log('new BrowserWindow');
      this.record = { options, loaded: [] };
      shell.windows.push(this.record);
      BrowserWindow.all.push(this);
    }
    loadURL(url: string) {
      this.record.loaded.push(url);
      return Promise.resolve();
    }
    once() {
      return this;
    }
    show() {}
  }

  return {
    ...electronFake(),
    app: {
      get isPackaged() {
        return shell.isPackaged;
      },
      enableSandbox: vi.fn(() => log('app.enableSandbox')),
      whenReady: vi.fn(() => {
        log('app.whenReady');
        return ready;
      }),
      on: vi.fn((name: string, listener: Listener) => {
        log(`app.on:${name}`);
        shell.appListeners.set(name, [...(shell.appListeners.get(name) ?? []), listener]);
      }),
      getPath: vi.fn(() => '/nonexistent/wxcred-user-data'),
      getVersion: vi.fn(() => '0.0.0-test'),
      quit: vi.fn(),
    },
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: vi.fn((schemes: CustomScheme[]) => {
        log('protocol.registerSchemesAsPrivileged');
        shell.privilegedSchemes.push(...schemes);
      }),
      handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
        log(`protocol.handle:${scheme}`);
        shell.protocolHandlers.set(scheme, handler);
      }),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn((handler: PermissionRequestHandler) => {
          log('session.setPermissionRequestHandler');
          shell.permissionRequestHandler = handler;
        }),
        setPermissionCheckHandler: vi.fn((handler: PermissionCheckHandler) => {
          log('session.setPermissionCheckHandler');
          shell.permissionCheckHandler = handler;
        }),
        setDevicePermissionHandler: vi.fn((handler: ShellRecord['devicePermissionHandler']) => {
          log('session.setDevicePermissionHandler');
          shell.devicePermissionHandler = handler;
        }),
        setDisplayMediaRequestHandler: vi.fn((handler: ShellRecord['displayMediaRequestHandler']) => {
          log('session.setDisplayMediaRequestHandler');
          shell.displayMediaRequestHandler = handler;
        }),
      },
    },
    shell: {
      openExternal: vi.fn(async (url: string) => {
        shell.openedExternally.push(url);
      }),
    },
  };
}
