/**
 * `npm run bench`: what makes wxcred fast, measured side by side in one run against the loopback
 * fake WeChat, printed as ratios with their goals. `--json` prints one JSON object instead.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { build } from 'vite';
import react from '@vitejs/plugin-react';
import WechatAPI from 'co-wechat-api';
import { startFakeWechat, FAKE_APP } from '../src/core/simulator';
import { createEphemeralSecretStore } from '../src/core/store/memoryStores';
import { createProfileStore } from '../src/core/store/profileStore';
import { dispatch } from '../src/core/dispatch';
import { createServices } from '../src/core/services';
import { createRequestLog } from '../src/core/log/requestLog';
import { createTokenService } from '../src/core/token/tokenService';
import { createWechatClient } from '../src/core/wechat/client';
import { createWechatApi } from '../src/core/wechat/endpoints';
import { allErrcodes, searchErrcodes } from '../src/core/errcodes';
import { interleave, median, now, timeOnce } from './stats';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

interface Row {
  figure: string;
  value: string;
  goal: string;
  met: boolean | null;
  detail: Record<string, number | string>;
}

const rows: Row[] = [];
const fmt = (n: number, digits = 2): string => n.toFixed(digits);

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const wx = await startFakeWechat();
  const env = { WXCRED_API_BASE: wx.url };
  const target = { profileId: 'bench', appid: FAKE_APP.appid, apiBase: wx.url, proxy: null };
  // `--only 2,4` runs just those figures (for profiling one of them).
  const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const only = onlyArg ? new Set(onlyArg.split(',').map(Number)) : null;
  const figures: [number, () => Promise<void> | void][] = [
    [1, () => cachedVsUncached(env)],
    [2, () => clientVsBareUndici(wx.url, target)],
    [3, () => concurrency(wx, target)],
    [4, () => cliVsBareScript(wx.url)],
    [5, () => bundleVsHelloWorld()],
    [6, () => errcodeSearch()],
    [7, () => requestLogMemory()],
  ];
  try {
    for (const [n, figure] of figures) if (!only || only.has(n)) await figure();
  } finally {
    await wx.close();
  }
  const machine = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memGiB: Math.round(totalmem() / 2 ** 30) };
  if (json) {
    console.log(JSON.stringify({ machine, at: new Date().toISOString(), rows }));
    return;
  }
  console.log(`wxcred bench — ${machine.cpu}, ${machine.cores} cores, ${machine.memGiB} GiB, Node ${machine.node}\n`);
  const width = Math.max(...rows.map((r) => r.figure.length));
  for (const row of rows) {
    const mark = row.met === null ? ' ' : row.met ? '✓' : '✗';
    console.log(`${mark} ${row.figure.padEnd(width)}  ${row.value.padEnd(26)} goal ${row.goal}`);
  }
  const missed = rows.filter((r) => r.met === false);
  console.log(`\n${rows.length - missed.length} of ${rows.length} figures meet their goals.`);
}

/** 1. A cached token read through createHandlers (and dispatch, as IPC does) vs an uncached fetch. */
async function cachedVsUncached(env: Record<string, string>): Promise<void> {
  // The app's own file-backed profile store (in a temp folder); only the secret store is in memory.
  const userData = await mkdtemp(join(tmpdir(), 'wxcred-bench-'));
  const profiles = createProfileStore({ dir: userData });
  const secrets = createEphemeralSecretStore();
  // Counts and settings in memory, as before: no file write may land inside the timed reads.
  const services = createServices({ host: 'test', userDataDir: null, env, version: 'bench', mode: 'cli', profiles, secrets });
  const { handlers } = services;
  const profile = await profiles.save({
    label: 'bench',
    appid: FAKE_APP.appid,
    kind: 'official-account',
    domain: 'api',
    customBase: null,
    proxy: null,
    autoRefresh: false,
  });
  await secrets.set(FAKE_APP.appid, FAKE_APP.secret);
  const request = { profileId: profile.id, lane: 'stable' } as const;
  // The figure is the handler itself (what every host calls); dispatch's validation is shown beside it.
  const read = () => handlers.getToken({ ...request, confirmInvalidate: false });
  const viaDispatch = async () => {
    const outcome = await dispatch(handlers, 'getToken', request);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.error));
  };
  await read();
  for (let i = 0; i < 20_000; i++) await read(); // warm the JIT
  // A cached read takes about a microsecond, less than timing one call costs: time batches of
  // 1,000 and divide, so the clock's own overhead does not count as the read's.
  const perRead = async (fn: () => Promise<unknown>): Promise<number[]> => {
    const samples: number[] = [];
    for (let batch = 0; batch < 60; batch++) {
      const start = now();
      for (let i = 0; i < 1000; i++) await fn();
      samples.push((now() - start) / 1000);
    }
    return samples;
  };
  const cached = await perRead(read);
  const dispatched = await perRead(viaDispatch);
  const uncached: number[] = [];
  for (let i = 0; i < 300; i++) {
    services.tokens.forget();
    uncached.push(await timeOnce(read));
  }
  const ratio = median(uncached) / median(cached);
  rows.push({
    figure: '1. cached vs uncached token read',
    value: `${fmt(ratio, 0)}× faster (${fmt(median(cached) * 1000, 1)} µs)`,
    goal: '≥ 200×',
    met: ratio >= 200,
    detail: {
      cachedMedianUs: median(cached) * 1000,
      viaDispatchMedianUs: median(dispatched) * 1000,
      uncachedMedianMs: median(uncached),
      ratio,
    },
  });
  await services.close();
  await rm(userData, { recursive: true, force: true });
}

