// The few members the benchmark uses; the package ships no types.
declare module 'co-wechat-api' {
  export default class WechatAPI {
    constructor(appid: string, appsecret: string, getToken: () => Promise<unknown>, saveToken: (token: unknown) => Promise<void>);
    prefix: string;
    ensureAccessToken(): Promise<unknown>;
  }
}
