import type { ErrcodeEntry, ErrmsgParts } from './errcodes';

/** How a call left this machine: directly, or through which proxy (credentials never included). */
export type Route =
  | { kind: 'direct' }
  | { kind: 'proxy'; proxy: string; source: 'profile' | 'env' };

export type NetworkReason =
  | 'refused'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'reset'
  | 'body-too-large'
  | 'not-json'
  | 'http-status'
  | 'proxy'
  | 'aborted'
  | 'other';

/**
 * locked: the keyring exists but is locked (never reported as "not stored"); no-daemon: no D-Bus
 * session or no Secret Service; no-collection: no default keyring; crashed: the keychain helper
 * died; timeout: it did not answer in time and was killed; unavailable: the native module will not load.
 */
export type KeychainReason = 'locked' | 'no-daemon' | 'no-collection' | 'crashed' | 'timeout' | 'unavailable' | 'no-secret' | 'other';

/**
 * Every failure that crosses a boundary (IPC, the web bridge, the CLI's --json) is one of these.
 * Renderers switch on `kind`; nobody parses strings.
 */
export type WxError =
  | ({
      kind: 'wechat';
      errcode: number;
      errmsg: string;
      endpoint: string;
      route?: Route;
      entry: ErrcodeEntry | null;
    } & Omit<ErrmsgParts, 'text'>)
  | { kind: 'network'; reason: NetworkReason; message: string; endpoint?: string; status?: number; route?: Route }
  | {
      kind: 'validation';
      message: string;
      issues: { path: string; message: string }[];
      /**
       * Set when a rate rule refused the request, not its values: the same request is accepted
       * from this time on (epoch ms). The renderer counts down to it instead of saying "invalid".
       */
      retryAt?: number;
    }
  | { kind: 'keychain'; reason: KeychainReason; message: string }
  /** A bug in wxcred, not the user's input or WeChat's answer; kept typed so nothing crashes. */
  | { kind: 'internal'; message: string };

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: WxError };

/** Thrown inside main/CLI code; converted to an Outcome at the boundary. */
export class WxcredError extends Error {
  constructor(readonly error: WxError) {
    super(error.kind === 'wechat' ? `errcode ${error.errcode}: ${error.errmsg}` : error.message);
    this.name = 'WxcredError';
  }
}

export const validationError = (message: string, path = ''): WxcredError =>
  new WxcredError({ kind: 'validation', message, issues: [{ path, message }] });

/** A request refused only because it came too soon: allowed again at `retryAt` (epoch ms). */
export const tooSoonError = (message: string, path: string, retryAt: number): WxcredError =>
  new WxcredError({ kind: 'validation', message, issues: [{ path, message }], retryAt });

export function isWxError(value: unknown): value is WxError {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'wechat' || kind === 'network' || kind === 'validation' || kind === 'keychain' || kind === 'internal';
}
