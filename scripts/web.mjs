/**
 * `npm run web` and `npm run demo`: serve the built console in a browser, building first only
 * when out/ is older than the sources. On a headless Linux box with no D-Bus session there is no
 * keychain to store secrets in, so it runs inside scripts/with-keyring.sh's private, throwaway
 * keyring and says so: secrets saved in that session end with it.
 */
import console from 'node:console';
import process from 'node:process';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildIsStale } from './runtime.mjs';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);

if (buildIsStale(root)) {
  console.error('wxcred: sources changed since the last build; building…');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = [process.execPath, join(root, 'out/main/web.js'), ...args];
const headless = process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS;
if (headless) {
  console.error('wxcred: no D-Bus session here, so no keychain: running inside a private keyring (scripts/with-keyring.sh); secrets stored now last until this stops.');
}
const command = headless ? ['sh', join(root, 'scripts/with-keyring.sh'), ...server] : server;
const child = spawn(command[0], command.slice(1), { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 1)));
