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
] as const;

export type ChannelName = (typeof channelNames)[number];

/** The IPC channel string for a method name; namespaced so nothing else on ipcMain collides. */
export const ipcChannel = (name: ChannelName): string => `wxcred:${name}`;
