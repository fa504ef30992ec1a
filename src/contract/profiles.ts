/** A saved app: which WeChat app it is and where its calls go. Its secret lives in the keychain. */
import type { ApiDomain, AppKind, TokenLane } from './constants';
import type { KeychainReason } from './errors';

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

/** Whether the keychain holds the app's AppSecret; `unavailable`: the keychain could not be asked. */
export type SecretState = 'stored' | 'missing' | 'unavailable';

/** What the app list shows per app at a glance; answered by main without any network call and without the secret. */
export interface ProfileStatus {
  profileId: string;
  secret: SecretState;
  /** Why the keychain could not be asked, when `secret` is `unavailable`. */
  keychainReason?: KeychainReason;
  /**
   * The newest token cached for the stored secret on any lane, expired or not (the renderer counts
   * down to expiresAt); null when there is none. Tokens that expired before a restart are not kept.
   */
  token: { lane: TokenLane; expiresAt: number } | null;
}

/** exportProfiles' answer: the file to save (apps only, never a secret) and its suggested name. */
export interface ProfilesExport {
  filename: string;
  json: string;
  count: number;
}

/** importProfiles' answer: what was added, and what was left alone because the AppID is already there. */
export interface ProfilesImported {
  added: Profile[];
  skipped: { appid: string; label: string; existingLabel: string }[];
}
