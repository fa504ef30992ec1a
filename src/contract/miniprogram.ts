/** Mini-program login, decrypted user data and phone numbers. */
import type { Route } from './errors';

/** A mini-program login; the session_key stays in main (masked here). */
export interface MiniSession {
  id: string;
  profileId: string;
  appid: string;
  openid: string;
  unionid: string | null;
  sessionKeyMasked: string;
  obtainedAt: number;
  route: Route;
}

export interface DecryptedUserData {
  data: unknown;
  watermark: { appid: string | null; timestamp: number | null } | null;
  /** null when the payload carries no watermark. */
  appidMatches: boolean | null;
}

export interface PhoneInfo {
  phoneNumber: string;
  purePhoneNumber: string;
  countryCode: string;
  watermark: { appid: string | null; timestamp: number | null } | null;
  route: Route;
}

/** /wxa/checksession: whether a session_key is still the user's current one (checked by signature). */
export interface SessionKeyCheck {
  valid: boolean;
  errcode: number;
  errmsg: string;
  openid: string;
  route: Route;
}
