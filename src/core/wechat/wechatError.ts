/**
 * The one place a WeChat errcode body becomes a typed error: the built-in table says what the
 * code means, the errmsg parser pulls out the rid, the IP WeChat saw, hints and links.
 */
import { parseErrmsg } from '../../contract/errmsg';
import { WxcredError, type Route } from '../../contract/errors';

export interface ErrcodeBody {
  errcode: number;
  errmsg?: unknown;
}

/**
 * Async because the errcode table (about 200 KB of text) is its own chunk, read on the first
 * errcode rather than at every start: a `wxcred check` that succeeds never loads it.
 */
export async function toWechatError(body: ErrcodeBody, endpoint: string, route?: Route): Promise<WxcredError> {
  const { lookupErrcode } = await import('../errcodes');
  const errmsg = typeof body.errmsg === 'string' ? body.errmsg : '';
  // `text` is the errmsg minus its machine parts; the full errmsg is kept as WeChat sent it.
  const { text: _text, ...parts } = parseErrmsg(errmsg);
  return new WxcredError({
    kind: 'wechat',
    errcode: body.errcode,
    errmsg,
    endpoint,
    ...(route ? { route } : {}),
    entry: lookupErrcode(body.errcode),
    ...parts,
  });
}

/** The token the call used is stale, rotated or expired: drop it and fetch a new one. */
export const tokenRejectedCodes: readonly number[] = [40001, 40014, 42001];

export function isWechatError(err: unknown, codes?: readonly number[]): err is WxcredError {
  return (
    err instanceof WxcredError && err.error.kind === 'wechat' && (codes === undefined || codes.includes(err.error.errcode))
  );
}
