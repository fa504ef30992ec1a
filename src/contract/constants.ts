/**
 * The contract's plain values, without zod, so the renderer can import them without pulling the
 * schema library into its bundle. api.ts builds its schemas from these.
 */
export const appKinds = ['official-account', 'mini-program', 'website-app', 'test-account'] as const;
export type AppKind = (typeof appKinds)[number];

/**
 * WeChat's regional API domains, in the order the UI and the CLI offer them. `custom` uses the
 * profile's customBase; `simulator` is the built-in WeChat simulator the host runs on loopback
 * (its port changes with every start).
 */
export const apiDomainNames = ['api', 'api2', 'sh', 'sz', 'hk'] as const;
export const apiDomains = {
  api: 'https://api.weixin.qq.com',
  api2: 'https://api2.weixin.qq.com',
  sh: 'https://sh.api.weixin.qq.com',
  sz: 'https://sz.api.weixin.qq.com',
  hk: 'https://hk.api.weixin.qq.com',
} as const satisfies Record<(typeof apiDomainNames)[number], string>;
export type ApiDomain = (typeof apiDomainNames)[number] | 'custom' | 'simulator';
export const apiDomainChoices = [...apiDomainNames, 'custom', 'simulator'] as const satisfies readonly ApiDomain[];
/** Profiles whose calls go to the simulator, not to WeChat: marked as such wherever they appear. */
export const isSimulatorProfile = (profile: { domain: ApiDomain }): boolean => profile.domain === 'simulator';

export const tokenLanes = ['stable', 'stable-forced', 'classic'] as const;
/** The lanes the CLI's --lane offers; the forced one is --force on the stable lane. */
export const cliLanes = ['stable', 'classic'] as const satisfies readonly TokenLane[];
export type TokenLane = (typeof tokenLanes)[number];
/** Lanes that make WeChat issue a new token, breaking the one production servers hold. */
export const invalidatingLanes: readonly TokenLane[] = ['stable-forced', 'classic'];

/** WeChat issues tokens for 7200 s; a reply outside 1–7200 (or not an integer) is malformed, never cached. */
export const TOKEN_EXPIRES_IN_MAX_S = 7200;

/** What WeChat's AppSecrets look like; anything else is stored, with a warning. */
export const APPSECRET_PATTERN = /^[0-9a-f]{32}$/i;

/** Loopback host names and addresses (127.0.0.0/8, ::1, localhost), as a URL's hostname gives them. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * A custom API base receives the AppSecret: https anywhere, plain http only on this machine
 * (a simulator or a local test server), where nobody on the network can read it.
 */
export function customBaseProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Must be an absolute https:// URL.';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && isLoopbackHostname(parsed.hostname)) return null;
  return 'A custom API base must be https://, or http:// on a loopback address (127.0.0.1, ::1, localhost): the AppSecret is sent there.';
}

/* eslint-disable no-control-regex -- these patterns exist to find control characters */
/** C0 (incl. NUL), DEL and C1 control characters. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/* eslint-enable no-control-regex */
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a typed AppSecret cannot be stored as it is, or null. Surrounding whitespace is not a problem: it is trimmed. */
export function secretProblem(raw: string): string | null {
  const secret = raw.trim();
  if (CONTROL_CHARACTER.test(secret)) {
    return 'The AppSecret contains a control character (such as NUL, a tab or a line break inside it); paste it again from the WeChat console.';
  }
  if (LONE_SURROGATE.test(secret)) return 'The AppSecret contains a broken character (a lone UTF-16 surrogate); paste it again from the WeChat console.';
  if (/\s/.test(secret)) return 'An AppSecret has no spaces inside it.';
  if (secret.length < 8) return 'An AppSecret is usually 32 characters; this is too short.';
  if (secret.length > 128) return 'Too long for an AppSecret.';
  return null;
}

/**
 * Where a profile's AppSecret would be sent: its API base (a WeChat domain, or the custom URL)
 * and its proxy's origin. A secret is bound to this; an edit that changes it deletes the secret.
 */
export function secretDestination(p: { domain: string; customBase: string | null; proxy: string | null }): string {
  const base = p.domain === 'custom' ? normalisedUrl(p.customBase) : p.domain;
  return `${base}\n${proxyOrigin(p.proxy)}`;
}

