/**
 * Electron's security checklist (docs/tutorial/security.md, "Checklist: Security recommendations",
 * items 1–20), one test per item, numbered and titled as the tutorial does. Each test asserts what
 * wxcred actually does: the real src/electron/main.ts is imported under a recording electron fake and
 * its registrations (window options, protocol, permission handlers, guards, IPC) are exercised;
 * what only exists as source or config (the preload, electron-builder.yml, package.json) is read.
 * Items that cannot apply say "n/a" and assert the premise that makes them so.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { electronShellFake, fakeWebContents, fire, fireFrameNavigation, shell } from './electronShellFake';
import { exposed, fakeInvokeEvent, invoked, ipcHandlers, type FakeFrame } from '../support/electronFake';

vi.mock('electron', () => electronShellFake());

// The shell is under test, not the services: handlers that only record what reached them.
const handled = vi.hoisted(() => [] as { channel: string; request: unknown }[]);
vi.mock('../../src/core/services', async () => {
  const { channelNames } = await import('../../src/contract/channels');
  const handlers = Object.fromEntries(
    channelNames.map((name) => [name, async (request: unknown) => (handled.push({ channel: name, request }), { ok: name })]),
  );
  return {
    createServices: () => ({ handlers, notices: () => [], close: async () => {} }),
    startSimulator: async () => ({ url: 'http://127.0.0.1:9', close: async () => {} }),
  };
});

const { APP_ENTRY } = await import('../../src/core/assets');
const { contentSecurityPolicy, avatarHosts } = await import('../../src/core/csp');
const { devServerUrlFrom } = await import('../../src/electron/window');
const { channelNames, ipcChannel } = await import('../../src/contract/channels');

// Import the shell: its top level runs now; whenReady() waits for becomeReady().
await import('../../src/electron/main');
const beforeReady = [...shell.calls];
await shell.becomeReady();
// The preload runs in its own (sandboxed) process in reality; here, under the same fake.
await import('../../src/preload/index');

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

/** Code without its comments, so a comment that names a risk is not mistaken for using it. */
const withoutComments = (text: string) =>
  text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/<!--[\s\S]*?-->/g, '').replace(/^\s*\/\/.*$/gm, '');

/** Every source file under src/, comments stripped (the generated errcode table is data, not code). */
function sources(dir = join(root, 'src')): { path: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    if (!/\.(ts|tsx|html|mjs|cjs|js)$/.test(entry.name) || entry.name === 'table.generated.ts') return [];
    return [{ path: relative(root, full), text: withoutComments(readFileSync(full, 'utf8')) }];
  });
}
const allSources = sources();
const filesMatching = (pattern: RegExp) => allSources.filter((file) => pattern.test(file.text)).map((file) => file.path);

/** CSP text → directive name → source list. */
function directives(policy: string): Record<string, string[]> {
  const entries = policy
    .split(';')
    .map((directive) => directive.trim().split(/\s+/))
    .filter(([name]) => name)
    .map(([name, ...values]) => [name!.toLowerCase(), values] as const);
  return Object.fromEntries(entries);
}

/** The content of the renderer's <meta http-equiv="Content-Security-Policy">, attribute order-independent. */
function metaCsp(html: string): string | undefined {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const attributes = Object.fromEntries(
      [...tag.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
    );
    if (attributes['http-equiv']?.toLowerCase() === 'content-security-policy') return attributes.content;
  }
  return undefined;
}

