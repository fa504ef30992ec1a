/**
 * Runs the built `wxcred` (node bin/wxcred.js) as a separate process, the way a server would;
 * ensureBuilt() rebuilds out/ first when it is older than the sources.
 */
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/build';

export { ROOT };
export const BIN = join(ROOT, 'bin/wxcred.js');
export { ensureBuilt } from '../support/build';

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
