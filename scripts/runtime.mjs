/**
 * What the start scripts need to know about this checkout, without side effects: whether out/ is
 * older than the sources (the rule test/support/build.ts applies), and whether Electron can run
 * here (its binary is installed and there is a display). Never require('electron'): when its
 * binary is missing that tries to download it.
 */
import console from 'node:console';
import process from 'node:process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (path) => {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
};

/** True when out/ is missing or older than anything the build reads. */
export function buildIsStale(root) {
  const built = join(root, 'out/main/cli.js');
  if (!existsSync(built)) return true;
  const inputs = ['src', 'package.json', 'electron.vite.config.ts'].map((p) => join(root, p)).filter((p) => existsSync(p));
  return statSync(built).mtimeMs < Math.max(...inputs.map(newest));
}

/** null when Electron can start here, else the reason it cannot. */
export function electronUnavailable(root, env = process.env, platform = process.platform) {
  const pkg = join(root, 'node_modules/electron');
  if (!existsSync(pkg)) return 'the electron package is not installed (run npm ci)';
  const pathFile = join(pkg, 'path.txt');
  const binary = existsSync(pathFile) ? join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()) : null;
  if (!binary || !existsSync(binary)) {
    return "Electron's binary is not installed (npm could not download it: no network to its release host here)";
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)';
  return null;
}

// `node scripts/runtime.mjs stale|electron`: for scripts/start.sh, one answer on stdout.
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(import.meta.dirname, '..');
  const question = process.argv[2];
  if (question === 'stale') console.log(buildIsStale(root) ? 'stale' : 'current');
  else if (question === 'electron') console.log(electronUnavailable(root) ?? 'ok');
  else {
    console.error('usage: node scripts/runtime.mjs stale|electron');
    process.exit(2);
  }
}