/** 2. One uncached fetch through wxcred's client (timeouts, validation, redaction, log) vs bare undici. */
async function clientVsBareUndici(base: string, target: { profileId: string; appid: string; apiBase: string; proxy: null }): Promise<void> {
  const client = createWechatClient({ log: createRequestLog() });
  const api = createWechatApi(client);
  const viaClient = () => api.fetchStableToken(target, FAKE_APP.secret, false);
  // The bare call does the same work a caller must: build the JSON body, send, parse the answer.
  const bare = async () => {
    const body = JSON.stringify({ grant_type: 'client_credential', appid: FAKE_APP.appid, secret: FAKE_APP.secret, force_refresh: false });
    const res = await request(`${base}/cgi-bin/stable_token`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const parsed = JSON.parse(await res.body.text()) as { access_token?: string };
    if (!parsed.access_token) throw new Error('no token');
  };
  for (let i = 0; i < 200; i++) {
    await viaClient();
    await bare();
  }
  const { a, b } = await interleave(1000, viaClient, bare);
  const ratio = median(a) / median(b);
  rows.push({
    figure: '2. wxcred client vs bare undici',
    value: `${fmt(ratio)}× (${fmt(median(a) * 1000, 0)} vs ${fmt(median(b) * 1000, 0)} µs)`,
    goal: '≤ 1.10×',
    met: ratio <= 1.1,
    detail: { clientMedianUs: median(a) * 1000, bareMedianUs: median(b) * 1000, ratio },
  });
  await client.close();
}

/** 3. 1,000 concurrent token requests for one app: upstream calls and wall time, vs co-wechat-api. */
async function concurrency(
  wx: Awaited<ReturnType<typeof startFakeWechat>>,
  target: { profileId: string; appid: string; apiBase: string; proxy: null },
): Promise<void> {
  const tokens = createTokenService({});
  wx.resetCalls();
  const start = now();
  await Promise.all(Array.from({ length: 1000 }, () => tokens.get(target, 'stable', async () => FAKE_APP.secret)));
  const wall = now() - start;
  const upstream = wx.calls('/cgi-bin/stable_token');
  await tokens.close();

  // co-wechat-api (the async version of wechat-api) keeps its token through get/save callbacks;
  // its URL prefix is a plain property, so it can be pointed at the fake.
  let stored: unknown = null;
  const peer = new WechatAPI(
    FAKE_APP.appid,
    FAKE_APP.secret,
    async () => stored,
    async (token: unknown) => {
      stored = token;
    },
  );
  peer.prefix = `${wx.url}/cgi-bin/`;
  wx.resetCalls();
  const peerStart = now();
  await Promise.all(Array.from({ length: 1000 }, () => peer.ensureAccessToken()));
  const peerWall = now() - peerStart;
  const peerUpstream = wx.calls('/cgi-bin/token');
  rows.push({
    figure: '3. 1,000 concurrent token requests',
    value: `${upstream} upstream call, ${fmt(wall, 1)} ms`,
    goal: 'exactly 1',
    met: upstream === 1,
    detail: { upstream, wallMs: wall, peer: 'co-wechat-api 3.11 (prefix → fake)', peerUpstream, peerWallMs: peerWall },
  });
  rows.push({
    figure: '   co-wechat-api, same 1,000',
    value: `${peerUpstream} upstream calls, ${fmt(peerWall, 1)} ms`,
    goal: '(side by side)',
    met: null,
    detail: { peerUpstream, peerWallMs: peerWall },
  });
}

/** 4. `wxcred check` wall time vs a bare Node script doing the same request. */
async function cliVsBareScript(base: string): Promise<void> {
  // A throwaway user-data folder: the CLI keeps its token counts there, as a real run does.
  const userData = await mkdtemp(join(tmpdir(), 'wxcred-bench-cli-'));
  const childEnv = { ...process.env, WXCRED_API_BASE: base, WX_BENCH_SECRET: FAKE_APP.secret, WXCRED_USER_DATA: userData };
  const cli = () =>
    run(process.execPath, ['bin/wxcred.js', 'check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_BENCH_SECRET', '--json'], {
      cwd: ROOT,
      env: childEnv,
    });
  const script = `
    const res = await fetch(process.env.WXCRED_API_BASE + '/cgi-bin/stable_token', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credential', appid: '${FAKE_APP.appid}', secret: process.env.WX_BENCH_SECRET, force_refresh: false }),
    });
    const body = await res.json();
    console.log(body.access_token ? 'ok' : 'fail');`;
  const bare = () => run(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env: childEnv });
  await cli();
  await bare();
  const { a, b } = await interleave(9, cli, bare);
  const ratio = median(a) / median(b);
  rows.push({
    figure: '4. wxcred check vs bare node script',
    value: `${fmt(ratio)}× (${fmt(median(a), 0)} vs ${fmt(median(b), 0)} ms)`,
    goal: '≤ 1.5×',
    met: ratio <= 1.5,
    detail: { cliMedianMs: median(a), bareMedianMs: median(b), ratio },
  });
  await rm(userData, { recursive: true, force: true });
}

