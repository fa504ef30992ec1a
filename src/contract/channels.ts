/**
 * The names of every bridge channel, and nothing else: the preload imports only this file so
 * its sandboxed bundle stays tiny. `api.ts` pairs each name with its schema and result type,
 * and the compiler checks the two lists are the same.
 */
export const channelNames = [
  'appInfo',
  'listProfiles',
  'saveProfile',
  'deleteProfile',
  'secretStatus',
  'setSecret',
  'deleteSecret',
  'getToken',
  'cachedToken',
  'lookupErrcode',
  'searchErrcodes',
  // token engine, account-level calls, request log (issue 3) and rid lookup (issue 4)
  'tokenStats',
  'getSettings',
  'saveSettings',
  'getQuota',
  'clearQuota',
  'callbackIp',
  'apiDomainIp',
  'callbackCheck',
  'lookupRid',
  'requestLog',
  'clearRequestLog',
  'exportRequestLog',
  // OAuth, mini-program login, user profiles (issue 5)
  'buildAuthorizeUrl',
  'exchangeOAuthCode',
  'refreshOAuthToken',
  'checkOAuthToken',
  'oauthUserInfo',
  'jscode2session',
  'revealSessionKey',
  'decryptUserData',
  'checkUserSignature',
  'phoneNumber',
  'userInfo',
] as const;

export type ChannelName = (typeof channelNames)[number];

/** The IPC channel string for a method name; namespaced so nothing else on ipcMain collides. */
export const ipcChannel = (name: ChannelName): string => `wxcred:${name}`;
