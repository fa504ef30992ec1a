/**
 * The one way the renderer reaches main. In Electron the preload provides `window.wxcred`; in web
 * mode (`npm run web`) the same methods are POSTed to the loopback server with the per-run token.
 */
import type { WxcredApi } from '../../contract';
import { channelNames, type ChannelName } from '../../contract/channels';
import { isWxError, type Outcome, type WxError } from '../../contract/errors';

declare global {
  interface Window {
    wxcred?: WxcredApi;
  }
}

const TOKEN_KEY = 'wxcred.bridgeToken';

export function getBridge(): WxcredApi {
  if (window.wxcred) return window.wxcred;
  return createFetchBridge({ token: takeBridgeToken(window) });
}

/**
 * Reads `#token=<hex>` from the URL once, keeps it in sessionStorage (so a reload still works) and
 * removes it from the address bar so it is not shared by copy-paste or screenshots.
 */
export function takeBridgeToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'>): string | null {
  const match = /(?:^#|&)token=([0-9a-fA-F]+)(?:&|$)/.exec(win.location.hash);
  if (match?.[1]) {
    win.sessionStorage.setItem(TOKEN_KEY, match[1]);
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search);
    return match[1];
  }
  return win.sessionStorage.getItem(TOKEN_KEY);
}

export interface FetchBridgeOptions {
  token: string | null;
  fetch?: typeof fetch;
  /** Prefix for `/__bridge/<channel>`; empty means same origin. */
  baseUrl?: string;
}

const transportError = (message: string): WxError => ({ kind: 'network', reason: 'other', message });

function isOutcome(value: unknown): value is Outcome<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; value?: unknown; error?: unknown };
  return (v.ok === true && 'value' in v) || (v.ok === false && isWxError(v.error));
}

export function createFetchBridge({ token, fetch: fetchFn = fetch, baseUrl = '' }: FetchBridgeOptions): WxcredApi {
  const call = async (name: ChannelName, request: unknown): Promise<Outcome<unknown>> => {
    if (!token) {
      return { ok: false, error: transportError('No bridge token: open the full URL that `npm run web` printed.') };
    }
    try {
      const response = await fetchFn(`${baseUrl}/__bridge/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wxcred-token': token },
        body: JSON.stringify(request ?? {}),
      });
      const body: unknown = await response.json().catch(() => undefined);
      if (isOutcome(body)) return body;
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