async function gzipOfJs(dir: string): Promise<number> {
  let total = 0;
  for (const file of await readdir(dir)) {
    if (file.endsWith('.js')) total += gzipSync(await readFile(join(dir, file)), { level: 9 }).length;
  }
  return total;
}

/** 5. The built renderer's JS vs a React + react-query hello world built the same way. */
async function bundleVsHelloWorld(): Promise<void> {
  const app = await gzipOfJs(join(ROOT, 'out/renderer/assets'));
  const dir = await mkdtemp(join(ROOT, 'out', 'bench-hello-'));
  try {
    await writeFile(join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="./main.tsx"></script>');
    await writeFile(
      join(dir, 'main.tsx'),
      `import { createRoot } from 'react-dom/client';
       import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
       function Hello() {
         const q = useQuery({ queryKey: ['hello'], queryFn: async () => 'hello' });
         return <p>{q.data ?? '…'}</p>;
       }
       createRoot(document.getElementById('root')!).render(
         <QueryClientProvider client={new QueryClient()}><Hello /></QueryClientProvider>,
       );`,
    );
    await build({
      root: dir,
      configFile: false,
      logLevel: 'silent',
      plugins: [react()],
      build: { outDir: join(dir, 'dist'), minify: true, emptyOutDir: true },
    });
    const hello = await gzipOfJs(join(dir, 'dist/assets'));
    const ratio = app / hello;
    rows.push({
      figure: '5. renderer bundle vs hello world',
      value: `${fmt(ratio)}× (${fmt(app / 1024, 1)} vs ${fmt(hello / 1024, 1)} KiB gz)`,
      goal: '≤ 1.8×',
      met: ratio <= 1.8,
      detail: { appGzipBytes: app, helloGzipBytes: hello, ratio },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** 6. Errcode search over the whole table, per keystroke. */
function errcodeSearch(): void {
  const typed = ['40164', 'whitelist', '白名单', 'invalid ip', 'access_token', 'quota', 'secret', '不合法', 'js_code', 'rid'];
  const queries = typed.flatMap((word) => Array.from(word, (_, i) => word.slice(0, i + 1)));
  for (let i = 0; i < 20; i++) for (const q of queries) searchErrcodes(q);
  // Each query's time is its median over 21 rounds (a lone GC pause is not the query's cost);
  // the figure is the median query and the worst query.
  const samples = new Map<string, number[]>(queries.map((q) => [q, []]));
  for (let round = 0; round < 21; round++) {
    for (const q of queries) {
      const start = now();
      searchErrcodes(q);
      samples.get(q)!.push(now() - start);
    }
  }
  const perQuery = [...samples.entries()].map(([q, times]) => ({ q, ms: median(times) }));
  const med = median(perQuery.map((p) => p.ms));
  const worstQuery = perQuery.reduce((a, b) => (b.ms > a.ms ? b : a));
  const worst = worstQuery.ms;
  rows.push({
    figure: '6. errcode search per keystroke',
    value: `median ${fmt(med * 1000, 0)} µs, worst ${fmt(worst * 1000, 0)} µs ("${worstQuery.q}")`,
    goal: '≤ 1 ms',
    met: worst <= 1,
    detail: { medianUs: med * 1000, worstMs: worst, worstQuery: worstQuery.q, queries: queries.length, tableSize: allErrcodes().length },
  });
}

/** 7. Request log memory after 10,000 recorded calls vs after 1,000: flat, because the log is bounded. */
function requestLogMemory(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  let log = createRequestLog();
  const record = (i: number) =>
    log.record({
      appid: FAKE_APP.appid,
      endpoint: '/cgi-bin/stable_token',
      method: 'POST',
      url: `https://api.weixin.qq.com/cgi-bin/stable_token?n=${i}`,
      requestBody: { grant_type: 'client_credential', appid: FAKE_APP.appid, secret: FAKE_APP.secret, force_refresh: false },
      status: 200,
      durationMs: 12,
      route: { kind: 'direct' },
      response: { access_token: `${'A'.repeat(120)}${i}`, expires_in: 7200 },
      errcode: null,
    });
  // What a log holds is measured as the heap with it minus the heap once it is dropped (after
  // full GCs), so garbage and compiled code elsewhere in the process cancel out.
  const settle = () => {
    for (let i = 0; i < 3; i++) gc();
    return process.memoryUsage().heapUsed;
  };
  let kept = 0;
  const retainedAfter = (calls: number): number => {
    log = createRequestLog();
    for (let i = 0; i < calls; i++) record(i);
    kept = log.size;
    const withLog = settle();
    log = createRequestLog();
    return withLog - settle();
  };
  retainedAfter(5000); // warm-up: compile record() before measuring
  const after1k = median([retainedAfter(1000), retainedAfter(1000), retainedAfter(1000)]);
  const after10k = median([retainedAfter(10_000), retainedAfter(10_000), retainedAfter(10_000)]);
  const ratio = after10k / after1k;
  rows.push({
    figure: '7. request log memory, 10k vs 1k calls',
    value: `${fmt(ratio)}× (${fmt(after10k / 1024, 0)} vs ${fmt(after1k / 1024, 0)} KiB)`,
    goal: 'flat (≤ 1.2×)',
    met: ratio <= 1.2,
    detail: { after1kBytes: after1k, after10kBytes: after10k, entriesKept: kept, ratio },
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
