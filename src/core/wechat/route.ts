/**
 * How a call leaves this machine: the profile's own proxy, else HTTP(S)_PROXY/NO_PROXY from the
 * (injected) environment, else direct. Dispatchers are cached per proxy URL so connections are
 * reused, and `close()` ends them all.
 */
import { Agent, Pool, ProxyAgent, type Dispatcher } from './undici';
import type { Route } from '../../contract/errors';
import { WxcredError } from '../../contract/errors';
import type { NetOptions } from './http';
import { isLoopback } from '../loopback';

export type Env = Record<string, string | undefined>;

export interface Routed {
  dispatcher: Dispatcher;
  route: Route;
}

export interface Router {
  /** `profileProxy` is the app's own proxy URL, or null to consult the environment. */
  resolve(target: URL, profileProxy: string | null): Routed;
  /** Ends every dispatcher; graceful lets requests in flight finish first. */
  close(options?: { graceful?: boolean }): Promise<void>;
}

/** The proxy URL as it may be shown: scheme, host and port; never user or password. */
export function displayProxy(proxy: string): string {
  try {
    const u = new URL(proxy);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid proxy URL)';
  }
}

/** Lowercase wins, as in curl and undici's EnvHttpProxyAgent; empty means unset. */
function envVar(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() ? value.trim() : undefined;
}

