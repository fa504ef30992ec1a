/** The request console: any WeChat API called with the app's token, and its answer. */
import type { ErrcodeEntry } from './errcodes';
import type { Route } from './errors';

export interface ApiCallResult {
  method: 'GET' | 'POST';
  path: string;
  /** The reply as WeChat sent it, parsed; secrets and tokens redacted like everything that leaves main. */
  reply: unknown;
  /** 0 or absent in the reply is a success. */
  errcode: number;
  errmsg: string | null;
  /** The built-in table's entry for a non-zero errcode. */
  entry: ErrcodeEntry | null;
  durationMs: number;
  route: Route;
}
