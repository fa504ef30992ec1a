/**
 * The contract's plain values, without zod, so the renderer can import them without pulling the
 * schema library into its bundle. api.ts builds its schemas from these.
 */
export const appKinds = ['official-account', 'mini-program', 'website-app', 'test-account'] as const;
export type AppKind = (typeof appKinds)[number];

/** WeChat's regional API domains; `custom` uses the profile's customBase. */
export const apiDomains = {
  api: 'https://api.weixin.qq.com',
  api2: 'https://api2.weixin.qq.com',
  sh: 'https://sh.api.weixin.qq.com',
  sz: 'https://sz.api.weixin.qq.com',
  hk: 'https://hk.api.weixin.qq.com',
} as const;
export type ApiDomain = keyof typeof apiDomains | 'custom';
export const apiDomainChoices = ['api', 'api2', 'sh', 'sz', 'hk', 'custom'] as const satisfies readonly ApiDomain[];

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

/** Server URL lab (服务器配置): the rules WeChat's console and servers apply. */
export const callbackSecretKinds = ['token', 'aesKey'] as const;
export type CallbackSecretKind = (typeof callbackSecretKinds)[number];
/** 明文 (plain), 兼容 (compatible: plaintext and ciphertext side by side), 安全 (safe: ciphertext only). */
export const callbackModes = ['plain', 'compatible', 'safe'] as const;
export type CallbackMode = (typeof callbackModes)[number];
export const callbackMessages = ['text', 'subscribe'] as const;
export type CallbackMessage = (typeof callbackMessages)[number];
/** 公众号 pushes are XML; a 小程序 chooses XML or JSON in its message-push settings. */
export const callbackFormats = ['xml', 'json'] as const;
export type CallbackFormat = (typeof callbackFormats)[number];
/** The console's rule for a Token: 3–32 letters or digits. */
export const CALLBACK_TOKEN_PATTERN = /^[A-Za-z0-9]{3,32}$/;
export const CALLBACK_TOKEN_HINT = 'A Token is 3 to 32 letters or digits, the same as on the server and in the console.';
/** 43 base64 characters: 32 bytes once "=" is appended. */
export const AES_KEY_LENGTH = 43;
export const AES_KEY_PATTERN = /^[A-Za-z0-9+/]{43}$/;
export const AES_KEY_HINT = 'An EncodingAESKey is exactly 43 characters from A–Z, a–z, 0–9, + and /.';
/** WeChat gives up on a callback that has not answered within 5 seconds (and retries a push 3 times). */
export const CALLBACK_DEADLINE_MS = 5000;
/** WeChat accepts server URLs on these ports only. */
export const CALLBACK_PORTS = { 'http:': 80, 'https:': 443 } as const;
/** Pasted messages and server replies are small; anything bigger is not a WeChat message. */
export const CALLBACK_MAX_BODY = 64 * 1024;
