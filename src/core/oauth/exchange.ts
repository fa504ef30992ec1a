/** What OAuth code and js_code exchanges share: reading a pasted code, and sending each code once. */
import { validationError } from '../../contract/errors';
import { parseCodeInput } from '../../contract/oauthUrl';
import { isWechatError } from '../wechat/wechatError';
import type { CodeGuard, CodeKind } from './codeGuard';

/** The pasted code, or the code inside a pasted redirect URL; junk is a validation error on `path`. */
export function codeFrom(text: string, path: string): string {
  const parsed = parseCodeInput(text);
  if (!parsed.ok) throw validationError(parsed.message, path);
  return parsed.code;
}

/**
 * Sends a code once; WeChat has consumed it when it answers, with a token or with 40163. An
 * exchange of a code that is on the wire right now joins that call (same answer, same failure)
 * instead of sending the code again, whatever allowReuse says: the second send could only earn 40163.
 */
export function exchangeOnce<T>(
  guard: CodeGuard,
  kind: CodeKind,
  appid: string,
  code: string,
  allowReuse: boolean,
  send: () => Promise<T>,
): Promise<T> {
  if (!guard.inFlight(kind, appid, code)) {
    try {
      guard.check(kind, appid, code, allowReuse);
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return guard.share(kind, appid, code, async () => {
    try {
      const result = await send();
      guard.remember(kind, appid, code);
      return result;
    } catch (err) {
      if (isWechatError(err, [40163])) guard.remember(kind, appid, code);
      throw err;
    }
  });
}
