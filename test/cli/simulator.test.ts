/**
 * `wxcred simulator` as a developer runs it: the built CLI in its own process, serving the demo
 * apps to any HTTP client until it is stopped.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, ensureBuilt, wxcred } from './support';

beforeAll(() => ensureBuilt(), 180_000);

/** Starts the simulator, waits for `lines` lines (or the JSON object), returns them and a stopper. */
function serve(args: string[]): Promise<{ out: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'simulator', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no output in 20 s: ${out}`)), 20_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (!/Ctrl-C stops it\.\n|^\{.*\}\n/s.test(out)) return;
      clearTimeout(timer);
      resolve({
        out,
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGINT');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

describe('wxcred simulator', () => {
  it('prints its URL on the first line, then the demo apps and their fake secrets, and serves them', async () => {
    const sim = await serve([]);
    const [first, ...rest] = sim.out.split('\n');
    const url = /^wxcred simulator: (http:\/\/127\.0\.0\.1:\d+)$/.exec(first ?? '')?.[1];
    expect(url).toBeDefined();
    expect(rest.join('\n')).toMatch(/^ {2}wx0000de0000000005 {2}FAKE-SIMULATOR-SECRET-05-not-a-real-appsecret {2}40164/m);
    const reply = await fetch(`${url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid: 'wx0000de0000000001', secret: 'FAKE-SIMULATOR-SECRET-01-not-a-real-appsecret' }),
    });
    expect(await reply.json()).toMatchObject({ access_token: expect.any(String), expires_in: 7200 });
    expect(await sim.stop()).toBe(0);
  });

  it('--json prints exactly one JSON object', async () => {
    const sim = await serve(['--json']);
    const lines = sim.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const parsed = JSON.parse(lines[0]!) as { ok: boolean; url: string; apps: { appid: string; secret: string }[] };
    expect(parsed.ok).toBe(true);
    expect(parsed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(parsed.apps).toHaveLength(12);
    expect(await sim.stop()).toBe(0);
  });

  it('a bad --port is a usage error (exit 2); a port in use is a network error (exit 3)', async () => {
    expect((await wxcred(['simulator', '--port', 'eighty'], { env: { PATH: process.env.PATH } })).code).toBe(2);
    const sim = await serve([]);
    const port = /:(\d+)\n/.exec(sim.out)![1]!;
    const taken = await wxcred(['simulator', '--port', port], { env: { PATH: process.env.PATH } });
    expect(taken.code).toBe(3);
    expect(taken.stdout).toMatch(/already in use/);
    await sim.stop();
  });
});
