/**
 * scripts/start.sh's decisions, run for real by /bin/sh in a throwaway checkout whose PATH holds
 * stand-ins for node, npm, npx, dpkg-query, apt-get, sudo, id and uname. The stand-ins record what
 * they were asked to do; nothing is installed, built or started.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../support/build';

const ALL_PACKAGES = 'libsecret-1-dev build-essential pkg-config python3 dbus gnome-keyring';

interface World {
  node?: string;
  uid?: string;
  installed?: string;
  /** 'ok' lets the sudo stand-in run the command; anything else makes it refuse. */
  sudo?: 'ok' | 'refuse';
  stale?: 'stale' | 'current';
  electron?: string;
  dbus?: boolean;
  /** node_modules older than the lockfile (or missing). */
  modules?: 'fresh' | 'stale' | 'missing';
}

let dir: string;

const stub = (name: string, body: string): void => {
  const path = join(dir, 'bin', name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wxcred-start-'));
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts/start.sh'), join(dir, 'scripts/start.sh'));
  writeFileSync(join(dir, 'scripts/with-keyring.sh'), 'echo "with-keyring $*" >> "$STUB_LOG"\n');
  const log = 'echo "$(basename "$0") $*" >> "$STUB_LOG"';
  stub('node', `case "$1" in
  -p) echo "$STUB_NODE" ;;
  scripts/runtime.mjs) case "$2" in stale) echo "$STUB_STALE" ;; electron) echo "$STUB_ELECTRON" ;; esac ;;
  *) ${log} ;;
esac`);
  stub('npm', log);
  stub('npx', log);
  stub('apt-get', log);
  stub('uname', 'echo Linux');
  stub('id', 'echo "$STUB_UID"');
  stub('dpkg-query', `for pkg; do :; done
case " $STUB_INSTALLED " in *" $pkg "*) printf 'install ok installed' ;; *) exit 1 ;; esac`);
  stub('sudo', `if [ "$STUB_SUDO" != ok ]; then exit 1; fi
[ "$1" = -n ] && exit 0
echo "sudo $*" >> "$STUB_LOG"
exec "$@"`);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function start(world: World, ...args: string[]) {
  const lock = join(dir, 'package-lock.json');
  writeFileSync(lock, '{}');
  const modules = world.modules ?? 'fresh';
  if (modules !== 'missing') {
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/.package-lock.json'), '{}');
    const now = Date.now() / 1000;
    utimesSync(lock, now - 100, now - 100);
    const installedAt = modules === 'fresh' ? now - 10 : now - 1000;
    utimesSync(join(dir, 'node_modules/.package-lock.json'), installedAt, installedAt);
  }
  writeFileSync(join(dir, 'log'), '');
  const env: Record<string, string> = {
    PATH: `${join(dir, 'bin')}:/usr/bin:/bin`,
    HOME: dir,
    STUB_LOG: join(dir, 'log'),
    STUB_NODE: world.node ?? '22.12.0',
    STUB_UID: world.uid ?? '1000',
    STUB_INSTALLED: world.installed ?? ALL_PACKAGES,
    STUB_SUDO: world.sudo ?? 'refuse',
    STUB_STALE: world.stale ?? 'current',
    STUB_ELECTRON: world.electron ?? 'ok',
  };
  if (world.dbus) env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/tmp/stub-bus';
  const run = spawnSync('/bin/sh', ['scripts/start.sh', ...args], { cwd: dir, env, encoding: 'utf8', input: '' });
  const calls = readFileSync(join(dir, 'log'), 'utf8').split('\n').filter(Boolean);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls };
}

describe('system packages', () => {
  it('not root and no usable sudo: prints the exact apt-get line for what is missing and stops', () => {
    const run = start({ installed: 'build-essential pkg-config python3 dbus' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('sudo apt-get update && sudo apt-get install -y libsecret-1-dev gnome-keyring');
    expect(run.calls).toEqual([]);
  });

  it('as root: installs exactly what is missing with apt-get, then goes on', () => {
    const run = start({ uid: '0', installed: 'build-essential pkg-config python3 dbus gnome-keyring' });
    expect(run.status).toBe(0);
    expect(run.calls.slice(0, 2)).toEqual(['apt-get update -qq', 'apt-get install -y -qq libsecret-1-dev']);
    expect(run.calls.at(-1)).toBe('npx electron-vite preview');
  });

  it('with sudo that works: installs through sudo', () => {
    const run = start({ sudo: 'ok', installed: 'libsecret-1-dev build-essential pkg-config python3 dbus' });
    expect(run.status).toBe(0);
    expect(run.calls).toContain('sudo apt-get install -y -qq gnome-keyring');
  });

  it('--test-deps also asks for chromium, and stops after the packages', () => {
    const run = start({}, '--test-deps');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('sudo apt-get install -y chromium');
    const ok = start({ installed: `${ALL_PACKAGES} chromium` }, '--test-deps');
    expect(ok.status).toBe(0);
    expect(ok.calls).toEqual([]);
  });
});

describe('node_modules and the build', () => {
  it('runs npm ci when node_modules is older than the lockfile, or missing; not when it is current', () => {
    expect(start({ modules: 'stale' }).calls[0]).toBe('npm ci --no-audit --no-fund');
    expect(start({ modules: 'missing' }).calls[0]).toBe('npm ci --no-audit --no-fund');
    expect(start({ modules: 'fresh' }).calls).not.toContain('npm ci --no-audit --no-fund');
  });

  it('builds only when the sources are newer than out/', () => {
    expect(start({ stale: 'stale' }).calls).toContain('npx electron-vite build');
    expect(start({ stale: 'current' }).calls).not.toContain('npx electron-vite build');
  });

  it('--deps stops after node_modules', () => {
    const run = start({ modules: 'stale', stale: 'stale' }, '--deps');
    expect(run.calls).toEqual(['npm ci --no-audit --no-fund']);
  });
});

describe('what it starts', () => {
  it('the Electron app where Electron can run', () => {
    const run = start({ electron: 'ok' });
    expect(run.stdout).toContain('starting the Electron app');
    expect(run.calls).toEqual(['npx electron-vite preview']);
  });

  it('web mode inside a private keyring where Electron cannot run on a headless box, saying why', () => {
    const run = start({ electron: 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('because Electron cannot run here: there is no display');
    expect(run.stdout).toContain('private keyring');
    expect(run.calls).toEqual(['with-keyring node out/main/web.js']);
  });

  it('plain web mode when a D-Bus session (so a keychain) is there; --demo loads the demo apps', () => {
    expect(start({ electron: 'no binary', dbus: true }).calls).toEqual(['node out/main/web.js']);
    expect(start({ electron: 'ok', dbus: true }, '--demo').calls).toEqual(['node out/main/web.js --demo']);
  });
});

describe('Node', () => {
  it('refuses a Node older than 20.19, and names the supported version', () => {
    const run = start({ node: '18.20.4' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('needs Node 20.19 or newer');
    expect(run.calls).toEqual([]);
  });

  it('runs on Node 20.19+ and says Electron\'s packaging tools want 22.12+', () => {
    const run = start({ node: '20.20.2' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('packaging tools want 22.12+');
  });
});
