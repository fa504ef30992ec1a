/**
 * Routing + requestJson + errcode check, shared by every endpoint function. An endpoint says
 * which method and path; the client decides the route, sends, and turns errcode ≠ 0 into a
 * typed wechat error.
 */
import type { Route } from '../../contract/errors';
import type { RequestLog } from '../log/requestLog';
import { callSignal } from '../calls/scope';
import { netOptions, networkError, requestJson, type NetOptions } from './http';
import { createRouter, type Env, type Router } from './route';
import type { AppTarget } from './types';
import { toWechatError } from './wechatError';

export interface WechatCall {
  method: 'GET' | 'POST';
  /** API path, e.g. /cgi-bin/stable_token. */
  path: string;
  query?: Record<string, string>;
  /** JSON body for POST. */
  body?: unknown;
  /** Default: the signal of the call scope (calls/scope.ts) this runs in, if any. */
  signal?: AbortSignal;
}

export interface WechatReply {
  /** The JSON object WeChat answered, errcode 0 or absent. */
  body: Record<string, unknown>;
  route: Route;
}

export interface WechatClient {
  call(target: AppTarget, call: WechatCall): Promise<WechatReply>;
  close(): Promise<void>;
}

export interface WechatClientDeps {
  env?: Env;
  /** Fixed options, or a function read at every call (settings the user may change while running). */
  net?: Partial<NetOptions> | (() => Partial<NetOptions>);
  log?: RequestLog;
}

/** apiBase may carry a path prefix (a gateway); keep it instead of resolving the path against the origin. */
export function endpointUrl(apiBase: string, path: string, query: Record<string, string> = {}): URL {
  const url = new URL(`${apiBase.replace(/\/+$/, '')}${path}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url;
}

export function createWechatClient(deps: WechatClientDeps = {}): WechatClient {
  // Fixed options are merged once, not on every call.
  const net = deps.net;
  const fixed = typeof net === 'function' ? null : netOptions(net);
  const readNet = (): NetOptions => fixed ?? netOptions(typeof net === 'function' ? net() : net);
  let current: { net: NetOptions; key: string; router: Router } | null = null;

  /** Dispatchers carry the connect timeout, so new options mean new dispatchers. */
  function routerFor(net: NetOptions): Router {
    if (current?.net === net) return current.router;
    const key = `${net.connectTimeoutMs}/${net.headersTimeoutMs}/${net.bodyTimeoutMs}/${net.envProxyForLoopback}`;
    if (current?.key === key) return current.router;
    // Calls in flight on the old dispatchers finish (each is bounded by its deadline).
    if (current) void current.router.close({ graceful: true });
    current = { net, key, router: createRouter({ env: deps.env, net }) };
    return current.router;
  }

  return {
    async call(target, call) {
      const net = readNet();
      const url = endpointUrl(target.apiBase, call.path, call.query);
      const { dispatcher, route } = routerFor(net).resolve(url, target.proxy);
      const { status, body } = await requestJson({
        method: call.method,
        url,
        body: call.body,
        endpoint: call.path,
        appid: target.appid,
        dispatcher,
        route,
        net,
        log: deps.log,
        // The long call this runs for, unless the endpoint passed a signal of its own.
        signal: call.signal ?? callSignal(),
      });
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw networkError(
          { endpoint: call.path, route },
          'not-json',
          `${call.method} ${call.path}: expected a JSON object, got ${Array.isArray(body) ? 'an array' : JSON.stringify(body)}.`,
          status,
        );
      }
      const record = body as Record<string, unknown>;
      const errcode = record.errcode;
      if (errcode !== undefined && errcode !== 0) {
        if (typeof errcode !== 'number') {
          throw networkError({ endpoint: call.path, route }, 'not-json', `${call.method} ${call.path}: errcode is not a number.`, status);
        }
        throw await toWechatError({ errcode, errmsg: record.errmsg }, call.path, route);
      }
      return { body: record, route };
    },
    async close() {
      const router = current?.router;
      current = null;
      await router?.close();
    },
  };
}
