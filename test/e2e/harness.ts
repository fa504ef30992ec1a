/**
 * End-to-end harness: the fake WeChat on loopback, the real web-mode server (`node out/main/web.js`,
 * what `npm run web` runs) pointed at it through WXCRED_API_BASE, and Debian's Chromium driven by
 * playwright-core. Everything a test touches is real except WeChat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, ensureBuilt } from '../support/build';

export const CHROMIUM = process.env.WXCRED_CHROMIUM ?? '/usr/bin/chromium';

export interface WebApp {
  url: string;
  userData: string;
  output: () => string;
  close(): Promise<void>;
}

/** Starts `node out/main/web.js` (with `args`, e.g. --demo) and waits for its one line with the URL. */
export async function startWebApp(env: Record<string, string>, args: string[] = []): Promise<WebApp> {
  await ensureBuilt();
  const userData = await mkdtemp(join(tmpdir(), 'wxcred-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['out/main/web.js', '--user-data', userData, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode printed no URL in 20 s:\n${output}`)), 20_000);
    const look = (): void => {
      const match = /wxcred web: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) => reject(new Error(`web mode exited with ${code}:\n${output}`)));
  });
  return {
    url,
    userData,
    output: () => output,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(userData, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-quic',
      '--no-first-run',
      '--disable-sync',
      // Nothing but loopback resolves: a page can never send traffic off this machine, even to
      // look up WeChat's avatar hosts (tests that need an avatar serve it with page.route).
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
}

/** Every console error and failed request the page produced, for assertions and for debugging. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { errors };
}

/** A random appid so a run never collides with real entries in the developer's keychain. */
export const randomAppid = (): string =>
  `wx${Array.from({ length: 16 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('')}`;
