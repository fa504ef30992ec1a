/**
 * wxcred's own cause-and-fix notes for the errcodes developers hit most. Written for this project
 * from WeChat's documentation and announcements; where WeChat's console menus have moved over the
 * years the text names both places and says so, because a stale path is worse than none.
 */
import type { Bilingual } from '../../contract/errcodes';

export interface Guidance {
  cause: Bilingual;
  fix: Bilingual;
}

const g = (causeZh: string, causeEn: string, fixZh: string, fixEn: string): Guidance => ({
  cause: { zh: causeZh, en: causeEn },
  fix: { zh: fixZh, en: fixEn },
});

const WHITELIST_WHERE_ZH =
  '白名单位置：公众号在「微信公众平台 → 设置与开发 → 基本配置 → IP白名单」；小程序/小游戏在「开发管理 → 开发设置 → IP白名单」；测试号没有 IP 白名单（测试号收到此错误多半是用错了 AppID/AppSecret）。新版后台已把部分开发配置迁到「微信开发者平台」，菜单名可能不同，找 AppSecret 旁边的「IP白名单」即可。保存需管理员扫码确认，生效通常要几分钟。';
const WHITELIST_WHERE_EN =
  'Where: for an Official Account, mp.weixin.qq.com → 设置与开发 (Settings & Development) → 基本配置 (Basic Configuration) → IP白名单 (IP whitelist); for a Mini Program / Mini Game, 开发管理 → 开发设置 → IP白名单; a 测试号 (test account) has no IP whitelist (one that gets this error is most likely using another app’s AppID or AppSecret). Newer consoles have moved developer settings to the WeChat Developer Platform, so labels vary: look for "IP白名单" next to the AppSecret. An admin must confirm the change by scanning a QR code, and it usually takes a few minutes to apply.';

const WHICH_IP_ZH =
  '要加的是 errmsg 里「invalid ip」后面的地址——微信看到的出口 IP，而不是本机网卡上的地址：NAT、云服务器的 NAT 网关/弹性 IP、公司代理、VPN 都会改变出口 IP；家庭宽带的公网 IP 还会变。若 errmsg 同时给出 ipv6 ::ffff:a.b.c.d，那只是同一个 IPv4 的映射写法，加 a.b.c.d 即可；若出口本身是 IPv6，则需加该 IPv6 地址。若写的是 invalid ip 0.0.0.0，说明微信没能识别出口地址（常见于运营商级 NAT），加 0.0.0.0 不是有效办法，请换固定公网 IP 的服务器或代理。';
const WHICH_IP_EN =
  'Add the address that follows "invalid ip" in the errmsg: the egress IP WeChat saw, not the address on your network card. NAT, a cloud NAT gateway or elastic IP, corporate proxies and VPNs all change it, and home broadband addresses change over time. If the errmsg also shows "ipv6 ::ffff:a.b.c.d", that is only the IPv4-mapped spelling of the same address: add a.b.c.d. If your egress really is IPv6, add that IPv6 address. If it says "invalid ip 0.0.0.0", WeChat could not tell your egress address (seen behind carrier-grade NAT): whitelisting 0.0.0.0 is no fix; call from a server with a fixed public IP or through a proxy.';

const OAUTH_DOMAIN_ZH =
  '网页授权域名在「公众号设置 → 功能设置 → 网页授权域名」（测试号在测试号页面「网页授权获取用户基本信息」处修改）。';
const OAUTH_DOMAIN_EN =
  'The OAuth callback domain is set under 公众号设置 → 功能设置 → 网页授权域名 (for a test account: the "网页授权获取用户基本信息" row on the test-account page).';

