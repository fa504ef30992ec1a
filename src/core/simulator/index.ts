/**
 * The WeChat simulator: a real HTTP server on 127.0.0.1 that speaks WeChat's request and reply
 * formats for every endpoint wxcred calls, counts and records every request, and can be switched
 * into the failures a real network and a real WeChat produce. The product serves it (`wxcred
 * simulator`, `npm run demo`, profiles on the "simulator" domain) and the tests drive it.
 * Endpoints come in groups, one file each (routes.ts, account.ts, oauth.ts, ticket.ts,
 * authorize.ts); a new group is one more entry in `routeGroups`.
 *
 *   const wx = await startFakeWechat();
 *   wx.scenario.ipNotWhitelisted('1.2.3.4', '/cgi-bin/token');
 *   ... call wx.url ...
 *   expect(wx.calls('/cgi-bin/token')).toBe(1);
 *   await wx.close();
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAccountFake, type AccountFake } from './account';
import { createTicketFake, type TicketFake } from './jssdk';
import { RawReply, type FakeContext, type FakeOptions, type FakeRequest, type RouteHandler, type RouteMethod } from './context';
import { Scenario, type Fault } from './faults';
import { authorizeRoutes } from './authorize';
import { DEMO_APPS } from './demo';
import { probeRoutes } from './probes';
import { builtinRoutes, type RouteDef } from './routes';
import { installOAuthFake, type OAuthFakeHelpers } from './oauth';
import { createSituationDesk, html502 } from './situations';
import { AppBook, QuotaBook, TokenBook, type FakeApp, type IssuedToken, type Situation, type TokenFamily } from './state';
import { errmsgs, ipNotWhitelisted, wxError, type ErrmsgForm } from './wxerrors';

export { RawReply, Scenario };
export { authed, callbackIps } from './routes';
export { GRACE_MS, TOKEN_LIFETIME_S } from './state';
export { errmsgForms, errmsgs, rid, withRequestId, wxError } from './wxerrors';
export { DEMO_APPS, demoApp, type DemoApp } from './demo';
export type { ErrmsgForm, Fault, FakeApp, FakeContext, FakeRequest, IssuedToken, RouteHandler, Situation, TokenFamily };

/** Apps every fake knows unless told otherwise. Secrets are fake and meant to be searched for in logs. */
export const FAKE_APP = { appid: 'wx0123456789abcdef', secret: 'FAKE-SECRET-0123456789abcdef', kind: 'official-account' } as const;
export const FAKE_TEST_APP = { appid: 'wxfedcba9876543210', secret: 'FAKE-TEST-SECRET-fedcba987654', kind: 'test-account' } as const;

export type RecordedRequest = FakeRequest;

export interface StartOptions {
  apps?: FakeApp[];
  /** Also serve the demo apps (demo.ts), each in its situation. */
  demo?: boolean;
  clock?: () => number;
  /** 0 (default) picks a free port. Always on 127.0.0.1. */
  port?: number;
  forceRefreshTooSoon?: FakeOptions['forceRefreshTooSoon'];
  errmsgForm?: ErrmsgForm;
  snsRid?: FakeOptions['snsRid'];
}

export interface FakeWechat extends OAuthFakeHelpers {
  /** Base URL, e.g. http://127.0.0.1:40123 (use as an AppTarget's apiBase). */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Requests received for one path, or a map path → count. */
  calls(path: string): number;
  calls(): Record<string, number>;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Requests whose client closed the connection before the answer was complete (a timeout, a cancel), oldest first. */
  hungUp: RecordedRequest[];
  scenario: Scenario;
  apps: AppBook;
  tokens: TokenBook;
  quota: QuotaBook;
  options: FakeOptions;
  /** Add or replace an endpoint. */
  route(method: RouteMethod, path: string, handler: RouteHandler): void;
  /** Mint a token directly, as if the app had fetched one (rotating the previous one). */
  issueToken(appid: string, family?: TokenFamily): IssuedToken;
  /** Account endpoints' state: remembered rids, clear_quota use this month. */
  account: AccountFake;
  /** JS-SDK tickets the fake issued; `issue` rotates one as WeChat does at expiry. */
  tickets: TicketFake;
  /** Forget recorded requests and counts (not tokens or quotas). */
  resetCalls(): void;
}

