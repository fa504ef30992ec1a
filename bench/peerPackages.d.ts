// The few members the benchmark uses; these packages ship no types (node-easywechat does).
declare module 'co-wechat-api' {
  export default class WechatAPI {
    constructor(appid: string, appsecret: string, getToken: () => Promise<unknown>, saveToken: (token: unknown) => Promise<void>);
    prefix: string;
    ensureAccessToken(): Promise<{ accessToken: string }>;
  }
}

declare module 'wechat-api' {
  type Callback<T> = (err: Error | null, value?: T) => void;
  export default class WechatAPI {
    constructor(appid: string, appsecret: string, getToken: (cb: Callback<unknown>) => void, saveToken: (token: unknown, cb: Callback<void>) => void);
    endpoint: string;
    getLatestToken(cb: Callback<{ accessToken: string }>): void;
  }
}

declare module 'wechat-jssdk' {
  class Store {
    constructor(options?: { noInterval?: boolean });
  }
  interface WechatOptions {
    appId: string;
    appSecret: string;
    accessTokenUrl: string;
    ticketUrl: string;
    store: Store;
  }
  const wechatJssdk: {
    Wechat: new (options: WechatOptions) => { jssdk: { prepareGlobalToken(): Promise<{ accessToken: string }> } };
    Store: typeof Store;
  };
  export default wechatJssdk;
}
