/**
 * The names of every bridge channel, grouped by feature, and nothing else: the preload imports
 * only this file so its sandboxed bundle stays tiny. `schema.ts` pairs each name with its schema
 * and result type, and the compiler checks the two lists are the same. A feature's handler file,
 * its renderer folder and its test carry the feature's name.
 */
export const channelsByFeature = {
  app: ['appInfo'],
  profiles: ['listProfiles', 'saveProfile', 'deleteProfile', 'profileStatuses', 'exportProfiles', 'importProfiles'],
  secrets: ['secretStatus', 'setSecret', 'deleteSecret'],
  token: ['getToken', 'cachedToken', 'tokenStats'],
  settings: ['getSettings', 'saveSettings'],
  account: ['getQuota', 'clearQuota', 'clearQuotaStats', 'callbackIp', 'apiDomainIp', 'callbackCheck', 'lookupRid'],
  log: ['requestLog', 'clearRequestLog', 'exportRequestLog'],
  errcodes: ['lookupErrcode', 'searchErrcodes'],
  oauth: ['buildAuthorizeUrl', 'exchangeOAuthCode', 'refreshOAuthToken', 'checkOAuthToken', 'oauthUserInfo'],
  miniprogram: ['jscode2session', 'revealSessionKey', 'checkSessionKey', 'decryptUserData', 'checkUserSignature', 'phoneNumber'],
  userinfo: ['userInfo'],
  permissions: ['runPermissionMap', 'permissionMap'],
  console: ['callApi'],
  jssdk: ['getTicket', 'cachedTicket', 'jssdkSign', 'cardSign', 'jssdkDiagnose'],
  callback: [
    'callbackSecrets',
    'setCallbackSecret',
    'deleteCallbackSecret',
    'callbackSign',
    'callbackVerifyQuery',
    'callbackDecrypt',
    'callbackEncrypt',
    'callbackHandshake',
    'callbackPush',
  ],
  simulator: ['simulatorStatus', 'loadDemoApps'],
  calls: ['cancelCall'],
} as const;

export type Feature = keyof typeof channelsByFeature;
export type ChannelOf<F extends Feature> = (typeof channelsByFeature)[F][number];
export type ChannelName = ChannelOf<Feature>;

export const channelNames: readonly ChannelName[] = Object.values(channelsByFeature).flat();

/**
 * The channels that can wait on the network (WeChat, or the user's callback server) for long:
 * a request to one of them may carry a `callId`, which `cancelCall` aborts.
 */
export const cancellableChannels = [
  'getToken',
  'getQuota',
  'callbackIp',
  'apiDomainIp',
  'callbackCheck',
  'lookupRid',
  'exchangeOAuthCode',
  'refreshOAuthToken',
  'checkOAuthToken',
  'oauthUserInfo',
  'jscode2session',
  'checkSessionKey',
  'phoneNumber',
  'userInfo',
  'runPermissionMap',
  'callApi',
  'getTicket',
  'callbackHandshake',
  'callbackPush',
] as const satisfies readonly ChannelName[];

export type CancellableChannel = (typeof cancellableChannels)[number];

const cancellable = new Set<string>(cancellableChannels);
export const isCancellable = (name: ChannelName): name is CancellableChannel => cancellable.has(name);

/** The IPC channel string for a method name; namespaced so nothing else on ipcMain collides. */
export const ipcChannel = (name: ChannelName): string => `wxcred:${name}`;
