#!/usr/bin/env node
/**
 * Size and start time of what goes to a server: dist/wxcred.mjs and the executable, next to the
 * in-repo CLI (bin/wxcred.js → out/main/cli.js). Start time is the wall time of a whole process,
 * median of N interleaved runs: `--version` (start-up alone) and `check` against the simulator on
 * loopback (start-up plus one stable_token fetch). Run after `npm run build && npm run build:exe`:
 *   node scripts/measure-dist.mjs [--runs=15]
 * Figures go to BENCHMARKS.md by hand; nothing here is a test.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.split('=')[1] ?? 15);
const exe = join(root, 'dist', `wxcred-${process.platform}-${process.arch}`);
for (const file of ['out/main/cli.js', 'dist/wxcred.mjs']) {
  if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run npm run build first`);
}
if (!existsSync(exe)) throw new Error(`${exe} is missing: run npm run build:exe first`);

// The simulator is TypeScript; bundle it once so this plain script can start it in-process.
const simDir = join(root, 'out/measure');
await build({
  logLevel: 'warn',
  configFile: false,
  build: {
    ssr: join(root, 'src/core/simulator/index.ts'),
    outDir: simDir,
    emptyOutDir: true,
    target: 'node20',
    rolldownOptions: { output: { entryFileNames: 'simulator.mjs', format: 'es' } },
  },
});
const { startFakeWechat, FAKE_APP } = await import(join(simDir, 'simulator.mjs'));
const wx = await startFakeWechat();

const dirSize = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? dirSize(join(dir, e.name)) : e.name.endsWith('.map') ? 0 : statSync(join(dir, e.name)).size),
    0,
  );
const oneFile = readFileSync(join(root, 'dist/wxcred.mjs'));
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

const subjects = [
  { name: 'node -e "" (Node alone)', file: process.execPath, args: ['-e', ''], only: '--version' },
  { name: 'node bin/wxcred.js (repo)', file: process.execPath, args: [join(root, 'bin/wxcred.js')] },
  { name: 'node dist/wxcred.mjs', file: process.execPath, args: [join(root, 'dist/wxcred.mjs')] },
  { name: 'dist/wxcred-linux-x64', file: exe, args: [] },
];
const env = { PATH: process.env.PATH, HOME: process.env.HOME, WXCRED_API_BASE: wx.url, WX_SECRET: FAKE_APP.secret, WXCRED_USER_DATA: join(simDir, 'user-data') };
const commands = {
  '--version': ['--version'],
  check: ['check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET', '--json'],
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const times = new Map();
for (let i = 0; i < runs + 1; i++) {
  for (const [label, args] of Object.entries(commands)) {
    for (const s of subjects.filter((x) => (x.only ?? label) === label)) {
      const start = process.hrtime.bigint();
      // Asynchronous: the simulator answers from this process's event loop. GNU time adds the
      // child's CPU time (user + sys), which a busy machine disturbs far less than wall time.
      const argv = [s.file, ...s.args, ...(s.only ? [] : args)];
      const { stderr } = await promisify(execFile)(TIME ?? argv[0], TIME ? ['-f', '%U %S', ...argv] : argv.slice(1), { env });
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const cpu = TIME ? stderr.trim().split(/\s+/).slice(-2).reduce((sum, x) => sum + Number(x) * 1000, 0) : NaN;
      if (i === 0) continue; // warm the page cache first
      const key = `${s.name}\t${label}`;
      times.set(key, [...(times.get(key) ?? []), { ms, cpu }]);
    }
  }
}
await wx.close();

process.stdout.write(`Node ${process.versions.node}, ${runs} runs each, medians of wall time and of CPU time (user + sys)\n\n`);
process.stdout.write(`size  dist/wxcred.mjs ${kb(oneFile.length)} (${kb(gzipSync(oneFile).length)} gzip)\n`);
process.stdout.write(`size  out/ (main, preload, renderer; no maps) ${kb(dirSize(join(root, 'out/main')) + dirSize(join(root, 'out/preload')) + dirSize(join(root, 'out/renderer')))}\n`);
process.stdout.write(`size  ${exe.slice(root.length + 1)} ${mb(statSync(exe).size)} (${process.execPath} is ${mb(statSync(process.execPath).size)})\n\n`);
for (const [key, values] of times) {
  const wall = median(values.map((v) => v.ms));
  const cpu = median(values.map((v) => v.cpu));
  process.stdout.write(`start ${key}\t${wall.toFixed(0)} ms wall\t${cpu.toFixed(0)} ms cpu\n`);
}
