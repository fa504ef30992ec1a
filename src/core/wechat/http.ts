/**
 * The one HTTP call every WeChat endpoint goes through: explicit timeouts, a whole-request
 * deadline, a response-size cap and a JSON parse, with every failure turned into a typed
 * network error that says what happened. Every call, success or failure, lands in the log.
 */
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from './undici';
import { WxcredError, type NetworkReason, type Route, type WxError } from '../../contract/errors';
import type { RequestLog } from '../log/requestLog';
import { PROXY_CONNECT_CLOSED, PROXY_CONNECT_TIMEOUT } from './route';
import { parseWechatJson } from './lenientJson';

export interface NetOptions {
  connectTimeoutMs: number;
  /** Time from sending the request to receiving the response headers. */
  headersTimeoutMs: number;
  /** Longest silence allowed between body chunks. */
  bodyTimeoutMs: number;
  /** The whole call, start to parsed body. */
  deadlineMs: number;
  maxBodyBytes: number;
  /**
   * Send loopback targets (127.0.0.1, ::1, localhost) through an HTTP(S)_PROXY from the
   * environment too. Off by default, as in browsers: a local fake or a WXCRED_API_BASE on this
   * machine is never reachable through a corporate proxy. A profile's own proxy always applies.
   */
  envProxyForLoopback: boolean;
}

export const defaultNetOptions: NetOptions = {
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  deadlineMs: 20_000,
  maxBodyBytes: 1024 * 1024,
  envProxyForLoopback: false,
};

export const netOptions = (overrides: Partial<NetOptions> = {}): NetOptions => ({ ...defaultNetOptions, ...overrides });

export interface JsonRequest {
  method: 'GET' | 'POST';
  /** Full URL, query included (secrets in it are redacted by the log, never echoed in errors). */
  url: URL;
  /** JSON request body, for POST. */
  body?: unknown;
  /** API path for errors and the log, e.g. /cgi-bin/token. */
  endpoint: string;
  appid?: string | null;
  dispatcher: Dispatcher;
  route: Route;
  net: NetOptions;
  log?: RequestLog;
  /** The caller's own cancellation; reported as reason 'aborted'. */
  signal?: AbortSignal;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

const SNIPPET = 120;
const DEADLINE = Symbol('deadline');

/**
 * Every in-flight call's deadline is checked by one coarse, unref'd interval rather than a timer
 * per call (arming and clearing a timer is a measurable share of a loopback call). Deadlines are
 * seconds long; firing up to one tick late does not matter. A finished call only marks its watch
 * done; the next sweep drops it, so starting and ending a call is a push and a store.
 */
const DEADLINE_TICK_MS = 25;
interface Watch {
  at: number;
  done: boolean;
  fire: () => void;
}
let watches: Watch[] = [];
let sweeper: NodeJS.Timeout | null = null;

function sweepDeadlines(): void {
  const now = performance.now();
  const due: Watch[] = [];
  const left: Watch[] = [];
  for (const watch of watches) {
    if (watch.done) continue;
    (watch.at <= now ? due : left).push(watch);
  }
  watches = left;
  if (left.length === 0 && sweeper) {
    clearInterval(sweeper);
    sweeper = null;
  }
  for (const watch of due) {
    watch.done = true;
    watch.fire();
  }
}

function watchDeadline(watch: Watch): void {
  watches.push(watch);
  if (!sweeper) {
    sweeper = setInterval(sweepDeadlines, DEADLINE_TICK_MS);
    sweeper.unref();
  }
}
const noHeaders = {};
const sendJson = { 'content-type': 'application/json' };
const ignore = (): void => undefined;

export async function requestJson(req: JsonRequest): Promise<JsonResponse> {
  const started = performance.now();
  // The whole-call deadline races the answer, not an AbortSignal: handing undici a signal costs
  // about a quarter of a loopback call. When the deadline wins, the late response (or the body
  // being read) is destroyed, so the socket is not left behind.
  const deadline = { hit: false };
  const watch: Watch = { at: started + req.net.deadlineMs, done: false, fire: ignore };
  let status: number | null = null;
  let parsed: unknown = null;
  let failure: WxError | null = null;
  try {
    const pending = request(req.dispatcher, req.url, {
      method: req.method,
      signal: req.signal,
      headersTimeout: req.net.headersTimeoutMs,
      bodyTimeout: req.net.bodyTimeoutMs,
      headers: req.body === undefined ? noHeaders : sendJson,
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
    });
    // Set once headers arrive, so a deadline that fires during the body can destroy it.
    let answered: Awaited<typeof pending> | undefined;
    let res: Awaited<typeof pending>;
    let raw: string;
    try {
      // One promise settled by whichever comes first: the body read to the end, or the deadline.
      [res, raw] = await new Promise<[Awaited<typeof pending>, string]>((resolve, reject) => {
        watch.fire = () => {
          deadline.hit = true;
          reject(DEADLINE);
        };
        watchDeadline(watch);
        pending.then((r) => {
          answered = r;
          status = r.statusCode;
          readCapped(r.body, r.headers['content-length'], req).then((text) => resolve([r, text]), reject);
        }, reject);
      });
    } catch (err) {
      if (err === DEADLINE) {
        if (answered) answered.body.destroy();
        else pending.then((late) => late.body.destroy(), ignore);
      }
      throw err;
    }
    const contentType = headerValue(res.headers['content-type']);
    parsed = parseBody(raw, contentType, res.statusCode, req);
    return { status: res.statusCode, body: parsed };
  } catch (err) {
    const typed = err instanceof WxcredError ? err : classify(err, req, deadline, status);
    failure = typed.error;
    throw typed;
  } finally {
    watch.done = true;
    req.log?.record({
      appid: req.appid ?? null,
      endpoint: req.endpoint,
      method: req.method,
      url: req.url.toString(),
      requestBody: req.body ?? null,
      status,
      durationMs: Math.round(performance.now() - started),
      route: req.route,
      response: parsed,
      errcode: errcodeOf(parsed),
      error: failure,
    });
  }
}

function errcodeOf(body: unknown): number | null {
  if (typeof body !== 'object' || body === null) return null;
  const code = (body as { errcode?: unknown }).errcode;
  return typeof code === 'number' ? code : null;
}

const headerValue = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? value[0] : value) ?? '(none)';

