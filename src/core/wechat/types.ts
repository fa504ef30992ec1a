import type { TokenInfo, TokenLane } from '../../contract';

/** Which app, at which API base, through which proxy. Built by handlers from a Profile. */
export interface AppTarget {
  profileId: string;
  appid: string;
  /** e.g. https://api.weixin.qq.com, or WXCRED_API_BASE, or a profile's custom base. */
  apiBase: string;
  /** Per-app proxy URL; null means "honour HTTP(S)_PROXY/NO_PROXY, else direct". */
  proxy: string | null;
}

/** A token as the engine hands it out: the contract's TokenInfo before a handler adds whose it is. */
export type FetchedToken = Omit<TokenInfo, 'profileId' | 'appid'>;

/** The token engine handlers call; cache key is (apiBase, appid, lane). */
export interface TokenService {
  /** Cached token if it has more than the refresh margin left, else one fetch shared by all callers. */
  get(target: AppTarget, lane: TokenLane, loadSecret: () => Promise<string>): Promise<FetchedToken>;
  /** The cached token without any network call, or null. */
  peek(target: AppTarget, lane: TokenLane): FetchedToken | null;
}
