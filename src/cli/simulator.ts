/**
 * `wxcred simulator`: the built-in WeChat simulator on its own, for a developer's own server code
 * or SDK tests. It prints one line with its URL, then the demo apps and their (fake) secrets, and
 * serves until interrupted. 127.0.0.1 only: it is a test double, not a service.
 */
import { usageError } from './args';
import type { Command, CommandContext, Report } from './commands';

const json = { type: 'boolean', help: 'print exactly one JSON object on stdout: { "ok": true, "url": ..., "apps": [...] }' } as const;

async function runSimulator(ctx: CommandContext): Promise<Report> {
  const raw = ctx.values.port;
  const port = raw === undefined ? 0 : Number(raw);
  if (typeof raw === 'boolean' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw usageError(`--port must be a whole number from 0 to 65535, got ${String(raw)}`, 'e.g. wxcred simulator --port 8765 (0 picks a free port)');
  }
  const { startFakeWechat, DEMO_APPS } = await import('../core/simulator/index');
  let sim;
  try {
    sim = await startFakeWechat({ apps: [], demo: true, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? `127.0.0.1:${port} is already in use; pick another --port (0 picks a free one)` : `cannot listen on 127.0.0.1:${port} (${code ?? 'error'})`;
    return { ok: false, error: { kind: 'network', reason: 'refused', message } };
  }
  // Listening for Ctrl-C before printing: whoever reads the URL may stop us at once.
  const stopped = ctx.io.untilInterrupted?.() ?? new Promise<void>(() => undefined);
  const apps = DEMO_APPS.map(({ appid, kind, label, secret, shows, situation }) => ({ appid, kind, label, secret, shows: shows.en, situation: situation?.kind ?? null }));
  if (ctx.values.json) {
    ctx.io.stdout(JSON.stringify({ ok: true, url: sim.url, secretsAreFake: true, apps }));
  } else {
    const width = Math.max(...apps.map((a) => a.secret.length));
    ctx.io.stdout(
      [
        `wxcred simulator: ${sim.url}`,
        '',
        'Demo apps (the secrets are fake: they work only here, and say so):',
        ...apps.map((a) => `  ${a.appid}  ${a.secret.padEnd(width)}  ${a.shows}`),
        '',
        `Point your code at it: use ${sim.url} where it says https://api.weixin.qq.com (and open.weixin.qq.com for authorize pages).`,
        'Ctrl-C stops it.',
      ].join('\n'),
    );
  }
  await stopped;
  await sim.close();
  return { ok: true, data: {}, lines: [], printed: true };
}

export const simulatorCommand: Command = {
  name: 'simulator',
  summary: 'run the built-in WeChat simulator with its demo apps on 127.0.0.1',
  synopsis: ['wxcred simulator [--port N] [--json]'],
  description: [
    'Serves WeChat\'s API (token, stable_token, 网页授权 with clickable authorize pages, jscode2session,',
    'phone number, user/info, quota, rid, getticket, …) with WeChat\'s reply formats and errcodes, for',
    'testing your own server code or SDK without a WeChat account. Prints one line with its URL, then',
    'the demo apps: each a fixed appid and a fake secret, showing one real situation (40164, 61004, -1,',
    '45009, an HTML 502, 40125, …). Binds 127.0.0.1 only; runs until Ctrl-C.',
  ],
  options: {
    port: { type: 'string', value: 'N', help: 'listen on this port (default 0: a free one)' },
    json,
    help: { type: 'boolean', short: 'h', help: 'show this help' },
  },
  examples: ['wxcred simulator', 'wxcred simulator --port 8765', 'WXCRED_API_BASE=http://127.0.0.1:8765 wxcred check --appid wx0000de0000000001 --secret-env SIM_SECRET'],
  run: runSimulator,
};
