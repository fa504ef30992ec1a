#!/usr/bin/env node
/**
 * Builds the `wxcred` executable for this machine's platform (dist/wxcred-linux-x64 here): a copy
 * of the Node binary running this script, with the CommonJS CLI bundle (out/sea/wxcred.cjs, from
 * `vite build -c vite.cli.config.ts --mode sea`) injected as a single executable application.
 * It runs where no Node is installed. `npm run build:exe` does both steps.
 *
 * The executable is as new as the Node that builds it: build with the Node you want to ship.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import process from 'node:process';

const root = resolve(import.meta.dirname, '..');
const work = join(root, 'out/sea');
const main = join(work, 'wxcred.cjs');
const blob = join(work, 'wxcred.blob');
const exe = join(root, 'dist', `wxcred-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`);
// The fuse Node looks for to know it carries an application (Node's SEA documentation).
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

function fail(message) {
  process.stderr.write(`build-exe: ${message}\n`);
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
// useCodeCache arrived in 20.12; the package itself asks for >= 20.19.
if (major < 20 || (major === 20 && minor < 12)) fail(`Node ${process.versions.node} cannot build the executable; use Node 20.12 or newer`);
if (!existsSync(main)) fail('out/sea/wxcred.cjs is missing: run `vite build -c vite.cli.config.ts --mode sea` first (npm run build:exe does)');

const seaConfig = join(work, 'sea-config.json');
writeFileSync(
  seaConfig,
  JSON.stringify(
    {
      main,
      output: blob,
      // The warning would land on stderr of every run, which scripts read.
      disableExperimentalSEAWarning: true,
      // V8's compiled code for the bundle rides along: start-up skips parsing 600 kB of JavaScript.
      useCodeCache: true,
    },
    null,
    2,
  ),
);
execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'inherit' });

mkdirSync(join(root, 'dist'), { recursive: true });
rmSync(exe, { force: true });
copyFileSync(process.execPath, exe);
chmodSync(exe, 0o755);
if (process.platform === 'darwin') execFileSync('codesign', ['--remove-signature', exe], { stdio: 'inherit' });
// Node's own symbols and debug info are of no use to wxcred's users and are a sizeable part of the file.
if (process.platform === 'linux') {
  try {
    execFileSync('strip', ['--strip-all', exe], { stdio: 'inherit' });
  } catch {
    process.stderr.write('build-exe: strip is not available; the executable keeps Node\'s symbols\n');
  }
}

const { inject } = createRequire(import.meta.url)('postject');
await inject(exe, 'NODE_SEA_BLOB', readFileSync(blob), {
  sentinelFuse: SENTINEL_FUSE,
  ...(process.platform === 'darwin' ? { machoSegmentName: 'NODE_SEA' } : {}),
});
// Unsigned macOS binaries do not start on Apple silicon; an ad-hoc signature is enough locally.
if (process.platform === 'darwin') execFileSync('codesign', ['--sign', '-', exe], { stdio: 'inherit' });
process.stdout.write(`build-exe: ${exe}\n`);