export const guidance: ReadonlyMap<number, Guidance> = new Map<number, Guidance>([
  [
    -1,
    g(
      '微信服务端暂时繁忙或内部出错，与请求内容无关。',
      "A transient failure on WeChat's side; nothing in your request caused it.",
      '稍后按退避重试（如 1s、2s、4s），不要紧密循环重试。若持续出现，记下 errmsg 中的 rid 去微信开放社区反馈，并查看是否有服务公告。',
      'Retry with backoff (e.g. 1 s, 2 s, 4 s), not in a tight loop. If it persists, note the rid from the errmsg, check for service announcements, and report it on the WeChat developer community.',
    ),
  ],
  [
    40001,
    g(
      '按现在最常见的顺序：① 调用接口时 access_token 无效或不是最新的——通常是另一台服务器或脚本调用了 /cgi-bin/token，或用 force_refresh: true 调用了 stable_token，使你手里的旧 token 失效（旧 token 只有约 5 分钟过渡期）；② 传的根本不是接口调用凭证：网页授权的用户 access_token（sns/oauth2 换来的）或一串乱码，现网对这两种也回 40001，而不是 40014；③ 较早的账号或文档里，获取 token 时 AppSecret 错误也回 40001——如今 /cgi-bin/token 与 stable_token 对错误的 AppSecret 回 40125。',
      'In the order seen today: (1) while calling an API, the access_token is invalid or not the latest, usually because another server or script called /cgi-bin/token, or called stable_token with force_refresh: true, which retires the token you hold (the old one survives only about 5 minutes); (2) what was sent is not a server token at all: a user access_token from the OAuth exchange (sns/oauth2) or garbage, which live WeChat also answers with 40001, not 40014; (3) in older accounts and docs, a wrong AppSecret while fetching the token gave 40001 — today /cgi-bin/token and stable_token answer a wrong AppSecret with 40125.',
      '获取 token 用 stable_token（force_refresh: false）：它返回线上正在用的 token，不会让任何 token 失效。全系统由一个中控服务统一获取并分发 token，不要各处各自调用 /cgi-bin/token。服务端接口只能用 /cgi-bin/token 或 stable_token 拿到的 token，网页授权的用户 token 只能调 /sns/ 接口。若获取 token 这一步就返回 40001，从后台重新复制 AppSecret（重置会让旧密钥立即失效），并确认它与 AppID 配对。',
      'Fetch tokens with stable_token (force_refresh: false): it returns the token production already holds and retires nothing. Let one central service fetch and share the token instead of each process calling /cgi-bin/token. Server APIs take only a token from /cgi-bin/token or stable_token; a user’s OAuth token works only for the /sns/ APIs. If fetching the token itself returns 40001, copy the AppSecret again from the console (a reset retires the old one at once) and check it pairs with the AppID.',
    ),
  ],
  [
    40002,
    g(
      'grant_type 取值不对。',
      'The grant_type value is wrong.',
      '/cgi-bin/token 与 stable_token 用 client_credential；网页授权换 token 与 jscode2session 用 authorization_code；刷新网页授权 token 用 refresh_token。注意全小写、无空格。',
      'Use client_credential for /cgi-bin/token and stable_token, authorization_code for the OAuth code exchange and jscode2session, and refresh_token for refreshing an OAuth token. All lower case, no spaces.',
    ),
  ],
  [
    40003,
    g(
      'openid 不合法：openid 是按 AppID 区分的，同一用户在不同公众号/小程序下 openid 不同；也可能被截断、拼错或来自测试号。',
      'Invalid openid. OpenIDs are per AppID: the same person has a different openid in each account. It may also be truncated, mistyped or from a test account.',
      '确认 openid 是通过当前 AppID（同一 access_token 所属账号）获取的；跨账号识别同一用户请用 unionid。',
      'Make sure the openid was obtained under the same AppID that owns the access_token. To recognise one person across accounts, use the unionid.',
    ),
  ],
  [
    40013,
    g(
      'AppID 不合法：拼写错误、带空格或换行、大小写错误，或该 AppID 类型不能调用此接口。',
      'Invalid AppID: a typo, stray whitespace or line break, wrong case, or an AppID of a kind this API does not accept.',
      '从后台重新复制 AppID（wx 开头加 16 位十六进制字符）；检查配置里是否混用了测试号和正式号；确认接口适用于该账号类型。',
      'Copy the AppID again from the console ("wx" followed by 16 hex characters). Check that test-account and production AppIDs are not mixed, and that the API applies to this kind of account.',
    ),
  ],
  [
    40014,
    g(
      'access_token 格式不合法：被截断（存储字段太短）、被 URL 编码破坏（+ 变成空格、被二次编码），或取自另一个 AppID 或环境。（误传网页授权的用户 token 或乱码时，现网回的是 40001，见 40001。）',
      'Malformed access_token: truncated by a short storage column, mangled by URL encoding (+ turned into a space, encoded twice), or taken from another AppID or environment. (A user OAuth token or garbage sent to a server API gets 40001 from live WeChat; see 40001.)',
      '存储 access_token 至少预留 512 个字符；以 ?access_token= 查询参数传递；确认 token 与接口属于同一账号。丢弃缓存重新获取一次再试。',
      'Reserve at least 512 characters for stored tokens, pass it as the ?access_token= query parameter, and check the token belongs to the same account as the API. Drop the cached token and fetch a fresh one.',
    ),
  ],
  [
    40029,
    g(
      'code 无效：网页授权 code 或小程序 js_code 已过期（约 5 分钟）、不是由当前 AppID 生成（前端 wx.login 所在小程序与后端使用的 AppID 不一致），或被截断/编码错误。',
      'Invalid code: the OAuth code or mini-program js_code has expired (about 5 minutes), was issued for a different AppID (the mini program that called wx.login is not the AppID your server uses), or was truncated or mis-encoded.',
      '拿到 code 后立即在服务端换取，且只换一次；核对 AppID/AppSecret 与生成 code 的应用一致；重新授权或重新 wx.login 获取新 code。',
      'Exchange the code on your server right away, once. Check that the AppID/AppSecret pair matches the app that produced the code. Get a new code by authorising again or calling wx.login again.',
    ),
  ],
  [
    40125,
    g(
      'AppSecret 无效：填错、多了空格、已在后台重置，或与 AppID 不配对。（注意：全局返回码表把此码写成「不合法的 AppID」，获取 stable_token 的文档则写作 invalid appsecret；实际收到时先查 AppSecret。）',
      'Invalid AppSecret: mistyped, stray whitespace, reset in the console, or not the pair of this AppID. (The global list calls this code "invalid AppID" while the stable_token docs say "invalid appsecret"; in practice, check the AppSecret first.)',
      '在后台查看或重置 AppSecret 后完整复制（32 位）；重置后旧密钥立即失效，所有使用它的服务都要更新；确认 AppID 与 AppSecret 属于同一账号。',
      'View or reset the AppSecret in the console and copy all 32 characters. A reset retires the old secret at once, so update every service that uses it. Make sure the AppID and AppSecret belong to the same account.',
    ),
  ],
  [
    40163,
    g(
      'code 已被使用：每个 code 只能换一次。常见原因：用户刷新或后退到带 code 的回调页、前后端都去换了 code、请求被重试中间件或开发模式下的重复渲染发了两次。',
      'The code was already used: each code can be exchanged once. Typical causes: the user refreshed or went back to the callback URL that carries the code, both front end and back end exchanged it, or a retry layer (or a development double render) sent the request twice.',
      '只在服务端换一次，并按 code 缓存结果；换完后重定向到不带 code 的地址；需要新结果时重新发起授权或重新 wx.login。',
      'Exchange it once on the server and cache the result by code; redirect to a URL without the code afterwards; to get a new result, start authorisation again or call wx.login again.',
    ),
  ],
  [
    40164,
    g(
      '调用方出口 IP 不在该账号的接口 IP 白名单中。已知的是：公众号获取 access_token（token、stable_token）要求调用 IP 在白名单内；小程序、小游戏和较早注册的账号，微信官方社区的答复并不一致（有的说未配置白名单时不校验，有的说一律校验），其他接口是否校验也因账号而异。最可靠的确认方法：在那台服务器上运行 wxcred check，看微信对这台机器的真实回答。',
      "The caller's egress IP is not in the account's API IP whitelist. What is known: an Official Account's token calls (token, stable_token) require the caller's IP to be whitelisted; for Mini Programs, Mini Games and older accounts, WeChat staff answers in the developer community disagree (some say an empty whitelist is not enforced, some that it always is), and whether other APIs check it varies by account. The reliable way to know: run wxcred check on that server and read WeChat's real answer for that machine.",
      `${WHICH_IP_ZH} ${WHITELIST_WHERE_ZH} 出口 IP 不固定时，改从固定 IP 的服务器调用，或经出口 IP 已加白的代理转发（wxcred 可为每个应用配置代理）。`,
      `${WHICH_IP_EN} ${WHITELIST_WHERE_EN} If your egress IP is not fixed, call from a server with a fixed IP, or route through a proxy whose egress IP is whitelisted (wxcred can set a proxy per app).`,
    ),
  ],
  [
    40226,
    g(
      '微信判定该用户为高风险等级用户，拦截了小程序登录（code2session）。这是微信对用户账号的风控，不是你的代码问题。',
      "WeChat rated this user high-risk and blocked the mini-program login (code2session). It is WeChat's risk control on the user's account, not a bug in your code.",
      '不要反复重试同一用户；在前端给出友好提示（如稍后再试或换号登录）。开发者无法解除该拦截。',
      'Do not keep retrying for this user; show a friendly message in the app (try later, or use another account). Developers cannot lift this block.',
    ),
  ],
  [
    40243,
    g(
      'AppSecret 已在后台被冻结，不能再用它获取 access_token。',
      'The AppSecret has been frozen in the console and can no longer fetch access tokens.',
      '由管理员在后台 AppSecret 处解冻；冻结与解冻都需要约 10 分钟生效。',
      'An admin can unfreeze it next to the AppSecret in the console; freezing and unfreezing each take about 10 minutes to apply.',
    ),
  ],
  [
    41001,
    g(
      '请求中没有 access_token 参数（或为空）。',
      'The request carries no access_token parameter (or an empty one).',
      '把 access_token 放在 URL 查询参数里（?access_token=...），不要只放在 JSON 请求体中；检查拼接 URL 的代码和获取 token 的步骤是否返回了空值。',
      'Put access_token in the URL query (?access_token=...), not only in the JSON body. Check the URL-building code and whether the token step returned an empty value.',
    ),
  ],
  [
    41002,
    g(
      '请求中缺少 appid 参数。',
      'The request has no appid parameter.',
      '检查参数名（appid，全小写）和传递方式：stable_token 只接受 POST JSON 请求体，表单或查询参数会被当作缺失。',
      'Check the parameter name (appid, lower case) and where it goes: stable_token only reads a POST JSON body, so form fields or query parameters count as missing.',
    ),
  ],
  [
    41004,
    g(
      '请求中缺少 secret 参数。',
      'The request has no secret parameter.',
      'token 与 stable_token 的参数名是 secret，clear_quota/v2 的是 appsecret；stable_token 需放在 POST JSON 请求体中。同时确认配置里 AppSecret 不为空。',
      'The name is secret for token and stable_token, and appsecret for clear_quota/v2; stable_token needs it in the POST JSON body. Also check the configured AppSecret is not empty.',
    ),
  ],
  [
    41008,
    g(
      '请求中缺少 code（网页授权为 code，jscode2session 为 js_code），或值为空。',
      'The request has no code (code for the OAuth exchange, js_code for jscode2session), or it is empty.',
      '确认前端把 wx.login 或回调 URL 中的 code 传到了服务端，参数名与接口一致，且没有在转发中丢失。',
      'Check that the front end passed the code from wx.login or the callback URL to your server, that the parameter name matches the endpoint, and that nothing dropped it on the way.',
    ),
  ],
  [
    42001,
    g(
      'access_token 已过期：超过了获取时返回的 expires_in（通常 7200 秒），多为缓存没有按过期时间淘汰，或服务器时钟不准。',
      'The access_token has expired: it is older than the expires_in returned with it (usually 7200 s). Usually a cache that ignores expiry, or a skewed server clock.',
      '按 expires_in 提前刷新（例如剩余 5 分钟时）；收到 42001 时丢弃缓存重新获取一次再重试。',
      'Refresh ahead of expires_in (e.g. with 5 minutes left); on 42001, drop the cached token, fetch a new one, and retry once.',
    ),
  ],
  [
    42002,
    g(
      '网页授权的 refresh_token 已过期（有效期 30 天），或用户修改了密码、取消了授权。',
      'The OAuth refresh_token has expired (it lives 30 days), or the user changed their password or revoked authorisation.',
      '让用户重新走一次网页授权获取新的 code。',
      'Send the user through OAuth authorisation again to get a new code.',
    ),
  ],
  [
    42003,
    g(
      'code 已超时：网页授权 code 约 5 分钟有效，未被使用也会过期。',
      'The code timed out: an OAuth code is valid for about 5 minutes, used or not.',
      '在回调里立即换取，不要排队或延后处理；重新授权获取新 code。',
      'Exchange it immediately in the callback instead of queueing it; authorise again for a new code.',
    ),
  ],
  [
    43002,
    g(
      '该接口要求 POST，而请求用了 GET（例如直接在浏览器地址栏打开）。',
      'The endpoint requires POST but got GET (for example, opened in a browser address bar).',
      '改用 POST；stable_token 等接口还要求 JSON 请求体和 Content-Type: application/json。',
      'Use POST; stable_token and similar endpoints also want a JSON body with Content-Type: application/json.',
    ),
  ],
  [
    45009,
    g(
      '该接口当天的调用次数已达上限（例如旧版 /cgi-bin/token 每天只有 2000 次）。多由每次请求都重新获取 access_token、或循环重试造成。',
      "The API's daily call quota is used up (the classic /cgi-bin/token allows only 2,000 calls a day, for example). Usually caused by fetching a token per request, or by retry loops.",
      '先修复调用方式（缓存 token，全系统共用）。急需时可重置次数：/cgi-bin/clear_quota（需 access_token）或 /cgi-bin/clear_quota/v2（用 appid 与 appsecret，适合 token 本身已无法获取时）；两者合计每月 10 次。可用 /cgi-bin/openapi/quota/get 查看用量。次数每日自动恢复。',
      'Fix the calling pattern first (cache the token and share it). If you must, reset the count with /cgi-bin/clear_quota (needs an access_token) or /cgi-bin/clear_quota/v2 (takes appid and appsecret, for when you cannot get a token at all); together they allow 10 resets a month. /cgi-bin/openapi/quota/get shows usage. Quotas also reset daily.',
    ),
  ],
  [
    45011,
    g(
      '触发了每分钟频率限制：短时间内调用过于密集。',
      'The per-minute rate limit was hit: too many calls in a short burst.',
      '降低并发、加退避，下一分钟再试；批量任务要限速，避免多个进程同时重试。',
      'Lower concurrency, back off and retry next minute; throttle batch jobs so several processes do not retry at once.',
    ),
  ],
  [
    48001,
    g(
      '账号没有该接口权限：账号类型不支持（如订阅号、个人主体）、未认证、功能未开通，或第三方平台未获授权。网页授权场景：用 snsapi_base 拿到的 access_token 调 /sns/userinfo 也会返回 48001。',
      'The account has no permission for this API: the account type does not support it (e.g. a subscription account or an individual), it is not verified, the feature is not enabled, or a third-party platform was not granted it. In OAuth: an access_token from scope snsapi_base calling /sns/userinfo also returns 48001.',
      '在后台「接口权限」中查看该接口状态并按要求认证或开通；需要用户资料时用 scope=snsapi_userinfo 授权；第三方平台需让商家授权对应权限集。',
      'Check the API in the console\'s 接口权限 (API permissions) list and verify or enable as required; request scope=snsapi_userinfo when you need the profile; a third-party platform needs the merchant to grant the matching permission set.',
    ),
  ],
  [
    48006,
    g(
      '本月清零调用次数的机会（clear_quota 与 clear_quota/v2 合计 10 次）已用完。',
      'This month\'s quota resets (10, shared by clear_quota and clear_quota/v2) are used up.',
      '等待每日配额自然恢复或下月；同时排查为什么会耗尽配额（通常是没有缓存 access_token）。',
      'Wait for the daily quota to recover, or for next month; meanwhile find out why the quota runs out (usually tokens are not cached).',
    ),
  ],
  [
    48017,
    g(
      '请求打到了已裁撤的中国香港地区 api.weixin.qq.com 旧接入 IP（2023 年 9 月 1 日起返回此码），通常因 hosts 文件、防火墙规则或代码里写死了 IP。',
      'The request reached a decommissioned Hong Kong entry IP of api.weixin.qq.com (this code since 1 September 2023), usually because the IP was pinned in a hosts file, firewall rule or code.',
      '删除 hosts 中对 api.weixin.qq.com 的配置，改用 DNS 解析；重启缓存 DNS 的代理（如 nginx）；防火墙需要 IP 列表时，用获取微信服务器 IP 的接口实时获取。',
      'Remove hosts-file entries for api.weixin.qq.com and let DNS resolve it; restart proxies that cache DNS (e.g. nginx); if a firewall needs addresses, fetch the current list from the WeChat server-IP API.',
    ),
  ],
  [
    50001,
    g(
      '用户未授权该接口，或账号无权调用该接口。',
      'The user has not authorised this API, or the account may not call it.',
      '确认用户已在前端完成相应授权；检查账号类型与接口权限；第三方平台确认已获得对应权限集。',
      'Make sure the user completed the matching authorisation in the app; check the account type and API permissions; a third-party platform should check it holds the permission set.',
    ),
  ],
  [
    50002,
    g(
      '账号或用户受限，多因违规导致接口被封禁。',
      'The account or user is restricted, usually because of a violation that blocked the API.',
      '登录后台查看违规通知和限制期限，按提示整改或申诉；代码层面无法绕过。',
      'Read the violation notice and its duration in the console, fix or appeal as instructed; it cannot be worked around in code.',
    ),
  ],
  [
    61004,
    g(
      '公开资料对此码有两种解读：新版错误码文档认为是调用方 IP 未登记（非白名单 IP 调用 token/stable_token，第三方平台调用 api_component_token 时也常见，errmsg 形如「access clientip is not registered requestIP: x.x.x.x」）；旧版全局返回码表写作「api 功能未授权」。',
      'Public sources disagree: the newer error-code docs say the caller\'s IP is not registered (a non-whitelisted IP calling token/stable_token; also common for third-party platforms calling api_component_token, with an errmsg like "access clientip is not registered requestIP: x.x.x.x"); the older global list says "API not authorised".',
      `若 errmsg 含 clientip / requestIP：把 errmsg 里「requestIP:」后面的地址加入白名单——那是微信看到的出口 IP，不是本机网卡上的地址（NAT、代理、VPN 都会改变它）。第三方平台在开放平台「第三方平台 → 开发配置」的白名单 IP 中，公众号/小程序的位置见 40164 的说明。若没有 IP 信息，按「接口未授权」排查权限。`,
      `If the errmsg mentions clientip / requestIP, whitelist the address that follows "requestIP:" in the errmsg: the egress IP WeChat saw, not the address on your network card (NAT, proxies and VPNs change it). For a third-party platform that is its development settings on the Open Platform (白名单IP地址); for an Official Account or Mini Program, see 40164 for where. Without IP details, treat it as "API not authorised" and check permissions.`,
    ),
  ],
  [
    61024,
    g(
      '用第三方平台（component）的 AppID 调了普通的 /cgi-bin/token。第三方平台不能这样获取令牌。',
      "A third-party platform's (component) AppID was used with the ordinary /cgi-bin/token. Platforms cannot get tokens that way.",
      '改用 /cgi-bin/component/api_component_token，配合 component_appid、component_appsecret 和推送来的 component_verify_ticket 获取 component_access_token；代商家调用时再用 authorizer_access_token。',
      'Use /cgi-bin/component/api_component_token with component_appid, component_appsecret and the pushed component_verify_ticket to get a component_access_token; to act for a merchant, use an authorizer_access_token.',
    ),
  ],
  [
    76021,
    g(
      '查询或清零单个接口配额时，cgi_path 填错了，找不到该接口。',
      'The cgi_path passed to the per-API quota query or reset does not name a known API.',
      'cgi_path 只写接口路径，以 / 开头，不带域名和查询参数，例如 /cgi-bin/message/custom/send。',
      'Give only the path, starting with "/", without the domain or query string, e.g. /cgi-bin/message/custom/send.',
    ),
  ],
  [
    76022,
    g(
      '当前 access_token 所属账号与该接口的归属不符，无权查询或清零；/sns/ 开头的接口也不支持。',
      'The access_token belongs to an account that does not own this API, so it may not query or reset it; /sns/ APIs are not supported either.',
      '用实际调用该接口的账号的 token（第三方代调用时用 authorizer_access_token）；/sns/ 类接口无法通过此方式查询配额。',
      'Use the token of the account that actually calls the API (authorizer_access_token when acting for a merchant); /sns/ APIs cannot be queried this way.',
    ),
  ],
  [
    89501,
    g(
      '该 IP 获取 access_token 的请求正在等待管理员确认（风控流程）。',
      'A token request from this IP is waiting for an admin to confirm it (risk control).',
      '联系管理员在微信中查看并确认来自该 IP 的调用，确认后再重试；把该 IP 加入白名单可避免此流程。',
      'Ask an admin to review and confirm the call from this IP in WeChat, then retry; whitelisting the IP avoids this flow.',
    ),
  ],
  [
    89503,
    g(
      '风控认为此次从该 IP 获取 access_token 有风险，需要管理员确认；微信会向管理员下发确认消息。',
      "Risk control flagged this token request from this IP; an admin must confirm it, and WeChat sends the admin a confirmation message.",
      '请管理员在微信里确认该 IP 可以调用，然后用同一 IP 重试；长期方案是把服务器出口 IP 加入 IP 白名单（见 40164）。不要频繁重试，管理员拒绝会导致 89506/89507 封禁。',
      'Have an admin confirm the IP in WeChat, then retry from the same IP. The lasting fix is to whitelist your egress IP (see 40164). Do not keep retrying: admin rejections lead to the 89506/89507 blocks.',
    ),
  ],
  [
    89506,
    g(
      '24 小时内管理员两次拒绝了该 IP 的调用，此 IP 在 24 小时内不能再获取 access_token。',
      'An admin rejected calls from this IP twice within 24 hours, so the IP cannot fetch tokens for 24 hours.',
      '等待 24 小时，或改从已加入白名单的 IP 调用；先和管理员确认该 IP 是否确属你们的服务器。',
      'Wait 24 hours or call from a whitelisted IP; first confirm with the admin that this IP really is one of your servers.',
    ),
  ],
  [
    89507,
    g(
      '1 小时内管理员拒绝了该 IP 的调用一次，此 IP 在 1 小时内不能再获取 access_token。',
      'An admin rejected a call from this IP within the last hour, so the IP cannot fetch tokens for 1 hour.',
      '等待 1 小时，或改从已加入白名单的 IP 调用；与管理员沟通，避免再次被拒（第二次会封禁 24 小时）。',
      'Wait an hour or call from a whitelisted IP; talk to the admin so it is not rejected again (a second rejection blocks it for 24 hours).',
    ),
  ],
  [
    10003,
    g(
      '网页授权页报错：redirect_uri 的域名与后台配置的网页授权域名不一致（子域名、端口不同也算不一致）。',
      "OAuth page error: the redirect_uri's domain differs from the configured OAuth domain (a different subdomain or port also counts).",
      `${OAUTH_DOMAIN_ZH}填写完整域名，不带 http(s):// 和路径，并按提示把校验文件放到域名根目录；redirect_uri 需 URL 编码；确认 AppID 与配置域名的账号一致。`,
      `${OAUTH_DOMAIN_EN} Enter the full host name without http(s):// or a path, place the verification file at the domain root as instructed, URL-encode redirect_uri, and make sure the AppID is the account whose domain you configured.`,
    ),
  ],
  [
    10004,
    g(
      '网页授权页报错：该公众号已被封禁。',
      'OAuth page error: the Official Account is banned.',
      '登录公众平台查看封禁原因和申诉途径；代码层面无法解决。',
      'Check the reason and appeal options in the console; code cannot fix this.',
    ),
  ],
  [
    10005,
    g(
      '网页授权页报错：该公众号没有所请求 scope 的权限，例如未认证的服务号或订阅号请求 snsapi_userinfo，或 scope 拼写错误。',
      'OAuth page error: the account lacks the requested scope, e.g. an unverified service account or a subscription account asking for snsapi_userinfo, or a misspelled scope.',
      '检查「接口权限 → 网页授权」是否可用；scope 只能是 snsapi_base 或 snsapi_userinfo（网站应用扫码登录用 snsapi_login，走 qrconnect）；需要时完成认证或改用 snsapi_base。',
      'Check 接口权限 → 网页授权 in the console; scope must be snsapi_base or snsapi_userinfo (website QR login uses snsapi_login via qrconnect). Verify the account if needed, or use snsapi_base.',
    ),
  ],
  [
    10006,
    g(
      '网页授权页报错：使用测试号时，用户必须先关注该测试号。',
      'OAuth page error: with a test account, the user must follow it first.',
      '在测试号页面扫码关注后再授权。',
      'Scan the QR code on the test-account page to follow it, then authorise again.',
    ),
  ],
  [
    10009,
    g(
      '网页授权页报错：操作过于频繁。',
      'OAuth page error: too many attempts.',
      '稍后再试，并检查是否有重定向循环在反复发起授权。',
      'Try again later, and check for a redirect loop that keeps restarting authorisation.',
    ),
  ],
  [
    10015,
    g(
      '网页授权页报错：通过第三方平台代公众号发起授权，但该公众号未授权给该第三方平台（或已取消）。',
      'OAuth page error: authorisation was started through a third-party platform that the Official Account has not authorised (or has revoked).',
      '让公众号管理员重新授权给该第三方平台，并确认授权了网页授权相关权限集。',
      'Have the account admin authorise the platform again, including the web-authorisation permission set.',
    ),
  ],
  [
    10016,
    g(
      '网页授权页报错：在公众号网页授权地址（open.weixin.qq.com/connect/oauth2/authorize）中用了开放平台的 AppID（网站应用、移动应用）。',
      'OAuth page error: an Open Platform AppID (website or mobile app) was used with the Official Account OAuth URL (open.weixin.qq.com/connect/oauth2/authorize).',
      '微信内网页授权请用公众号的 AppID；网站扫码登录请改用 /connect/qrconnect 与 scope=snsapi_login。',
      "Use the Official Account's AppID for in-WeChat web authorisation; for website QR login use /connect/qrconnect with scope=snsapi_login.",
    ),
  ],
]);
