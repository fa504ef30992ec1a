/**
 * What the CLI needs from its process, passed in so tests can run commands without spawning.
 */
import { homedir } from 'node:os';
import type { Env } from '../main/apiBase';

export interface Io {
  /** One line (or block) of human output or the single JSON object. */
  stdout(text: string): void;
  /** Warnings, hints and usage errors. */
  stderr(text: string): void;
  readStdin(): Promise<string>;
  stdinIsTTY: boolean;
  env: Env;
  homedir: string;
  platform: NodeJS.Platform;
  version: string;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export function processIo(version: string): Io {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    readStdin: () => readAll(process.stdin),
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    homedir: homedir(),
    platform: process.platform,
    version,
  };
}