/** The env proxy for this target's scheme; HTTPS targets fall back to HTTP_PROXY like undici does. */
export function envProxyFor(target: URL, env: Env): string | undefined {
  const http = envVar(env, 'http_proxy');
  const proxy = target.protocol === 'https:' ? (envVar(env, 'https_proxy') ?? http) : http;
  // curl accepts "host:port"; so do we.
  return proxy && !proxy.includes('://') ? `http://${proxy}` : proxy;
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The NO_PROXY value as undici reads it: lowercase first, an empty lowercase one still wins, never trimmed. */
export const noProxyOf = (env: Env): string => env.no_proxy ?? env.NO_PROXY ?? '';

/**
 * NO_PROXY exactly as undici's EnvHttpProxyAgent reads it (and so Node's own fetch), so the route
 * wxcred reports is the one undici would take: entries split on each comma or white-space; the
 * whole value `*` bypasses everything (a `*` among other entries is just a name); an entry
 * matches its host and every subdomain, a leading `.` or `*.` dropped; `name:port` matches that
 * port only; an IPv6 address matches as the URL writes it, in brackets (`[::1]`, `[::1]:8080`).
 * There are no CIDR ranges, and a trailing dot is part of the name (`example.com.` is not `example.com`).
 */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  if (noProxy === '*') return true;
  // From host rather than hostname, so an IPv6 address keeps its brackets.
  const host = target.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const name = (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    const entryPort = parsed?.[2] ? Number.parseInt(parsed[2], 10) : 0;
    if (entryPort && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** Code of the error raised when a proxy hangs up on our CONNECT instead of answering it. */
export const PROXY_CONNECT_CLOSED = 'WXCRED_PROXY_CONNECT_CLOSED';

/** Code of the error raised when a proxy accepts the connection but does not answer CONNECT in time. */
export const PROXY_CONNECT_TIMEOUT = 'WXCRED_PROXY_CONNECT_TIMEOUT';

/**
 * undici treats a socket closed during CONNECT as recoverable and reconnects at once, forever,
 * without honouring the abort signal (proxies that cannot reach the target often just hang up).
 * Re-labelling that one error makes undici fail the request instead. A proxy that accepts the
 * connection and then says nothing would hold the call until the overall deadline: the CONNECT
 * answer is part of connecting, so it gets the connect timeout.
 */
const proxyClientFactory =
  (connectTimeoutMs: number) =>
  (origin: URL, opts: object): Dispatcher => {
    const pool = new Pool(origin, opts);
    const connect = pool.connect.bind(pool) as (o: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
    Object.assign(pool, {
      async connect(o: Dispatcher.ConnectOptions) {
        const timer = new AbortController();
        const signal = o.signal ? AbortSignal.any([o.signal as AbortSignal, timer.signal]) : timer.signal;
        let timeout: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_resolve, reject) => {
          timeout = setTimeout(() => {
            reject(Object.assign(new Error('the proxy did not answer CONNECT in time'), { code: PROXY_CONNECT_TIMEOUT }));
            timer.abort();
          }, connectTimeoutMs);
        });
        const tunnel = connect({ ...o, signal });
        try {
          return await Promise.race([tunnel, timedOut]);
        } catch (err) {
          if ((err as { code?: unknown }).code !== 'UND_ERR_SOCKET') throw err;
          throw Object.assign(new Error('the proxy closed the connection instead of answering CONNECT', { cause: err }), {
            code: PROXY_CONNECT_CLOSED,
          });
        } finally {
          clearTimeout(timeout);
          // A tunnel that arrives after the timeout is nobody's: close it.
          tunnel.then((late) => (timer.signal.aborted ? late.socket.destroy() : undefined), () => undefined);
        }
      },
    });
    return pool;
  };

export function createRouter(options: { env?: Env; net: NetOptions }): Router {
  const env = options.env ?? {};
  const { net } = options;
  const proxies = new Map<string, ProxyAgent>();
  let direct: Agent | null = null;

  const connect = { timeout: net.connectTimeoutMs };
  const timeouts = { headersTimeout: net.headersTimeoutMs, bodyTimeout: net.bodyTimeoutMs };

  const directAgent = (): Agent => (direct ??= new Agent({ connect, ...timeouts }));

  function proxyAgent(proxy: string, source: 'profile' | 'env'): ProxyAgent {
    const cached = proxies.get(proxy);
    if (cached) return cached;
    let url: URL;
    try {
      url = new URL(proxy);
    } catch {
      url = new URL('invalid:');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      const from = source === 'env' ? 'The HTTP(S)_PROXY environment variable' : "The profile's proxy";
      throw new WxcredError({
        kind: 'network',
        reason: 'proxy',
        message: `${from} is not an http:// or https:// URL (${displayProxy(proxy)}).`,
      });
    }
    // proxyTls/requestTls carry the connect timeout for the hop to the proxy and the tunnelled TLS.
    const agent = new ProxyAgent({
      uri: proxy,
      proxyTls: connect,
      requestTls: connect,
      clientFactory: proxyClientFactory(net.connectTimeoutMs),
      ...timeouts,
    });
    proxies.set(proxy, agent);
    return agent;
  }

  // The answer depends only on the target's origin and the profile's proxy (env is fixed per router).
  const routed = new Map<string, Routed>();

  return {
    resolve(target, profileProxy) {
      const key = `${target.protocol}//${target.host}\n${profileProxy ?? ''}`;
      let known = routed.get(key);
      if (!known) {
        known = decide(target, profileProxy);
        routed.set(key, known);
      }
      return known;
    },
    async close(options = {}) {
      routed.clear();
      const all: Dispatcher[] = [...proxies.values(), ...(direct ? [direct] : [])];
      proxies.clear();
      direct = null;
      await Promise.all(all.map((d) => (options.graceful ? d.close() : d.destroy()).catch(() => undefined)));
    },
  };

  function decide(target: URL, profileProxy: string | null): Routed {
    if (profileProxy) {
      return {
        dispatcher: proxyAgent(profileProxy, 'profile'),
        route: { kind: 'proxy', proxy: displayProxy(profileProxy), source: 'profile' },
      };
    }
    const fromEnv = envProxyFor(target, env);
    const skip =
      !fromEnv ||
      bypassesProxy(target, noProxyOf(env)) ||
      (isLoopback(target.hostname) && !net.envProxyForLoopback);
    if (skip) return { dispatcher: directAgent(), route: { kind: 'direct' } };
    return {
      dispatcher: proxyAgent(fromEnv, 'env'),
      route: { kind: 'proxy', proxy: displayProxy(fromEnv), source: 'env' },
    };
  }
}
