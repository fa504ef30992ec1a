/**
 * The one way the renderer reaches main. In Electron the preload provides `window.wxcred`; in web
 * mode (`npm run web`) the same methods are POSTed to the loopback server, authenticated by an
 * HttpOnly session cookie that the page got once in exchange for the launch token in the URL.
 */
import type { WxcredApi } from '../../contract';
import { channelNames, type ChannelName } from '../../contract/channels';
import { WEB_NO_SESSION, WEB_SESSION_HEADER } from '../../contract/constants';
import { isWxError, type Outcome, type WxError } from '../../contract/errors';
import { reportSessionProblem, type SessionProblem } from './session';

declare global {
  interface Window {
    wxcred?: WxcredApi;
  }
}

export function getBridge(): WxcredApi {
  if (window.wxcred) return window.wxcred;
  return createFetchBridge({ token: takeBridgeToken(window), onNoSession: reportSessionProblem, tab: sessionStorageOrNull() });
}

const sessionStorageOrNull = (): Storage | null => {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
};

/**
 * Reads `#token=<hex>` from the URL and removes it from the address bar at once (replaceState), so
 * it is not shared by copy-paste or screenshots. It is kept nowhere: it is traded for the session
 * cookie on the first call, and spent by that; a reload rides on the cookie.
 */
export function takeBridgeToken(win: Pick<Window, 'location' | 'history'>): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]+)(?:&|$)/.exec(win.location.hash);
  if (!match?.[1]) return null;
  win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
  return match[1];
}

export interface FetchBridgeOptions {
  token: string | null;
  fetch?: typeof fetch;
  /** Prefix for `/__bridge/<channel>`; empty means same origin. */
  baseUrl?: string;
  /** Called when the server says this browser has no session, with the likeliest reason. */
  onNoSession?: (problem: SessionProblem) => void;
  /**
   * This tab's sessionStorage: it remembers (a flag, never the token) that the tab was connected,
   * so a reload after the server restarted is told apart from a first visit without the token.
   */
  tab?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

const CONNECTED_KEY = 'wxcred.connected';

const transportError = (message: string): WxError => ({ kind: 'network', reason: 'other', message });

function isOutcome(value: unknown): value is Outcome<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; value?: unknown; error?: unknown };
  return (v.ok === true && 'value' in v) || (v.ok === false && isWxError(v.error));
}

export function createFetchBridge({ token, fetch: fetchFn = fetch, baseUrl = '', onNoSession, tab = null }: FetchBridgeOptions): WxcredApi {
  // Once, before the first call. A refusal is not fatal: this browser may hold the cookie already
  // (the same URL opened twice); the calls themselves say when there is no session.
  let tokenRefused = false;
  let session: Promise<void> | null = token
    ? fetchFn(`${baseUrl}/__session`, { method: 'POST', headers: { 'x-wxcred-token': token }, credentials: 'same-origin' }).then(
        (response) => void (tokenRefused = response.status === 403),
        () => undefined,
      )
    : null;
  let connected = false;
  const markConnected = (): void => {
    if (connected) return;
    connected = true;
    try {
      tab?.setItem(CONNECTED_KEY, '1');
    } catch {
      // Storage full or disabled: a later refusal may then name a less likely reason.
    }
  };
  const noSession = (): SessionProblem => {
    if (tokenRefused) return 'spent';
    if (token === null && tab?.getItem(CONNECTED_KEY) !== '1') return 'no-token';
    return 'lost';
  };
  const call = async (name: ChannelName, request: unknown): Promise<Outcome<unknown>> => {
    try {
      if (session) await session;
      session = null;
      const response = await fetchFn(`${baseUrl}/__bridge/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(request ?? {}),
      });
      if (response.status === 403 && response.headers.get(WEB_SESSION_HEADER) === WEB_NO_SESSION) {
        onNoSession?.(noSession());
        return { ok: false, error: transportError('No bridge session: open the full URL that `npm run web` printed.') };
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (isOutcome(body)) {
        markConnected();
        return body;
      }
      if (response.status === 403) {
        return { ok: false, error: transportError('No bridge session: open the full URL that `npm run web` printed, in a fresh tab.') };
      }
      return { ok: false, error: transportError(`Bridge answered HTTP ${response.status} without a result.`) };
    } catch (err) {
      return { ok: false, error: transportError(err instanceof Error ? err.message : String(err)) };
    }
  };
  const methods: Record<string, (request: unknown) => Promise<Outcome<unknown>>> = {};
  for (const name of channelNames) methods[name] = (request) => call(name, request);
  // Every channel is present by construction; the result types are the server's promise.
  return methods as unknown as WxcredApi;
}
