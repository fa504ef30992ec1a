/**
 * Tests that run the built app call one of these first; each rebuilds its output when it is
 * older than the sources, one build at a time across test files:
 * ensureBuilt() out/ (the CLI, web mode), ensureOneFile() dist/wxcred.mjs,
 * ensureExecutable() dist/wxcred-<platform>-<arch>.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../..');
// Every entry is built together, so one output's age stands for all of them.
const CLI = join(ROOT, 'out/main/cli.js');
export const ONE_FILE = join(ROOT, 'dist/wxcred.mjs');
export const EXECUTABLE = join(ROOT, 'dist', `wxcred-${process.platform}-${process.arch}${process.platform === 'win32' ? '.exe' : ''}`);

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

async function isStale(output: string, inputs: readonly string[]): Promise<boolean> {
  const built = await stat(output).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  let sources = 0;
  for (const input of inputs) sources = Math.max(sources, await newestMtime(join(ROOT, input)));
  return built < sources;
}

/** One build at a time across test files (mkdir is atomic); a stale lock older than 3 min is broken. */
async function ensureFresh(output: string, inputs: readonly string[], command: readonly string[]): Promise<void> {
  const lock = join(tmpdir(), `wxcred-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  for (;;) {
    if (!(await isStale(output, inputs))) return;
    try {
      await mkdir(lock);
    } catch {
      const age = Date.now() - (await stat(lock).then((s) => s.mtimeMs, () => Date.now()));
      if (age > 180_000) await rm(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (await isStale(output, inputs)) {
        const [file = 'npx', ...args] = command;
        await promisify(execFile)(file, args, { cwd: ROOT, timeout: 170_000, maxBuffer: 16 << 20 });
      }
      return;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

const SOURCES = ['src', 'package.json'];

export const ensureBuilt = (): Promise<void> =>
  ensureFresh(CLI, [...SOURCES, 'electron.vite.config.ts'], ['npx', 'electron-vite', 'build']);

export const ensureOneFile = (): Promise<void> =>
  ensureFresh(ONE_FILE, [...SOURCES, 'vite.cli.config.ts'], ['npx', 'vite', 'build', '-c', 'vite.cli.config.ts']);

export const ensureExecutable = (): Promise<void> =>
  ensureFresh(EXECUTABLE, [...SOURCES, 'vite.cli.config.ts', 'scripts/build-exe.mjs'], ['npm', 'run', 'build:exe']);
