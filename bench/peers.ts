/**
 * Figure 6: wxcred's token service beside the Node WeChat SDKs that do the same job (fetch an
 * access_token with appid + secret, keep it, hand it out), all against the same in-process
 * simulator on loopback. Each is given the simulator's address through the property, option
 * or configuration key its own code reads for the host, written next to each and in BENCHMARKS.md. Every peer's token is
 * checked against the simulator's own book, so a peer that quietly talked to another host (or
 * to nobody) fails the run instead of flattering it.
 */
import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WechatAPI from 'co-wechat-api';
import LegacyWechatAPI from 'wechat-api';
import EasyAccessToken from 'node-easywechat/dist/OfficialAccount/AccessToken.js';
import EasyHttpClient from 'node-easywechat/dist/Core/HttpClient/HttpClient.js';
import type CacheInterface from 'node-easywechat/dist/Core/Contracts/CacheInterface.js';
import wechatJssdk from 'wechat-jssdk';
import { FAKE_APP, type FakeWechat } from '../src/core/simulator';
import { createTokenService } from '../src/core/token/tokenService';
import { median, now, type Row } from './stats';

export interface ProcessCost {
  wallMs: number;
  cpuMs: number;
  rssKiB: number;
}

/** What index.ts already has for figure 2; passed in so both figures start processes the same way. */
export interface ProcessTools {
  measured(args: string[], env: NodeJS.ProcessEnv): Promise<ProcessCost>;
  interleaveProcesses(rounds: number, sides: Record<string, () => Promise<ProcessCost>>): Promise<Record<string, ProcessCost[]>>;
  /** The floor: node:http doing one stable_token POST. */
  nodeHttpScript: string;
}

type Target = { profileId: string; appid: string; apiBase: string; proxy: null };

interface Peer {
  name: string;
  /** Simulator paths one of its token fetches calls (wechat-jssdk fetches a ticket with every token). */
  paths: string[];
  /** A fresh client pointed at `base`, with its token kept in memory; `token()` is its cached read. */
  create(base: string): { token(): Promise<string> };
  /** An ES module for `node -e`: import the package, fetch one token from WXCRED_API_BASE, print "ok". */
  coldScript: string;
}

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => (require(`${pkg}/package.json`) as { version: string }).version;

/** node-easywechat's CacheInterface in memory (its default is a file in the working directory). */
function memoryCache(): CacheInterface {
  const items = new Map<string, { data: unknown; until: number }>();
  const get = (key: string) => {
    const item = items.get(key);
    return Promise.resolve(item && item.until > Date.now() ? item.data : null);
  };
  return {
    get,
    has: (key) => get(key).then((v) => v !== null),
    set: (key, data = null, lifetime = 0) => {
      items.set(key, { data, until: lifetime > 0 ? Date.now() + lifetime * 1000 : Infinity });
      return Promise.resolve(true);
    },
    delete: (key) => Promise.resolve(items.delete(key)),
  };
}

const CLASSIC = '/cgi-bin/token';
const TICKET = '/cgi-bin/ticket/getticket';

