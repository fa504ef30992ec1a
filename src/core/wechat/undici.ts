/**
 * The parts of undici wxcred uses — Agent, Pool, ProxyAgent and Dispatcher#request — loaded
 * without undici's index, which also builds fetch, WebSocket, caches and mocks at import time.
 * Loading those costs a short-lived command real start-up time. Types still come from the package.
 */
import type * as Undici from 'undici';
import AgentImpl from 'undici/lib/dispatcher/agent.js';
import DispatcherImpl from 'undici/lib/dispatcher/dispatcher.js';
import PoolImpl from 'undici/lib/dispatcher/pool.js';
import ProxyAgentImpl from 'undici/lib/dispatcher/proxy-agent.js';
import api from 'undici/lib/api/index.js';

// What undici's index does for every dispatcher: give it request(), stream(), pipeline()…
Object.assign((DispatcherImpl as { prototype: object }).prototype, api);

export type { Dispatcher } from 'undici';
type Dispatcher = Undici.Dispatcher;
export const Agent = AgentImpl as typeof Undici.Agent;
export type Agent = Undici.Agent;
export const Pool = PoolImpl as typeof Undici.Pool;
export type Pool = Undici.Pool;
export const ProxyAgent = ProxyAgentImpl as typeof Undici.ProxyAgent;
export type ProxyAgent = Undici.ProxyAgent;

type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'>;

/** undici.request(url, options) on an explicit dispatcher (wxcred never uses the global one). */
export function request(dispatcher: Dispatcher, url: URL, options: RequestOptions): Promise<Undici.Dispatcher.ResponseData> {
  // Written out rather than spread: this runs once per WeChat call.
  return dispatcher.request({
    origin: url.origin,
    path: url.pathname + url.search,
    method: options.method,
    headers: options.headers,
    body: options.body,
    headersTimeout: options.headersTimeout,
    bodyTimeout: options.bodyTimeout,
    signal: options.signal,
  });
}