export function networkError(
  req: Pick<JsonRequest, 'endpoint' | 'route'>,
  reason: NetworkReason,
  message: string,
  status?: number,
): WxcredError {
  return new WxcredError({
    kind: 'network',
    reason,
    message,
    endpoint: req.endpoint,
    route: req.route,
    ...(status === undefined ? {} : { status }),
  });
}

/** Reads the body but stops, and drops the connection, as soon as it passes the cap. */
async function readCapped(
  body: AsyncIterable<Buffer> & {
    destroy(): unknown;
    on(event: 'error', listener: (error: Error) => void): unknown;
    on(event: 'data', listener: (chunk: Buffer) => void): unknown;
    on(event: 'end', listener: () => void): unknown;
    text(): Promise<string>;
  },
  contentLength: string | string[] | undefined,
  req: JsonRequest,
): Promise<string> {
  const cap = req.net.maxBodyBytes;
  const declared = Number(headerValue(contentLength));
  const tooLarge = (what: string) =>
    networkError(req, 'body-too-large', `${where(req)}: response body ${what} exceeds the ${cap}-byte limit.`);
  // Destroying the body emits 'error'; we have already decided what went wrong.
  body.on('error', () => undefined);
  if (Number.isFinite(declared) && declared > cap) {
    body.destroy();
    throw tooLarge(`of ${declared} bytes (Content-Length)`);
  }
  // The common case: a declared length within the cap. undici enforces the declared length,
  // so one bulk read is safe and skips the per-chunk async iteration.
  if (Number.isFinite(declared) && declared >= 0) return body.text();
  // No declared length (chunked): plain 'data'/'end' listeners, which cost less per reply than
  // an async iterator, with the running size checked on every chunk.
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        body.destroy();
        reject(tooLarge(`(more than ${cap} bytes received)`));
        return;
      }
      chunks.push(chunk);
    });
    body.on('end', () => resolve(Buffer.concat(chunks, size).toString('utf8')));
    body.on('error', reject);
  });
}

function parseBody(text: string, contentType: string, status: number, req: JsonRequest): unknown {
  let body: unknown;
  try {
    body = parseWechatJson(text);
  } catch {
    const what = `content-type ${contentType}, ${Buffer.byteLength(text)} bytes, starting ${JSON.stringify(snippet(text))}`;
    if (status < 200 || status > 299) {
      throw networkError(req, 'http-status', `${where(req)}: HTTP ${status} with a non-JSON body (${what}).`, status);
    }
    throw networkError(req, 'not-json', `${where(req)}: the response is not JSON (${what}).`, status);
  }
  // A non-2xx JSON answer without an errcode is not WeChat speaking (a gateway, a proxy…).
  if ((status < 200 || status > 299) && errcodeOf(body) === null) {
    throw networkError(
      req,
      'http-status',
      `${where(req)}: HTTP ${status} with JSON ${JSON.stringify(snippet(text))}.`,
      status,
    );
  }
  return body;
}

