/** The access_token as the renderer sees it, and the local counts of token fetches. */
import type { TokenLane } from './constants';
import type { Route } from './errors';

export interface TokenInfo {
  profileId: string;
  appid: string;
  lane: TokenLane;
  accessToken: string;
  /** Seconds of life WeChat reported when the token was fetched. */
  expiresIn: number;
  /** Epoch ms; the renderer counts down to this locally. */
  expiresAt: number;
  fetchedAt: number;
  fromCache: boolean;
  apiBase: string;
  route: Route;
}

/** Local counts of token fetches for one app today (WeChat's own counters: getQuota). */
export interface TokenStats {
  profileId: string;
  appid: string;
  /** Local calendar day the counts belong to, YYYY-MM-DD. */
  day: string;
  fetches: Record<TokenLane, number>;
  /** /cgi-bin/token's daily limit: 2000, or 200 for a 测试号. */
  classicDailyLimit: number;
  /** force_refresh: at most 20 a day, 30 s apart. */
  forcedDailyLimit: number;
  lastForcedAt: number | null;
  nextForcedAllowedAt: number | null;
}