const PEERS: Peer[] = [
  {
    // The constructor sets `prefix` (every token URL starts with it); there is no setter.
    name: `co-wechat-api ${versionOf('co-wechat-api')}`,
    paths: [CLASSIC],
    create(base) {
      let stored: unknown = null;
      const api = new WechatAPI(FAKE_APP.appid, FAKE_APP.secret, async () => stored, async (t: unknown) => void (stored = t));
      api.prefix = `${base}/cgi-bin/`;
      return { token: async () => (await api.ensureAccessToken()).accessToken };
    },
    coldScript: `
      import WechatAPI from 'co-wechat-api';
      const api = new WechatAPI(process.env.WX_BENCH_APPID, process.env.WX_BENCH_SECRET);
      api.prefix = process.env.WXCRED_API_BASE + '/cgi-bin/';
      const token = await api.ensureAccessToken();
      console.log(token.accessToken ? 'ok' : 'fail');`,
  },
  {
    // setEndpoint(domain) always prepends https://, so the `endpoint` property it sets is set directly.
    name: `wechat-api ${versionOf('wechat-api')}`,
    paths: [CLASSIC],
    create(base) {
      let stored: unknown = null;
      const api = new LegacyWechatAPI(
        FAKE_APP.appid,
        FAKE_APP.secret,
        (cb) => cb(null, stored),
        (t, cb) => {
          stored = t;
          cb(null);
        },
      );
      api.endpoint = base;
      const token = () =>
        new Promise<string>((ok, fail) => api.getLatestToken((err, t) => (err ? fail(err) : ok(t!.accessToken))));
      return { token };
    },
    coldScript: `
      import WechatAPI from 'wechat-api';
      const api = new WechatAPI(process.env.WX_BENCH_APPID, process.env.WX_BENCH_SECRET);
      api.endpoint = process.env.WXCRED_API_BASE;
      api.getLatestToken((err, token) => console.log(!err && token.accessToken ? 'ok' : 'fail'));`,
  },
  {
    // Its package entry cannot load as installed (it requires node-socialite/dist/Core/
    // ProviderInterface, which node-socialite 1.5 dropped; npm resolves its ^1.4.1 to 1.5.3), so
    // its access-token module is used directly, with the HTTP client its application would build:
    // axios with baseURL, which is what its documented `http` option sets.
    name: `node-easywechat ${versionOf('node-easywechat')}`,
    paths: [CLASSIC],
    create(base) {
      const accessToken = new EasyAccessToken(FAKE_APP.appid, FAKE_APP.secret, undefined, memoryCache(), EasyHttpClient.create({ baseURL: `${base}/` }));
      return { token: () => accessToken.getToken() };
    },
    coldScript: `
      import AccessToken from 'node-easywechat/dist/OfficialAccount/AccessToken.js';
      import HttpClient from 'node-easywechat/dist/Core/HttpClient/HttpClient.js';
      const cache = new Map();
      // In memory: its default file cache in the working directory would skip the fetch next run.
      const memory = { get: async (k) => cache.get(k) ?? null, has: async (k) => cache.has(k), set: async (k, v) => (cache.set(k, v), true), delete: async (k) => cache.delete(k) };
      const accessToken = new AccessToken(process.env.WX_BENCH_APPID, process.env.WX_BENCH_SECRET, null, memory, HttpClient.create({ baseURL: process.env.WXCRED_API_BASE + '/' }));
      const token = await accessToken.getToken();
      console.log(token ? 'ok' : 'fail');`,
  },
  {
    // accessTokenUrl and ticketUrl are keys of its configuration (lib/config.js), which the
    // options object overrides; the README does not list them.
    name: `wechat-jssdk ${versionOf('wechat-jssdk')}`,
    paths: [CLASSIC, TICKET],
    create(base) {
      const wx = new wechatJssdk.Wechat({
        appId: FAKE_APP.appid,
        appSecret: FAKE_APP.secret,
        accessTokenUrl: `${base}/cgi-bin/token`,
        ticketUrl: `${base}/cgi-bin/ticket/getticket`,
        store: new wechatJssdk.Store({ noInterval: true }),
      });
      return { token: async () => (await wx.jssdk.prepareGlobalToken()).accessToken };
    },
    // It starts a 2-hour interval on construction, so the script exits itself once it printed.
    coldScript: `
      import wechatJssdk from 'wechat-jssdk';
      const base = process.env.WXCRED_API_BASE;
      const wx = new wechatJssdk.Wechat({ appId: process.env.WX_BENCH_APPID, appSecret: process.env.WX_BENCH_SECRET,
        accessTokenUrl: base + '/cgi-bin/token', ticketUrl: base + '/cgi-bin/ticket/getticket', store: new wechatJssdk.Store({ noInterval: true }) });
      const token = await wx.jssdk.prepareGlobalToken();
      console.log(token.accessToken ? 'ok' : 'fail');
      process.exit(0);`,
  },
];

const fmt = (n: number, digits = 2): string => n.toFixed(digits);