/** Every permission name Electron 45 can ask about, read from its own typings. */
function electronPermissions(): string[] {
  const typings = read('node_modules/electron/electron.d.ts');
  const union = /setPermissionRequestHandler\(handler: \(\(webContents: WebContents, permission: ([^,]+), callback/.exec(typings);
  return [...(union?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

const window = shell.windows[0]!;
const prefs = window.options.webPreferences!;

/** A webContents as Electron would create it, with the shell's guards attached. */
function guardedContents(url = APP_ENTRY) {
  const contents = fakeWebContents(url);
  for (const listener of shell.appListeners.get('web-contents-created') ?? []) {
    (listener as (event: unknown, contents: unknown) => void)({}, contents);
  }
  return contents;
}

const appFrame: FakeFrame = { url: APP_ENTRY, parent: null };
const hostileUrls = [
  'https://evil.example/',
  'http://127.0.0.1:1/',
  'file:///etc/passwd',
  'app://evil/index.html',
  'app://wxcred.evil.example/index.html',
  'https://wxcred/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'not a url',
];

describe('Electron security checklist', () => {
  it('1. Only load secure content — the app from app://, remote images only over https', async () => {
    expect(window.loaded, 'production entry').toEqual([APP_ENTRY]);
    expect(shell.privilegedSchemes.find((s) => s.scheme === 'app')?.privileges).toMatchObject({ secure: true, standard: true });
    // Every remote source the CSP admits is https (no http:, ws:, ftp: or wildcard sources).
    for (const [name, sources] of Object.entries(directives(contentSecurityPolicy))) {
      for (const source of sources) {
        if (source.startsWith("'") || source === 'data:') continue;
        expect(source, `${name} ${source}`).toMatch(/^https:\/\/[a-z0-9.-]+$/);
      }
    }
    expect(read('src/renderer/index.html')).not.toMatch(/(src|href)\s*=\s*"(http|ws|ftp):/i);
    // The dev server is used only unpackaged, and only on loopback.
    expect(devServerUrlFrom(true, 'http://localhost:5173')).toBeUndefined();
    expect(devServerUrlFrom(false, 'http://localhost:5173')).toBe('http://localhost:5173');
    expect(devServerUrlFrom(false, 'http://evil.example:5173')).toBeUndefined();
    expect(devServerUrlFrom(false, 'file:///tmp/index.html')).toBeUndefined();
  });

  it('2. Do not enable Node.js integration for remote content — off in every frame and worker', () => {
    expect(prefs).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false });
    // Every renderer wxcred makes gets these options: one window, made in index.ts.
    expect(filesMatching(/new BrowserWindow\(/)).toEqual(['src/electron/main.ts']);
    expect(filesMatching(/\b(BrowserView|WebContentsView)\b/)).toEqual([]);
    expect(filesMatching(/nodeIntegration\w*\s*:\s*true/)).toEqual([]);
  });

  it('3. Enable Context Isolation', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(filesMatching(/contextIsolation\s*:\s*false/)).toEqual([]);
  });

  it('4. Enable process sandboxing — per window and app.enableSandbox() before ready', () => {
    expect(prefs.sandbox).toBe(true);
    expect(beforeReady).toContain('app.enableSandbox');
    expect(prefs.preload).toMatch(/\.cjs$/); // a sandboxed preload is one CommonJS bundle
    expect(filesMatching(/sandbox\s*:\s*false|no-sandbox/)).toEqual([]);
  });

  it('5. Handle session permission requests from remote content — deny all but clipboard writes by the app', () => {
    const permissions = electronPermissions();
    expect(permissions.length).toBeGreaterThan(30);
    const app = { getURL: () => APP_ENTRY };
    const remote = { getURL: () => 'https://evil.example/' };
    const request = (contents: { getURL: () => string }, permission: string, requestingUrl = contents.getURL()) => {
      let granted: boolean | undefined;
      shell.permissionRequestHandler!(contents, permission, (answer) => (granted = answer), { requestingUrl });
      return granted;
    };
    for (const permission of permissions) {
      const expected = permission === 'clipboard-sanitized-write';
      expect(request(app, permission), permission).toBe(expected);
      expect(shell.permissionCheckHandler!(null, permission, 'app://wxcred', {}), permission).toBe(expected);
      expect(request(remote, permission), `${permission} from a remote page`).toBe(false);
      expect(shell.permissionCheckHandler!(null, permission, 'https://evil.example', {})).toBe(false);
    }
    expect(request(app, 'clipboard-sanitized-write', 'https://evil.example/'), 'remote subframe').toBe(false);
    expect(request(remote, 'clipboard-sanitized-write', APP_ENTRY), 'app frame in a remote page').toBe(false);
    for (const deviceType of ['hid', 'serial', 'usb']) {
      expect(shell.devicePermissionHandler!({ deviceType, origin: 'app://wxcred' })).toBe(false);
    }
    const streams = vi.fn();
    shell.displayMediaRequestHandler!({}, streams);
    expect(streams).toHaveBeenCalledExactlyOnceWith(null);
  });

  it('6. Do not disable webSecurity', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(filesMatching(/webSecurity\s*:\s*false|disablewebsecurity/i)).toEqual([]);
  });

  it('7. Define a Content Security Policy — strict header on app://, same policy in the meta tag', async () => {
    const policy = directives(contentSecurityPolicy);
    expect(policy).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:', ...avatarHosts],
      'connect-src': ["'self'"],
      'font-src': ["'self'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(avatarHosts).toEqual(['https://thirdwx.qlogo.cn', 'https://wx.qlogo.cn']);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-|\*/);

    const response = await shell.protocolHandlers.get('app')!(new Request(APP_ENTRY));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);

    // The renderer's meta tag must say the same, less frame-ancestors (ignored in a meta tag).
    const meta = metaCsp(read('src/renderer/index.html'));
    expect(meta, 'src/renderer/index.html has a CSP meta tag').toBeDefined();
    const { 'frame-ancestors': _ignoredInMeta, ...headerWithoutFrameAncestors } = policy;
    expect(directives(meta!), 'meta CSP = header CSP minus frame-ancestors').toEqual(headerWithoutFrameAncestors);
    // Web mode serves the renderer with the same header.
    const webServer = read('src/web/bridgeServer.ts');
    expect(webServer).toMatch(/import \{[^}]*\bcontentSecurityPolicy\b[^}]*\} from '\.\.\/core\/csp'/);
    expect(webServer).toMatch(/content-security-policy['"]?\s*:\s*contentSecurityPolicy/i);
  });

  it('8. Do not enable allowRunningInsecureContent', () => {
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(filesMatching(/allowRunningInsecureContent\s*:\s*true/)).toEqual([]);
  });

  it('9. Do not enable experimental features', () => {
    expect(prefs.experimentalFeatures).toBe(false);
    expect(filesMatching(/experimentalFeatures\s*:\s*true|enable-experimental-web-platform-features/)).toEqual([]);
  });

  it('10. Do not use enableBlinkFeatures', () => {
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(filesMatching(/enableBlinkFeatures|enable-blink-features|\bblinkfeatures\s*=/i)).toEqual([]);
  });

  // Not applicable: allowpopups is a <webview> attribute and wxcred never creates a <webview>. The
  // premise is asserted: the tag is disabled, an attach is refused, and no source mentions either.
  it('11. Do not use allowpopups for WebViews — n/a: wxcred has no <webview> (tag off, attach refused)', () => {
    expect(prefs.webviewTag).toBe(false);
    expect(fire(guardedContents(), 'will-attach-webview', {}, { src: 'https://evil.example/', allowpopups: 'on' })).toBe(true);
    expect(filesMatching(/<webview|allowpopups/i)).toEqual([]);
  });

  // With no <webview> to verify, the check is the strictest possible: refuse every attach request,
  // whatever its preferences and src.
  it('12. Verify WebView options before creation — every will-attach-webview is refused', () => {
    const webPreferences = { preload: '/tmp/evil.js', nodeIntegration: true };
    expect(fire(guardedContents(), 'will-attach-webview', webPreferences, { src: APP_ENTRY })).toBe(true);
  });

  it('13. Disable or limit navigation — only to the app itself, checked with a URL parser', () => {
    expect(beforeReady).toContain('app.on:web-contents-created'); // guards every contents, the first included
    const contents = guardedContents();
    for (const event of ['will-navigate', 'will-redirect']) {
      expect(fire(contents, event, APP_ENTRY), `${event} to the app`).toBe(false);
      for (const url of hostileUrls) expect(fire(contents, event, url), `${event} ${url}`).toBe(true);
    }
    expect(fireFrameNavigation(contents, 'app://wxcred/index.html#/profiles')).toBe(false);
    for (const url of hostileUrls) expect(fireFrameNavigation(contents, url, false), `subframe to ${url}`).toBe(true);
  });

  it('14. Disable or limit creation of new windows — every window.open is denied', () => {
    const contents = guardedContents();
    for (const url of [APP_ENTRY, 'https://developers.weixin.qq.com/doc/', ...hostileUrls]) {
      expect(contents.windowOpenHandler!({ url }), url).toEqual({ action: 'deny' });
    }
  });

  it('15. Do not use shell.openExternal with untrusted content — http(s) only, through one checked function', () => {
    shell.openedExternally.length = 0;
    const contents = guardedContents();
    const browsable = ['https://developers.weixin.qq.com/doc/', 'http://example.com/', 'https://evil.example/'];
    const refused = hostileUrls.filter((url) => !/^https?:/.test(url));
    refused.push('smb://host/share', 'ms-msdt:/id', 'https://user:pw@example.com/');
    for (const url of [...refused, ...browsable]) contents.windowOpenHandler!({ url });
    expect(shell.openedExternally).toEqual(browsable);
    const callSites = allSources.flatMap((file) =>
      [...file.text.matchAll(/\bshell\.openExternal\(/g)].map(() => file.path),
    );
    expect(callSites).toEqual(['src/electron/main.ts']);
    expect(read('src/electron/main.ts')).toMatch(/if \(isSafeExternalUrl\(url\)\) void shell\.openExternal\(url\)/);
  });

  it('16. Use a current version of Electron — 45 or later, installed and required', () => {
    const require = createRequire(import.meta.url);
    const installed = (require('electron/package.json') as { version: string }).version;
    expect(Number(installed.split('.')[0]), `installed electron ${installed}`).toBeGreaterThanOrEqual(45);
    const range = (JSON.parse(read('package.json')) as { devDependencies: Record<string, string> }).devDependencies.electron!;
    const floor = /^[\^~]?(\d+)\.\d+\.\d+$/.exec(range);
    expect(floor, `package.json electron range ${range} has a fixed floor`).not.toBeNull();
    expect(Number(floor![1])).toBeGreaterThanOrEqual(45);
  });

  it('17. Validate the sender of all IPC messages — every channel refuses anything but the app top frame', async () => {
    expect([...ipcHandlers.keys()].sort()).toEqual(channelNames.map(ipcChannel).sort());
    const forged = [
      fakeInvokeEvent({ url: 'https://evil.example/', parent: null }),
      fakeInvokeEvent({ url: APP_ENTRY, parent: appFrame }, appFrame),
      fakeInvokeEvent({ url: 'file:///tmp/x.html', parent: null }),
      fakeInvokeEvent(null),
    ];
    for (const name of channelNames) {
      for (const event of forged) {
        const outcome = await ipcHandlers.get(ipcChannel(name))!(event, {});
        expect(outcome, `${name} from a forged sender`).toMatchObject({ ok: false, error: { kind: 'validation' } });
      }
    }
    expect(handled).toEqual([]);
    await expect(ipcHandlers.get(ipcChannel('listProfiles'))!(fakeInvokeEvent(appFrame), {})).resolves.toMatchObject({ ok: true });
    expect(handled.map((call) => call.channel)).toEqual(['listProfiles']);
  });

  it('18. Avoid usage of the file:// protocol and prefer usage of custom protocols — app:// with a CSP header', async () => {
    expect(window.loaded.every((url) => url.startsWith('app://wxcred/'))).toBe(true);
    expect(filesMatching(/loadFile\(|loadURL\(\s*['"`]file:/)).toEqual([]);
    expect(shell.privilegedSchemes).toHaveLength(1);
    expect(shell.privilegedSchemes[0]!.privileges).not.toHaveProperty('bypassCSP');
    expect(shell.privilegedSchemes[0]!.privileges).not.toHaveProperty('allowServiceWorkers');
    expect(shell.calls.indexOf('protocol.handle:app')).toBeGreaterThan(shell.calls.indexOf('ready'));
    const serve = shell.protocolHandlers.get('app')!;
    const page = await serve(new Request('app://wxcred/'));
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    for (const url of ['app://wxcred/%2e%2e/%2e%2e/package.json', 'app://wxcred/..%2f..%2fpackage.json', 'app://other/index.html']) {
      expect((await serve(new Request(url))).status, url).toBe(404);
    }
  });

  it('19. Check which fuses you can change — set in electron-builder.yml with the installers, checked by electron-builder', async () => {
    // Load the file the way the packager does and validate it against electron-builder's schema.
    const require = createRequire(import.meta.url);
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as typeof import('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util') as typeof import('builder-util');
    const config = await getConfig(root, null, null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).not.toBe(false); // onlyLoadAppFromAsar needs an asar
    expect(config.files).toEqual([{ filter: ['out/**/*', '!out/**/*.map', 'package.json'] }]);
    expect(JSON.parse(read('package.json'))).not.toHaveProperty('build');
    // The same validated config names the installers these fuses ship in, with their identity and icons.
    expect(config.appId).toBe('dev.wxcred.console');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(config.linux?.executableName).not.toBe('wxcred'); // /usr/bin/wxcred is the CLI's name
    const pngSide = (path: string): number => {
      const png = readFileSync(join(root, path));
      expect(png.subarray(1, 4).toString('latin1'), path).toBe('PNG');
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(width, path).toBe(height);
      return width;
    };
    // electron-builder makes the .icns (needs >= 512 px) and the .ico (>= 256 px) from the PNG.
    for (const icon of [config.mac?.icon, config.win?.icon]) expect(pngSide(icon ?? 'missing')).toBeGreaterThanOrEqual(512);
    const linuxIcons = readdirSync(join(root, config.linux?.icon ?? 'missing')).sort();
    expect(linuxIcons).toEqual(expect.arrayContaining(['16x16.png', '32x32.png', '48x48.png', '256x256.png', '512x512.png']));
    for (const name of linuxIcons) expect(pngSide(join(config.linux?.icon ?? '', name))).toBe(Number(name.split('x')[0]));
  }, 30_000);

  it('20. Do not expose Electron APIs to untrusted web content — only the frozen window.wxcred methods', async () => {
    expect([...exposed.keys()]).toEqual(['wxcred']);
    const bridge = exposed.get('wxcred') as Record<string, (...args: unknown[]) => Promise<unknown>>;
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(Object.keys(bridge).sort()).toEqual([...channelNames].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
    // A method cannot be talked into another channel, and hands back only the result.
    invoked.length = 0;
    await expect(bridge.secretStatus!({ profileId: 'x' }, 'wxcred:deleteSecret', 'extra')).resolves.toEqual({
      ok: true,
      value: ipcChannel('secretStatus'),
    });
    expect(invoked).toEqual([{ channel: ipcChannel('secretStatus'), payload: { profileId: 'x' } }]);
    const preload = withoutComments(read('src/preload/index.ts'));
    expect(preload).not.toMatch(/ipcRenderer\.(on|once|send|sendSync|postMessage)|process\.env|webFrame|require\(/);
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });
});
