/**
 * Runs the built `wxcred` (node bin/wxcred.js) as a separate process, the way a server would,
 * and builds it first when out/main/cli.js is older than the sources.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/wxcred.js');
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

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Everything any run printed, for the "no secret in any output" check. */
export const transcript: string[] = [];

export type ChildEnv = Record<string, string | undefined>;

/** A clean environment: no proxies, no WXCRED_* from the developer's shell, a throwaway user-data folder. */
export function baseEnv(userData: string): ChildEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR'];
  const env: ChildEnv = Object.fromEntries(keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]));
  env.WXCRED_USER_DATA = userData;
  return env;
}

export function wxcred(args: string[], options: { env: ChildEnv; stdin?: string; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: Object.fromEntries(Object.entries(options.env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      transcript.push(stdout, stderr);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined); // the CLI may exit without reading stdin
    child.stdin.end(options.stdin ?? '');
  });
}

/** The one JSON object --json promises: a single line on stdout that parses. */
export function onlyJson(run: CliRun): Record<string, unknown> {
  const lines = run.stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected exactly one line of JSON on stdout, got:\n${run.stdout}`);
  const value: unknown = JSON.parse(lines[0] ?? '');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('stdout is not a JSON object');
  return value as Record<string, unknown>;
}

export const tempDir = (prefix: string): Promise<string> => mkdtemp(join(tmpdir(), prefix));