const JSON_TYPE = 'application/json; encoding=utf-8';

/**
 * A valid JSON document of about `bytes` bytes, sent chunked (no Content-Length) so a client
 * can only protect itself by counting while it reads. Stops early if the client hangs up.
 */
async function streamOversize(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { 'content-type': JSON_TYPE });
  res.write('{"access_token":"86_oversize_token_padding_padding","expires_in":7200,"padding":"');
  const chunk = 'x'.repeat(64 * 1024);
  for (let sent = 0; sent < bytes && !res.destroyed; sent += chunk.length) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  if (!res.destroyed) res.end('"}');
}

/** A reply's JSON document (also inside a RawReply, as jscode2session sends it), for rid bookkeeping. */
function jsonOf(result: unknown): unknown {
  if (!(result instanceof RawReply)) return result;
  const text = result.body.toString();
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startFakeWechat(opts: StartOptions = {}): Promise<FakeWechat> {
  const now = opts.clock ?? Date.now;
  const apps = new AppBook([...(opts.apps ?? [FAKE_APP, FAKE_TEST_APP]), ...(opts.demo ? DEMO_APPS : [])]);
  const tokens = new TokenBook(now);
  const quota = new QuotaBook(now);
  const options: FakeOptions = {
    forceRefreshTooSoon: opts.forceRefreshTooSoon ?? 'unchanged',
    errmsgForm: opts.errmsgForm ?? 'rid',
    snsRid: opts.snsRid ?? 76022,
  };
  const scenario = new Scenario();
  const routes = new Map<string, Map<RouteMethod, RouteHandler>>();
  const requests: RecordedRequest[] = [];
  const hungUp: RecordedRequest[] = [];
  let counts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  /** Connections the fake itself drops on close are not the client hanging up. */
  let closing = false;

  const ctx: FakeContext = {
    now,
    apps,
    tokens,
    quota,
    options,
    error: (errcode, message, form) => wxError(errcode, message, now(), form ?? options.errmsgForm),
    tokenError(check) {
      switch (check.why) {
        case 'missing':
          return ctx.error(41001, errmsgs.accessTokenMissing);
        case 'malformed':
          return ctx.error(40014, errmsgs.invalidAccessToken);
        case 'expired':
          return ctx.error(42001, errmsgs.accessTokenExpired);
        default:
          return ctx.error(40001, errmsgs.staleToken);
      }
    },
  };

  const route = (method: RouteMethod, path: string, handler: RouteHandler) => {
    const byMethod = routes.get(path) ?? new Map<RouteMethod, RouteHandler>();
    byMethod.set(method, handler);
    routes.set(path, byMethod);
  };
  const account = createAccountFake(ctx);
  const ticketFake = createTicketFake(ctx);
  const oauth = installOAuthFake(route, ctx);
  const routeGroups: (readonly RouteDef[])[] = [builtinRoutes, probeRoutes, account.routes, ticketFake.routes, authorizeRoutes(oauth)];
  for (const group of routeGroups) for (const def of group) route(def.method, def.path, def.handler);
  const situations = createSituationDesk(ctx);

  /** Which registered app a request is for: its appid, else its access_token's, else its user token's. */
  function appOf(req: FakeRequest): ReturnType<AppBook['get']> {
    const fromBody = typeof req.body === 'object' && req.body !== null ? (req.body as { appid?: unknown }).appid : undefined;
    const appid = req.query.appid ?? (typeof fromBody === 'string' ? fromBody : undefined);
    if (appid) return apps.get(appid);
    const token = req.query.access_token;
    if (!token) return undefined;
    const check = tokens.check(token);
    const owner = check.ok ? check.token.appid : oauth.appOfUserToken(token);
    return owner ? apps.get(owner) : undefined;
  }

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  function dispatch(req: FakeRequest, faults: Fault[]): unknown {
    const find = <K extends Fault['kind']>(kind: K) => faults.find((f): f is Extract<Fault, { kind: K }> => f.kind === kind);
    if (find('html502')) return new RawReply(502, 'text/html', html502);
    if (find('notJson')) return new RawReply(200, 'text/plain; charset=utf-8', 'Service temporarily unavailable, please retry.');
    if (find('truncatedJson')) return new RawReply(200, JSON_TYPE, '{"access_token":"86_AbCdEfGhIjKlMnOpQrStUv","expi');
    const ip = find('ipNotWhitelisted');
    if (ip) return ipNotWhitelisted(ip.ip, now());
    if (find('quota45009')) return ctx.error(45009, errmsgs.dailyQuota);
    if (find('minuteQuota45011')) return ctx.error(45011, errmsgs.minuteQuota);
    if (find('busy')) return ctx.error(-1, errmsgs.systemError);

    const app = appOf(req);
    if (app?.situation) {
      const answer = situations.answer(req, { ...app, situation: app.situation });
      if (answer !== undefined) return answer;
    }

    const byMethod = routes.get(req.path);
    if (!byMethod) return new RawReply(404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
    const handler = byMethod.get(req.method as RouteMethod);
    if (!handler) return ctx.error(req.method === 'GET' ? 43002 : 43001, req.method === 'GET' ? errmsgs.requirePost : errmsgs.requireGet);
    return handler(req, ctx);
  }

  async function handle(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const req: FakeRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      rawBody,
      headers: incoming.headers,
      at: now(),
    };
    requests.push(req);
    counts.set(req.path, (counts.get(req.path) ?? 0) + 1);

    const faults = scenario.take(req.path);
    if (faults.some((f) => f.kind === 'reset')) {
      incoming.socket.destroy();
      return;
    }
    res.once('close', () => {
      if (!res.writableFinished && !closing) hungUp.push(req);
    });
    if (faults.some((f) => f.kind === 'hang')) {
      if (!res.destroyed) await new Promise<void>((resolve) => res.once('close', resolve));
      return;
    }
    const slowHeaders = faults.find((f) => f.kind === 'slowHeaders');
    if (slowHeaders) await delay(slowHeaders.ms);
    const oversize = faults.find((f) => f.kind === 'oversize');
    if (oversize) {
      await streamOversize(res, oversize.bytes);
      return;
    }

    const result = await dispatch(req, faults);
    account.observe(req, jsonOf(result), incoming.socket.remoteAddress ?? '127.0.0.1');
    const reply = result instanceof RawReply ? result : new RawReply(200, JSON_TYPE, JSON.stringify(result));
    const bytes = Buffer.from(reply.body);
    if (res.destroyed) return;
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'content-length': bytes.length, ...reply.headers });
    const slowBody = faults.find((f) => f.kind === 'slowBody');
    if (slowBody && bytes.length > 1) {
      const half = Math.floor(bytes.length / 2);
      res.write(bytes.subarray(0, half));
      await delay(slowBody.ms);
      if (!res.destroyed) res.end(bytes.subarray(half));
      return;
    }
    res.end(bytes);
  }

  const server = createServer((incoming, res) => {
    handle(incoming, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake-wechat handler crashed: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  function calls(path: string): number;
  function calls(): Record<string, number>;
  function calls(path?: string): number | Record<string, number> {
    return path === undefined ? Object.fromEntries(counts) : (counts.get(path) ?? 0);
  }

  return {
    ...oauth,
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    requests,
    hungUp,
    scenario,
    apps,
    tokens,
    quota,
    options,
    route,
    account,
    tickets: ticketFake,
    issueToken: (appid, family = 'stable') => tokens.issue(appid, family),
    resetCalls() {
      requests.length = 0;
      hungUp.length = 0;
      counts = new Map();
    },
    async close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
