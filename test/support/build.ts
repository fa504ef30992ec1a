/**
 * Tests that run the built app (the CLI, web mode) call ensureBuilt() first: it rebuilds out/
 * when it is older than the sources, one build at a time across test files.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../..');
// Every entry is built together, so one output's age stands for all of them.
const CLI = join(ROOT, 'out/main/cli.js');
const LOCK = join(tmpdir(), `wxcred-cli-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

async function isStale(): Promise<boolean> {
  const built = await stat(CLI).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = Math.max(
    await newestMtime(join(ROOT, 'src')),
    await newestMtime(join(ROOT, 'package.json')),
    await newestMtime(join(ROOT, 'electron.vite.config.ts')),
  );
  return built < sources;
}

/** One build at a time across test files (mkdir is atomic); a stale lock older than 3 min is broken. */
export async function ensureBuilt(): Promise<void> {
  for (;;) {
    if (!(await isStale())) return;
    try {
      await mkdir(LOCK);
    } catch {
      const age = Date.now() - (await stat(LOCK).then((s) => s.mtimeMs, () => Date.now()));
      if (age > 180_000) await rm(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (await isStale()) {
        await promisify(execFile)('npx', ['electron-vite', 'build'], { cwd: ROOT, timeout: 170_000, maxBuffer: 16 << 20 });
      }
      return;
    } finally {
      await rm(LOCK, { recursive: true, force: true });
    }
  }
}

