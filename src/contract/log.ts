/** The request log: every outbound call, redacted when it was recorded. */
import type { Route, WxError } from './errors';

/** One recorded outbound call; secrets were redacted when it was recorded. */
export interface RequestLogEntry {
  id: number;
  /** Epoch ms when the call was recorded. */
  at: number;
  appid: string | null;
  /** The API path, e.g. /cgi-bin/stable_token. */
  endpoint: string;
  method: string;
  url: string;
  requestBody: unknown;
  /** HTTP status, or null when no response arrived. */
  status: number | null;
  durationMs: number;
  route: Route;
  /** Parsed JSON response, or null. */
  response: unknown;
  errcode: number | null;
  /** The typed failure, for calls that ended in one. */
  error?: WxError | null;
}
