/**
 * Runs a shipped artefact (dist/wxcred.mjs, the executable, an npm-installed wxcred) from a
 * folder of its own under the OS temp dir, the way it runs on a server: nothing of this repository
 * reachable, no node_modules above it, an environment holding only what the test hands over.
 * Each test spawns a few whole processes, so the files give their tests 60 s rather than vitest's 5.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type Env = Record<string, string>;

/** Everything any run printed, for the "no secret in any output" check. */
export const transcript: string[] = [];

export function run(file: string, args: readonly string[], options: { cwd: string; env: Env; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  });
}

/** A fresh folder under the OS temp dir, after making sure no node_modules above it could serve an import. */
export async function isolatedDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (let up = dir; ; up = dirname(up)) {
    if (existsSync(join(up, 'node_modules'))) throw new Error(`${join(up, 'node_modules')} exists: Node could resolve packages from it`);
    if (dirname(up) === up) break;
  }
  return dir;
}

/** PATH without every folder that holds a `node`: what a server without Node has. */
export function pathWithoutNode(path = process.env.PATH ?? ''): string {
  return path
    .split(delimiter)
    .filter((dir) => dir !== '' && !existsSync(join(dir, 'node')) && !existsSync(join(dir, 'node.exe')))
    .join(delimiter);
}

/** A minimal environment: no NODE_OPTIONS/NODE_PATH, no proxies, no WXCRED_* from the developer's shell. */
export function serverEnv(extra: Env): Env {
  const env: Env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), LANG: 'C.UTF-8' };
  return { ...env, ...extra };
}

/** The one JSON object --json promises. */
export function onlyJson(result: Run): Record<string, unknown> {
  const lines = result.stdout.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== 1) throw new Error(`expected exactly one line of JSON on stdout, got:\n${result.stdout}`);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}