/** Times `fn` in batches of `size` calls: one cached read is shorter than the clock's own overhead. */
async function batchTime(fn: () => Promise<unknown>, size = 1000): Promise<number> {
  const start = now();
  for (let i = 0; i < size; i++) await fn();
  return (now() - start) / size;
}

const spread = (values: number[]): string => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${fmt(sorted[0]!, 0)}–${fmt(sorted.at(-1)!, 0)}`;
};

/** Resolves once the simulator has received no request for half a second (at most 30 s). */
async function quiet(wx: FakeWechat): Promise<void> {
  const until = now() + 30_000;
  let seen = -1;
  while (seen !== wx.requests.length && now() < until) {
    seen = wx.requests.length;
    await new Promise((ok) => setTimeout(ok, 500));
  }
}

/** Throws unless the simulator issued `token` and it is still good: proof the peer reached it. */
function assertIssued(wx: FakeWechat, name: string, token: unknown): void {
  const check = wx.tokens.check(typeof token === 'string' ? token : undefined);
  if (!check.ok) throw new Error(`${name} returned a token the simulator did not issue (${check.why})`);
}

/** 6a–6c. Concurrent fetches from empty, cached reads/s, and cold start, for wxcred and each peer. */
export async function peers(wx: FakeWechat, target: Target, tools: ProcessTools): Promise<Row[]> {
  const rows: Row[] = [];
  const tokens = createTokenService({});
  const loadSecret = async () => FAKE_APP.secret;

  // 6a. 1,000 concurrent requests from empty, one side at a time (each alone on the simulator).
  // The classic /cgi-bin/token allows 2,000 calls a day, so each side starts with a fresh quota.
  const mine = { name: 'wxcred', token: async () => (await tokens.get(target, 'stable', loadSecret)).accessToken };
  const sides = [mine, ...PEERS.map((p) => ({ name: p.name, ...p.create(wx.url) }))];
  const paths = new Map<string, string[]>([['wxcred', ['/cgi-bin/stable_token']], ...PEERS.map((p) => [p.name, p.paths] as [string, string[]])]);
  const burst: { name: string; calls: Record<string, number>; wallMs: number; failed: number }[] = [];
  for (const side of sides) {
    // Requests a peer gave up on (client timeouts) can still reach the simulator afterwards;
    // wait for it to fall quiet so they are not counted against the next side.
    await quiet(wx);
    wx.quota.reset(FAKE_APP.appid);
    wx.resetCalls();
    const start = now();
    // Peers send all 1,000 at once; on a loaded machine some connects may time out, which is
    // part of their figure, not a reason to stop the run.
    const settled = await Promise.allSettled(Array.from({ length: 1000 }, () => side.token()));
    const wallMs = now() - start;
    const failed = settled.filter((s) => s.status === 'rejected').length;
    const calls = Object.fromEntries(paths.get(side.name)!.map((p) => [p, wx.calls(p)]));
    if (Object.values(calls).every((n) => n === 0)) throw new Error(`${side.name} never reached the simulator`);
    assertIssued(wx, side.name, await side.token());
    burst.push({ name: side.name, calls, wallMs, failed });
  }
  wx.quota.reset(FAKE_APP.appid);
  const callText = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([p, n]) => `${n}${p === TICKET ? ' ticket' : ''}`)
      .join(' + ');
  const own = burst[0]!;
  const ownUpstream = own.calls['/cgi-bin/stable_token']!;
  rows.push({
    figure: '6a. 1,000 concurrent token requests, from empty',
    value: burst.map((b) => `${b.name} ${callText(b.calls)} (${fmt(b.wallMs, 0)} ms${b.failed ? `, ${b.failed} failed` : ''})`).join('; '),
    goal: 'wxcred: exactly 1 upstream call',
    met: ownUpstream === 1 && own.failed === 0,
    detail: Object.fromEntries(
      burst.flatMap((b) => [
        [`${b.name} calls`, JSON.stringify(b.calls)],
        [`${b.name} wallMs`, b.wallMs],
        [`${b.name} failed`, b.failed],
      ]),
    ),
  });

  // 6b. Cached reads: 40 rounds, one batch of 1,000 reads per side, the order rotating per round.
  for (let i = 0; i < 20_000; i++) for (const side of sides) await side.token();
  const reads = sides.map(() => [] as number[]);
  for (let round = 0; round < 40; round++) {
    for (let k = 0; k < sides.length; k++) {
      const i = (round + k) % sides.length;
      reads[i]!.push(await batchTime(sides[i]!.token));
    }
  }
  const perSec = (msPerRead: number) => 1000 / msPerRead;
  rows.push({
    figure: '6b. cached reads/s (interleaved batches)',
    value: sides.map((s, i) => `${s.name} ${fmt(perSec(median(reads[i]!)) / 1e6)} M/s`).join('; '),
    goal: '— (side by side)',
    met: null,
    detail: Object.fromEntries(
      sides.flatMap((s, i) => {
        const rates = reads[i]!.map(perSec);
        return [
          [`${s.name} perSec`, perSec(median(reads[i]!))],
          [`${s.name} perSec min`, Math.min(...rates)],
          [`${s.name} perSec max`, Math.max(...rates)],
        ];
      }),
    ),
  });
  await tokens.close();

  // 6c. Cold start: a fresh process that loads the library and fetches one token, beside
  // `wxcred check` (the same job from the command line) and the node:http floor.
  const userData = await mkdtemp(join(tmpdir(), 'wxcred-bench-peers-'));
  const env = { ...process.env, WXCRED_API_BASE: wx.url, WX_BENCH_APPID: FAKE_APP.appid, WX_BENCH_SECRET: FAKE_APP.secret, WXCRED_USER_DATA: userData };
  /** One process run, and proof it reached the simulator. */
  const counted = (name: string, args: string[], countedPaths: string[]) => async () => {
    wx.quota.reset(FAKE_APP.appid);
    const before = countedPaths.map((p) => wx.calls(p));
    const cost = await tools.measured(args, env);
    if (countedPaths.every((p, i) => wx.calls(p) === before[i])) throw new Error(`${name}: the cold process made no call to the simulator`);
    return cost;
  };
  const cold: Record<string, () => Promise<ProcessCost>> = {
    'node:http': counted('node:http', ['--input-type=module', '-e', tools.nodeHttpScript], ['/cgi-bin/stable_token']),
    'wxcred check': counted('wxcred check', ['bin/wxcred.js', 'check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_BENCH_SECRET', '--json'], ['/cgi-bin/stable_token']),
    ...Object.fromEntries(PEERS.map((p) => [p.name, counted(p.name, ['--input-type=module', '-e', p.coldScript], p.paths)])),
  };
  try {
    const res = await tools.interleaveProcesses(7, cold);
    const m = (name: string, key: keyof ProcessCost) => median(res[name]!.map((c) => c[key]));
    const floorWall = m('node:http', 'wallMs');
    const floorCpu = m('node:http', 'cpuMs');
    rows.push({
      figure: '6c. cold start: import + one token, fresh process (vs node:http)',
      value: Object.keys(cold)
        .map((n) => `${n} ${n === 'node:http' ? '' : `${fmt(m(n, 'wallMs') / floorWall)}× `}${fmt(m(n, 'wallMs'), 0)} ms [${spread(res[n]!.map((c) => c.wallMs))}], CPU ${fmt(m(n, 'cpuMs'), 0)} ms, ${fmt(m(n, 'rssKiB') / 1024, 1)} MiB`)
        .join('; '),
      goal: '— (side by side with 2a/2b)',
      met: null,
      detail: Object.fromEntries(
        Object.keys(cold).flatMap((n) => [
          [`${n} wallMs`, m(n, 'wallMs')],
          [`${n} wallRatio`, m(n, 'wallMs') / floorWall],
          [`${n} cpuMs`, m(n, 'cpuMs')],
          [`${n} cpuRatio`, m(n, 'cpuMs') / floorCpu],
          [`${n} rssMiB`, m(n, 'rssKiB') / 1024],
        ]),
      ),
    });
  } finally {
    await rm(userData, { recursive: true, force: true });
  }
  return rows;
}
