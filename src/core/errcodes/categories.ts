/**
 * Which category each errcode falls in. WeChat publishes no categories, so these are wxcred's
 * rules: explicit answers for the well-known codes, then keywords in WeChat's own text, then code
 * ranges, then "parameter" (most of the long tail rejects something in the request).
 */
import type { Bilingual, ErrcodeCategory } from '../../contract/errcodes';

/** Bits of the generated `lists` column (scripts/gen-errcodes.mjs): which public lists carry a code. */
export const LIST_MP = 1;
export const LIST_OPEN = 2;
export const LIST_MA = 4;

const overrides: Readonly<Record<ErrcodeCategory, readonly number[]>> = {
  credential: [40001, 40002, 40013, 40014, 40125, 40243, 41001, 41002, 41004, 42001, 42007, 45063, 61024],
  'ip-whitelist': [40164, 40187, 45035, 48017, 61004, 89501, 89502, 89503, 89504, 89505, 89506, 89507],
  'quota-rate': [45009, 45011, 45040, 48006, 76021, 76022],
  oauth: [40029, 40030, 40163, 41003, 41008, 42002, 42003, 61023],
  'mini-program': [-504002, 40226, 41028, 41029, 41030, 43016],
  permission: [48001, 48004, 50001, 50002, 61007],
  parameter: [40003, 43001, 43002, 43003, 47001],
  system: [-1000, -1, 0, 46007],
};

const overrideByCode = new Map<number, ErrcodeCategory>(
  Object.entries(overrides).flatMap(([category, codes]) => codes.map((code) => [code, category as ErrcodeCategory])),
);

/** Ordered: the first rule whose pattern matches zh or en wins. */
const keywordRules: readonly (readonly [ErrcodeCategory, RegExp])[] = [
  ['ip-whitelist', /\binvalid ip\b|client ?ip|ip[- ]?white|white[- ]?list.*\bip\b|\bip\b.*white[- ]?list|白名单ip|ip白名单|ip地址不在|调用ip/i],
  ['system', /system (?:error|busy|unstable)|inner error|internal error|server err|系统(?:错误|繁忙|不稳定|内部错误|失败)|内部错误|服务繁忙/i],
  ['quota-rate', /quota|too (?:frequent|often|fast)|frequen|retry next minute|rate limit|频率|太频繁|过于频繁|配额|调用次数|调用超过|清零/i],
  ['oauth', /oauth|redirect_uri|refresh_token|\bscope\b|authorize page|网页授权/i],
  ['credential', /access_?token|appsecret|\bsecret\b|credential|component_verify_ticket|component ticket|令牌|密钥/i],
  ['mini-program', /weapp|wxa\b|mini-?program|miniprogram|小程序|小游戏|js_?code|session_key|plugin|插件|云开发|云函数|half-screen|半屏/i],
  ['permission', /unauthori[sz]ed|not authori[sz]ed|no permission|permission|forbid|forbidden|blocked|\bbanned\b|\bban$|punishment|access deny|not allow|need(?:s)? authori[sz]e|require .*authori[sz]e|require verify|未授权|无权限|没有权限|权限|封禁|禁止|未认证|黑名单|black ?list/i],
];

/** Ranges that belong to one product area whatever their text says. */
function byRange(code: number): ErrcodeCategory | null {
  if (code >= 10003 && code <= 10016) return 'oauth';
  if (code >= 85000 && code <= 87999) return 'mini-program';
  if (code >= 89400 && code <= 89499) return 'mini-program';
  return null;
}

export function categorize(code: number, zh: string | null, en: string, lists: number): ErrcodeCategory {
  const override = overrideByCode.get(code);
  if (override) return override;
  const text = `${zh ?? ''}\n${en}`;
  const range = byRange(code);
  for (const [category, pattern] of keywordRules) {
    // A range says more than a generic permission or parameter word, less than IP/quota/system.
    if (range && (category === 'permission' || category === 'mini-program')) break;
    if (pattern.test(text)) return category;
  }
  if (range) return range;
  // Carried only by the mini-program list: a mini-program API's own error.
  if ((lists & LIST_MA) !== 0 && (lists & LIST_MP) === 0 && (lists & LIST_OPEN) === 0) return 'mini-program';
  return 'parameter';
}

/** Codes whose public sources disagree; both readings are shown rather than picking one. */
export const conflicts: ReadonlyMap<number, Bilingual> = new Map([
  [
    40125,
    {
      zh: '来源不一致：开放平台全局返回码表写作「不合法的 AppID」；获取稳定版 access_token（stable_token）的文档写作「invalid appsecret / 无效的 appsecret」。从 token 接口收到时，多半是 AppSecret 的问题。',
      en: 'Sources disagree: the Open Platform global return-code list says "invalid AppID"; the stable_token (getStableAccessToken) docs say "invalid appsecret". From a token endpoint it is most likely the AppSecret.',
    },
  ],
  [
    61004,
    {
      zh: '来源不一致：全局返回码表写作「api 功能未授权」；新版错误码文档写作调用方 IP 未登记（非白名单 IP 调用 token/stable_token，errmsg 为 access clientip is not registered）。errmsg 中含 clientip/requestIP 时按 IP 白名单处理。',
      en: 'Sources disagree: the global return-code list says "API not authorised"; the newer error-code docs say the caller IP is not registered (a non-whitelisted IP calling token/stable_token; errmsg "access clientip is not registered"). When the errmsg mentions clientip/requestIP, treat it as an IP-whitelist problem.',
    },
  ],
]);
