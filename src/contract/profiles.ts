/** A saved app: which WeChat app it is and where its calls go. Its secret lives in the keychain. */
import type { ApiDomain, AppKind } from './constants';

export interface Profile {
  id: string;
  label: string;
  appid: string;
  kind: AppKind;
  domain: ApiDomain;
  customBase: string | null;
  /** The proxy URL without user or password (those live in the keychain). */
  proxy: string | null;
  /** The proxy's user:password is stored in the keychain and used for the route. */
  proxyAuth?: boolean;
  autoRefresh: boolean;
  createdAt: string;
}

/** saveProfile's answer: the profile, and whether its AppSecret was removed because the app now points elsewhere. */
export interface SavedProfile extends Profile {
  /** The API base or proxy changed while a secret was stored: the secret was deleted and must be typed again. */
  secretCleared: boolean;
}