function normalisedUrl(url: string | null): string {
  if (!url) return '';
  try {
    return new URL(url.trim()).href.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

function proxyOrigin(proxy: string | null): string {
  if (!proxy) return '';
  try {
    const u = new URL(proxy.trim());
    return `${u.protocol}//${u.host}`;
  } catch {
    return proxy;
  }
}

export const APPID_PATTERN = /^wx[0-9a-f]{16}$/;
export const APPID_HINT = 'An AppID is "wx" followed by 16 hexadecimal characters, e.g. wx0123456789abcdef.';
export const isValidAppid = (value: string): boolean => APPID_PATTERN.test(value.trim());

/** clear_quota and clear_quota/v2 together: WeChat allows 10 a month per account. */
export const CLEAR_QUOTA_MONTHLY_LIMIT = 10;
/** Local spacing between clear_quota calls for one app: a burst (double click, a loop) cannot spend the month's allowance. */
export const CLEAR_QUOTA_MIN_INTERVAL_MS = 60_000;

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

/** WeChat refreshes a stable token at most once per 30 s; a forced call sooner changes nothing. */
export const FORCED_SPACING_MS = 30_000;
export const FORCED_DAILY_LIMIT = 20;
/** /cgi-bin/token's daily limit: 2000, or 200 for a 测试号. */
export const classicDailyLimit = (kind: AppKind): number => (kind === 'test-account' ? 200 : 2000);

/** The API paths whose daily quota the quota panel and getQuota look up. */
export const quotaPaths = ['/cgi-bin/token', '/cgi-bin/stable_token'] as const;
export type QuotaPath = (typeof quotaPaths)[number];

/**
 * Each setting's bounds: the bridge's schema, a hand-edited settings.json and the settings form
 * all hold a value to these.
 */
export const settingBounds = {
  refreshMarginMinutes: { min: 0, max: 110, unit: 'min' },
  connectTimeoutMs: { min: 100, max: 120_000, unit: 'ms' },
  headersTimeoutMs: { min: 100, max: 120_000, unit: 'ms' },
  bodyTimeoutMs: { min: 100, max: 120_000, unit: 'ms' },
  deadlineMs: { min: 500, max: 300_000, unit: 'ms' },
  maxBodyBytes: { min: 1024, max: 64 * 1024 * 1024, unit: 'bytes' },
} as const satisfies Record<string, { min: number; max: number; unit: 'min' | 'ms' | 'bytes' }>;
export type SettingName = keyof typeof settingBounds;

/** The JS-SDK tickets /cgi-bin/ticket/getticket issues: wx.config's jsapi_ticket and the card api_ticket. */
export const ticketTypes = ['jsapi', 'wx_card'] as const;
export type TicketType = (typeof ticketTypes)[number];
/** Only these kinds have web pages that call wx.config; 小程序 and 网站应用 have no JS-SDK. */
export const jssdkKinds: readonly AppKind[] = ['official-account', 'test-account'];

/** The known ways a page's wx.config signature goes wrong, in the order the diagnosis tries them. */
export const jssdkCauses = [
  'other-app',
  'fragment',
  'url-encoded',
  'url-decoded',
  'scheme',
  'trailing-slash',
  'www',
  'share-params',
  'spa-route',
  'timestamp-ms',
  'noncestr',
  'stale-ticket',
  'other-ticket',
  'uppercase-hex',
] as const;
export type JssdkCause = (typeof jssdkCauses)[number];

/** Query parameters WeChat adds to a page shared from a chat, a group or Moments. */
export const wechatShareParams = ['from', 'isappinstalled', 'scene', 'clicktime', 'enterid', 'nsukey', 'sharer_shareid', 'sharer_sharetime', 'winzoom'] as const;

/** Card JS-SDK signatures: addCard's cardExt and chooseCard's cardSign sign different fields. */
export const cardSignKinds = ['addCard', 'chooseCard'] as const;
export type CardSignKind = (typeof cardSignKinds)[number];

export const JSSDK_NONCE_MAX = 32;
export const JSSDK_URL_MAX = 4096;
/** A wx.config pasted from a page: generous for jsApiList, bounded for the parser. */
export const JSSDK_CONFIG_MAX = 16 * 1024;

/**
 * Pasted into the page's devtools console: the URL to sign and the config the page gave wx.config,
 * as one line of JSON ready to paste back. It wraps wx.config, so run it before the page calls it
 * (or reload with it in a snippet); if wx.config already ran it prints what it can.
 */
export const JSSDK_DEVTOOLS_SNIPPET =
  "(()=>{const u=location.href.split('#')[0],p=(c)=>console.log(JSON.stringify({url:u,href:location.href,config:c&&{appId:c.appId,timestamp:c.timestamp,nonceStr:c.nonceStr,signature:c.signature}}));if(window.wx&&wx.config&&!wx.config.__wxcred){const o=wx.config;wx.config=function(c){p(c);return o.apply(this,arguments)};wx.config.__wxcred=1}console.log(JSON.stringify({url:u,href:location.href}))})()";
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
/**
 * Web mode: the header (and its value) on the bridge's refusal that means "this browser has no
 * session", which the page answers with a full-page "open the URL the command printed".
 */
export const WEB_SESSION_HEADER = 'x-wxcred-session';
export const WEB_NO_SESSION = 'none';

/**
 * A profiles export (apps without secrets): its format name, version, and what an import reads at
 * most. Under the bridge's own limits, so a big file gets this message rather than a transport one.
 */
export const PROFILES_EXPORT_FORMAT = 'wxcred-profiles';
export const PROFILES_EXPORT_VERSION = 1;
export const PROFILES_IMPORT_MAX_BYTES = 200 * 1024;
export const PROFILES_IMPORT_MAX_APPS = 500;
