/** 网页授权 and QR login: built URLs and the web access tokens held in main. */
import type { OAuthScope } from './constants';
import type { Route } from './errors';

export interface AuthorizeUrl {
  url: string;
  state: string;
  scope: OAuthScope;
  /** oauth2/authorize (公众号 网页授权) or qrconnect (网站应用 QR login). */
  flow: 'oauth2' | 'qrconnect';
  issuedAt: number;
  /** How long a code from this flow lives: 5 minutes, 10 for QR login. */
  codeLifetimeMs: number;
}

/** A web (网页授权) access token and who it belongs to; held in main, referred to by id. */
export interface OAuthSession {
  id: string;
  profileId: string;
  appid: string;
  openid: string;
  unionid: string | null;
  scope: string;
  accessToken: string;
  expiresIn: number;
  expiresAt: number;
  refreshToken: string;
  refreshExpiresAt: number;
  /** 1 when the user is in 快照页 mode (a snapshot, not a real authorization). */
  isSnapshotUser: boolean | null;
  obtainedAt: number;
  route: Route;
  /**
   * WeChat's reply as it came (the latest exchange or refresh); its access_token and
   * refresh_token are redacted on the way out like everywhere but the two fields above.
   */
  raw: Record<string, unknown>;
}
