/**
 * The contract's plain values, without zod, so the renderer can import them without pulling the
 * schema library into its bundle. api.ts builds its schemas from these.
 */
export const appKinds = ['official-account', 'mini-program', 'website-app', 'test-account'] as const;
export type AppKind = (typeof appKinds)[number];

/**
 * WeChat's regional API domains; `custom` uses the profile's customBase; `simulator` is the
 * built-in WeChat simulator the host runs on loopback (its port changes with every start).
 */
export const apiDomains = {
  api: 'https://api.weixin.qq.com',
  api2: 'https://api2.weixin.qq.com',
  sh: 'https://sh.api.weixin.qq.com',
  sz: 'https://sz.api.weixin.qq.com',
  hk: 'https://hk.api.weixin.qq.com',
} as const;
export type ApiDomain = keyof typeof apiDomains | 'custom' | 'simulator';
export const apiDomainChoices = ['api', 'api2', 'sh', 'sz', 'hk', 'custom', 'simulator'] as const satisfies readonly ApiDomain[];
/** Profiles whose calls go to the simulator, not to WeChat: marked as such wherever they appear. */
export const isSimulatorProfile = (profile: { domain: ApiDomain }): boolean => profile.domain === 'simulator';

export const tokenLanes = ['stable', 'stable-forced', 'classic'] as const;
export type TokenLane = (typeof tokenLanes)[number];
/** Lanes that make WeChat issue a new token, breaking the one production servers hold. */
export const invalidatingLanes: readonly TokenLane[] = ['stable-forced', 'classic'];

export const APPID_PATTERN = /^wx[0-9a-f]{16}$/;
export const APPID_HINT = 'An AppID is "wx" followed by 16 hexadecimal characters, e.g. wx0123456789abcdef.';
export const isValidAppid = (value: string): boolean => APPID_PATTERN.test(value.trim());

export const callbackCheckActions = ['dns', 'ping', 'all'] as const;
export const callbackCheckOperators = ['DEFAULT', 'CHINANET', 'UNICOM', 'CAP'] as const;

export const oauthScopes = ['snsapi_base', 'snsapi_userinfo', 'snsapi_login'] as const;
export type OAuthScope = (typeof oauthScopes)[number];
export const userInfoLangs = ['zh_CN', 'zh_TW', 'en'] as const;
export type UserInfoLang = (typeof userInfoLangs)[number];

/** What a base64 value with spaces where '+' belongs went through, and how to avoid it. */
export const BASE64_PLUS_AS_SPACE =
  "Has spaces where base64 has '+': it was URL-decoded on the way (in a query string or form body a '+' " +
  'means a space). Send it in a JSON body, or encode it with encodeURIComponent before putting it in a URL.';
