/**
 * Web mode: the real renderer in a browser, talking to the real handlers over a loopback HTTP
 * bridge. Binds 127.0.0.1 only; every bridge request must be authenticated and come with our own
 * Host (and a matching Origin, when the browser sends one), which defeats DNS rebinding and
 * cross-site requests from other pages.
 *
 * The printed URL carries a launch token in its fragment. The page trades it, once, at POST
 * /__session for an HttpOnly, SameSite=Strict session cookie and removes it from the address bar;
 * from then on the launch token is spent, so the copy a browser keeps in its history opens nothing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep, extname } from 'node:path';
import type { Handlers } from '../contract';
import { dispatch } from '../core/dispatch';
import { contentSecurityPolicy } from '../core/csp';
import { mimeTypeOf } from '../core/assets';
import { WEB_NO_SESSION, WEB_SESSION_HEADER } from '../contract/constants';

export const BRIDGE_PREFIX = '/__bridge/';
export const SESSION_PATH = '/__session';
export const TOKEN_HEADER = 'x-wxcred-token';
/** Cookies ignore ports: the name carries ours, so two runs on one machine do not overwrite each other's. */
export const sessionCookieName = (port: number): string => `wxcred_session_${port}`;
const MAX_BODY = 512 * 1024;

export interface BridgeServerOptions {
  handlers: Handlers;
  staticRoot: string;
  port?: number;
  token?: string;
  onUnexpected?: (channel: string, thrown: unknown) => void;
}

export interface BridgeServer {
  /** The full URL to open, launch token included (in the fragment, so it never reaches a server log). */
  url: string;
  origin: string;
  /** The launch token: good for one exchange at /__session (or, until then, as the x-wxcred-token header). */
  token: string;
  /** Where the server listens (always 127.0.0.1), for tests and diagnostics. */
  address(): AddressInfo;
  close(): Promise<void>;
}

/** The peer check every request passes first; exported so it can be tested without non-loopback traffic. */
export const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1' || address.startsWith('127.'));

function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

/** The value of one cookie; a name sent twice counts as not sent (no guessing which is ours). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const found = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${name}=`))
    .map((part) => part.slice(name.length + 1));
  return found.length === 1 ? found[0] : undefined;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...extra,
  });
  res.end(body);
}

/** A refusal closes the connection: the unread request body must not be parsed as the next request. */
const refuse = (res: ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void =>
  send(
    res,
    status,
    JSON.stringify({ ok: false, error: { kind: 'validation', message, issues: [{ path: '', message }] } }),
    'application/json',
    { connection: 'close', ...extra },
  );

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const session = randomBytes(32).toString('hex');
  /** Spent by the first exchange: after that only the cookie opens the bridge. */
  let launchTokenSpent = false;
  const root = resolve(options.staticRoot);
  let cookieName = '';
  let allowedHosts = new Set<string>();

  /** Our Origin for the Host the request came to (127.0.0.1 or localhost, our port), when the browser sends one. */
  const ownOrigin = (req: IncomingMessage): boolean => req.headers.origin === undefined || req.headers.origin === `http://${req.headers.host ?? ''}`;

  function authenticated(req: IncomingMessage): boolean {
    if (sameToken(cookieValue(req.headers.cookie, cookieName), session)) return true;
    return !launchTokenSpent && sameToken(req.headers[TOKEN_HEADER], token);
  }

  function exchange(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST') return refuse(res, 405, 'The session exchange is POST.');
    if (!ownOrigin(req)) return refuse(res, 403, 'Wrong Origin.');
    if (launchTokenSpent || !sameToken(req.headers[TOKEN_HEADER], token)) {
      return refuse(res, 403, 'Missing, wrong or already used launch token: open the URL `npm run web` printed in a fresh tab.');
    }
    launchTokenSpent = true;
    // No Max-Age: a session cookie, gone with the browser session; never readable by page script.
    res.writeHead(204, {
      'set-cookie': `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    res.end();
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain');
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'Bad path', 'text/plain');
    }
    const file = resolve(root, `.${decoded === '/' ? '/index.html' : decoded}`);
    if (!file.startsWith(root + sep) || decoded.includes('\0')) return send(res, 404, 'Not found', 'text/plain');
    try {
      const body = await readFile(file);
      const headers: Record<string, string> = { 'content-security-policy': contentSecurityPolicy };
      if (extname(file) === '.html') headers['x-frame-options'] = 'DENY';
      send(res, 200, body, mimeTypeOf(file), headers);
    } catch {
      send(res, 404, 'Not found', 'text/plain');
    }
  }

  async function serveBridge(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (req.method !== 'POST') return refuse(res, 405, 'Bridge calls are POST.');
    if (!authenticated(req)) {
      return refuse(res, 403, 'Missing or wrong session: open the URL `npm run web` printed.', { [WEB_SESSION_HEADER]: WEB_NO_SESSION });
    }
    if (!ownOrigin(req)) return refuse(res, 403, 'Wrong Origin.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, 'Send application/json.');
    const body = await readBody(req);
    if (body === null) return refuse(res, 413, 'Request too large.');
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body) : {};
    } catch {
      return refuse(res, 400, 'Request body is not JSON.');
    }
    const outcome = await dispatch(options.handlers, channel, payload, { onUnexpected: options.onUnexpected });
    send(res, 200, JSON.stringify(outcome), 'application/json');
  }

  const server = createServer((req, res) => {
    // Loopback peers and our own Host only: a rebinding DNS name pointing at 127.0.0.1 is refused.
    if (!isLoopback(req.socket.remoteAddress)) return refuse(res, 403, 'Loopback only.');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(res, 421, 'Wrong Host.');
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const work =
      pathname === SESSION_PATH
        ? Promise.resolve(exchange(req, res))
        : pathname.startsWith(BRIDGE_PREFIX)
          ? serveBridge(req, res, pathname.slice(BRIDGE_PREFIX.length))
          : serveStatic(req, res, pathname);
    work.catch(() => {
      if (!res.headersSent) refuse(res, 500, 'Bridge failure.');
      else res.destroy();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  cookieName = sessionCookieName(port);
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    address: () => server.address() as AddressInfo,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
