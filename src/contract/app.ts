/** What the app reports about itself at start-up. */

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web' | 'cli';
  /** WXCRED_API_BASE when set: every call goes there instead of WeChat. */
  apiBaseOverride: string | null;
  /** Things the user must be told at start-up, e.g. a corrupt profiles file that was moved aside. */
  notices: string[];
}