const snippet = (text: string): string => (text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text);

/** "POST /cgi-bin/stable_token on 127.0.0.1:8080": never the query, which may hold a secret. */
const where = (req: Pick<JsonRequest, 'method' | 'endpoint' | 'url'>): string =>
  `${req.method} ${req.endpoint} on ${req.url.host}`;

export const tlsCodes = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|HOSTNAME_MISMATCH)/;

/** Error codes from the error, its causes and (for happy-eyeballs AggregateErrors) its members. */
export function codesOf(err: unknown, seen = new Set<unknown>()): string[] {
  if (typeof err !== 'object' || err === null || seen.has(err)) return [];
  seen.add(err);
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  const members = Array.isArray(e.errors) ? e.errors.flatMap((m) => codesOf(m, seen)) : [];
  return [...own, ...codesOf(e.cause, seen), ...members];
}

function classify(err: unknown, req: JsonRequest, deadline: { hit: boolean }, status: number | null): WxcredError {
  const at = where(req);
  const viaProxy = req.route.kind === 'proxy' ? req.route.proxy : null;
  const fail = (reason: NetworkReason, message: string) => networkError(req, reason, message, status ?? undefined);
  if (deadline.hit) {
    return fail('timeout', `${at}: no complete answer within the ${req.net.deadlineMs} ms deadline (timeout: deadline).`);
  }
  if (req.signal?.aborted) return fail('aborted', `${at}: cancelled.`);

  const codes = codesOf(err);
  const message = err instanceof Error ? err.message : String(err);
  const has = (...wanted: string[]) => codes.some((c) => wanted.includes(c));

  const proxyStatus = /Proxy response \((\d+)\)/.exec(message);
  if (proxyStatus && viaProxy) {
    const code = Number(proxyStatus[1]);
    const why =
      code === 407
        ? 'the proxy requires authentication (407): check the user and password in the proxy URL'
        : `the proxy answered ${code} to CONNECT (it could not reach the target, or refused to)`;
    return fail('proxy', `${at} via ${viaProxy}: ${why}.`);
  }
  if (has(PROXY_CONNECT_TIMEOUT)) {
    return fail(
      'proxy',
      `${at} via ${viaProxy}: the proxy accepted the connection but did not answer CONNECT within ${req.net.connectTimeoutMs} ms (timeout: connect).`,
    );
  }
  if (has(PROXY_CONNECT_CLOSED)) {
    return fail('proxy', `${at} via ${viaProxy}: the proxy hung up on CONNECT (it could not reach the target, or refused to).`);
  }
  if (has('UND_ERR_PRX_TLS')) return fail('proxy', `${at} via ${viaProxy}: TLS to the proxy failed.`);
  if (has('UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) {
    const to = viaProxy ? `the proxy ${viaProxy}` : req.url.host;
    return fail('timeout', `${at}: could not connect to ${to} within ${req.net.connectTimeoutMs} ms (timeout: connect).`);
  }
  if (has('UND_ERR_HEADERS_TIMEOUT')) {
    return fail('timeout', `${at}: no response headers within ${req.net.headersTimeoutMs} ms (timeout: headers).`);
  }
  if (has('UND_ERR_BODY_TIMEOUT')) {
    return fail('timeout', `${at}: the response body stalled for ${req.net.bodyTimeoutMs} ms (timeout: body).`);
  }
  if (has('ECONNREFUSED')) {
    // Through a proxy we only ever connect to the proxy itself; the target's refusal comes back as a 502.
    if (viaProxy) return fail('proxy', `${at}: the proxy ${viaProxy} refused the connection.`);
    return fail('refused', `${at}: connection refused (nothing listening on ${req.url.host}).`);
  }
  if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME')) {
    if (viaProxy) return fail('proxy', `${at}: the proxy host ${viaProxy} could not be resolved.`);
    const temp = has('EAI_AGAIN') ? ' (temporary DNS failure)' : '';
    return fail('dns', `${at}: the host ${req.url.hostname} could not be resolved${temp}.`);
  }
  const tls = codes.find((c) => tlsCodes.test(c));
  if (tls) return fail('tls', `${at}: TLS failed (${tls}): ${message}`);
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH')) {
    return fail('reset', `${at}: the connection was closed or reset before the answer was complete.`);
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN')) return fail('other', `${at}: network unreachable (${codes[0]}).`);
  return fail('other', `${at}: ${message}${codes.length ? ` (${codes.join(', ')})` : ''}`);
}
