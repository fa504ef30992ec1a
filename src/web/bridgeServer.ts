/**
 * Web mode: the real renderer in a browser, talking to the real handlers over a loopback HTTP
 * bridge. Binds 127.0.0.1 only; every bridge request must carry this run's random token and come
 * with our own Host (and Origin, when the browser sends one), which defeats DNS rebinding and
 * cross-site requests from other pages.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import type { Handlers } from '../contract';
import { dispatch } from '../core/dispatch';
import { contentSecurityPolicy } from '../core/csp';
import { assetPath, mimeTypeOf } from '../core/assets';
import { isLoopback } from '../core/loopback';

export const BRIDGE_PREFIX = '/__bridge/';
export const TOKEN_HEADER = 'x-wxcred-token';
const MAX_BODY = 512 * 1024;

export interface BridgeServerOptions {
  handlers: Handlers;
  staticRoot: string;
  port?: number;
  token?: string;
  onUnexpected?: (channel: string, thrown: unknown) => void;
}

export interface BridgeServer {
  /** The full URL to open, token included (in the fragment, so it never reaches a server log). */
  url: string;
  origin: string;
  token: string;
  /** Where the server listens (always 127.0.0.1), for tests and diagnostics. */
  address(): AddressInfo;
  close(): Promise<void>;
}


function sameToken(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
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
const refuse = (res: ServerResponse, status: number, message: string): void =>
  send(
    res,
    status,
    JSON.stringify({ ok: false, error: { kind: 'validation', message, issues: [{ path: '', message }] } }),
    'application/json',
    { connection: 'close' },
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
  let origin = '';
  let allowedHosts = new Set<string>();

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain');
    const file = assetPath(options.staticRoot, pathname);
    if (file === null) return send(res, 404, 'Not found', 'text/plain');
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
    if (!sameToken(req.headers[TOKEN_HEADER], token)) return refuse(res, 403, 'Missing or wrong run token.');
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return refuse(res, 403, 'Wrong Origin.');
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
    const work = pathname.startsWith(BRIDGE_PREFIX)
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
  origin = `http://127.0.0.1:${port}`;
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
