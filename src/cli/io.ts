/**
 * What the CLI needs from its process, passed in so tests can run commands without spawning.
 */
import { homedir } from 'node:os';
import type { Env } from '../core/wechat/route';

export interface Io {
  /** One line (or block) of human output or the single JSON object. */
  stdout(text: string): void;
  /** Warnings, hints and usage errors. */
  stderr(text: string): void;
  /** All of stdin as UTF-8, or null when it holds more than maxBytes (reading stops there). */
  readStdin(maxBytes: number): Promise<string | null>;
  stdinIsTTY: boolean;
  env: Env;
  homedir: string;
  platform: NodeJS.Platform;
  version: string;
  /** Resolves at the first SIGINT or SIGTERM, for commands that serve until stopped. */
  untilInterrupted?: () => Promise<void>;
}

async function readAll(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > maxBytes) return null;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function processIo(version: string): Io {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    readStdin: (maxBytes) => readAll(process.stdin, maxBytes),
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    homedir: homedir(),
    platform: process.platform,
    version,
    untilInterrupted: () =>
      new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      }),
  };
}
