/**
 * Every string the UI shows, in English and Simplified Chinese. Keys derived from the contract's
 * unions (kinds, lanes, reasons, categories) are checked for completeness by the compiler.
 */
import type { ApiDomain, AppKind, TokenLane } from '../../shared/api';
import type { ErrcodeCategory, ErrcodeEntry } from '../../shared/errcodes/types';
import type { KeychainReason, NetworkReason } from '../../shared/errors';

export const langs = ['en', 'zh-CN'] as const;
export type Lang = (typeof langs)[number];

const en = {
  'lang.en': 'English',
  'lang.zh-CN': '简体中文',
  'settings.language': 'Language',

  'app.subtitle': 'WeChat credential console',
  'app.loading': 'Loading…',
  'mode.electron': 'desktop',
  'mode.web': 'web mode',
  'mode.cli': 'command line',
  'tab.label': 'App tools',
  'tab.token': 'Token',
  'banner.apiBaseOverride': 'All calls go to {base} (WXCRED_API_BASE)',

  'nav.apps': 'Apps',
  'nav.errcodes': 'Errcode lookup',
  'nav.label': 'Sections',

  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.copy': 'Copy',
  'common.copied': 'Copied',
  'common.copyFailed': 'Copy failed',
  'common.show': 'Show',
  'common.hide': 'Hide',
  'common.saving': 'Saving…',
  'common.deleting': 'Deleting…',

  'profiles.add': 'Add app',
  'profiles.empty': 'No apps yet. Add one by its AppID.',
  'profiles.none': 'Pick an app on the left, or add one.',
  'profile.addTitle': 'Add app',
  'profile.editTitle': 'Edit {label}',
  'profile.label': 'Name',
  'profile.appid': 'AppID',
  'profile.appidInvalid': 'wx + 16 hex characters',
  'profile.labelRequired': 'Give the app a name.',
  'profile.kind': 'Type',
  'profile.domain': 'API domain',
  'profile.customBase': 'Custom base URL',
  'profile.urlInvalid': 'An absolute http:// or https:// URL.',
  'profile.proxy': 'Proxy URL (optional)',
  'profile.proxyHelp': 'Calls go through this HTTP(S) proxy: pick one whose egress IP is whitelisted.',
  'profile.save': 'Save',
  'profile.edit': 'Edit',
  'profile.delete': 'Delete app',
  'profile.deleteTitle': 'Delete “{label}”?',
  'profile.deleteBody': 'wxcred forgets this app. Nothing changes on WeChat’s side.',

  'kind.official-account': 'Official Account · 公众号',
  'kind.mini-program': 'Mini Program · 小程序',
  'kind.website-app': 'Website App · 网站应用',
  'kind.test-account': 'Test Account · 测试号',

  'domain.api': 'Default',
  'domain.api2': 'Backup',
  'domain.sh': 'Shanghai',
  'domain.sz': 'Shenzhen',
  'domain.hk': 'Hong Kong',
  'domain.custom': 'Custom…',

  'secret.title': 'AppSecret',
  'secret.input': 'New AppSecret',
  'secret.help': 'Write-only: kept in the OS keychain. wxcred never shows it again.',
  'secret.save': 'Save secret',
  'secret.stored': 'stored ✓ …{hint}',
  'secret.storedNoHint': 'stored ✓',
  'secret.notStored': 'No AppSecret stored yet.',
  'secret.replace': 'Replace',
  'secret.delete': 'Delete',
  'secret.deleteTitle': 'Delete the stored AppSecret?',
  'secret.deleteBody': 'It is removed from the OS keychain. You will need to paste it again to fetch tokens.',

  'token.title': 'Access token',
  'token.lane': 'Lane',
  'lane.stable': 'Stable',
  'lane.stable-forced': 'Stable, force refresh',
  'lane.classic': 'Classic',
  'laneHelp.stable': 'POST /cgi-bin/stable_token. Returns the token production already holds; does not invalidate production’s token.',
  'laneHelp.stable-forced': 'force_refresh: true. Issues a new token; the one other servers hold stops working.',
  'laneHelp.classic': 'GET /cgi-bin/token. Issues a new token; the one other servers hold stops working.',
  'token.get': 'Get token',
  'token.getting': 'Fetching…',
  'token.needSecret': 'Store the AppSecret first.',
  'token.none': 'No token for this lane yet.',
  'token.value': 'access_token',
  'token.expiresIn': 'Expires in',
  'token.expired': 'expired',
  'token.fetchedAt': 'Fetched at',
  'token.fromCache': 'from cache',
  'token.fresh': 'fresh from WeChat',
  'token.route': 'Route',
  'token.apiBase': 'API base',
  'token.lifetime': '{seconds} s lifetime',
  'token.confirmTitle': 'Invalidate the token production uses?',
  'token.confirmBody':
    'WeChat will issue a new access_token. The token your other servers hold stops working (after about 5 minutes), and their calls fail with 40001 until they fetch again.',
  'token.confirmForced': 'force_refresh is limited to 20 calls a day, at least 30 seconds apart.',
  'token.confirmClassic': 'This counts against the daily quota of {quota} calls to /cgi-bin/token.',
  'token.confirmOk': 'Get a new token',

  'route.direct': 'direct',
  'route.proxy': 'via proxy {proxy}',
  'route.env': '(from environment)',

  'error.wechatTitle': 'WeChat errcode {code}',
  'error.errmsg': 'errmsg',
  'error.unknownCode': 'Not in wxcred’s errcode table.',
  'error.cause': 'Cause',
  'error.fix': 'Fix',
  'error.ip': 'IP WeChat saw',
  'error.ipv6': 'IPv6 WeChat saw',
  'error.ipHelp': 'Add this IP to the app’s IP whitelist on the WeChat platform, or route calls through a proxy whose egress IP is whitelisted.',
  'error.rid': 'rid',
  'error.hint': 'hint',
  'error.link': 'link',
  'error.endpoint': 'Endpoint',
  'error.route': 'Route',
  'error.doc': 'Documentation',
  'error.networkTitle': 'Network failure: {reason}',
  'error.status': 'HTTP status',
  'error.validationTitle': 'Invalid input',
  'error.keychainTitle': 'Keychain: {reason}',
  'error.internalTitle': 'Internal error in wxcred',
  'error.internalHelp': 'This is a bug in wxcred, not a problem with your input or WeChat’s answer.',

  'net.refused': 'connection refused',
  'net.dns': 'host name not found',
  'net.tls': 'TLS handshake failed',
  'net.timeout': 'timed out',
  'net.reset': 'connection reset',
  'net.body-too-large': 'response too large',
  'net.not-json': 'response was not JSON',
  'net.http-status': 'unexpected HTTP status',
  'net.proxy': 'proxy failed',
  'net.aborted': 'aborted',
  'net.other': 'request failed',

  'keychain.unavailable': 'unavailable',
  'keychain.timeout': 'timed out',
  'keychain.no-secret': 'no AppSecret stored',
  'keychain.other': 'failed',

  'errcodes.title': 'Errcode lookup',
  'errcodes.search': 'Search errcodes',
  'errcodes.placeholder': 'Code or words, e.g. 40164 or whitelist',
  'errcodes.results': 'Results',
  'errcodes.count': '{count} matches',
  'errcodes.noResults': 'No errcode matches “{query}”.',
  'errcodes.pick': 'Pick a result to see its meaning, cause and fix.',
  'errcodes.zh': '中文',
  'errcodes.en': 'English',
  'errcodes.zhMissing': 'WeChat publishes only an English description for this code.',
  'errcodes.category': 'Category',
  'errcodes.enSource': 'English source',
  'errcodes.conflict': 'Public sources disagree about this code',
  'errcodes.doc': 'Official documentation',

  'enSource.official': 'WeChat’s documentation',
  'enSource.wechatpy-enum': 'wechatpy’s errcode enum',
  'enSource.gloss': 'wxcred’s own wording',

  'category.credential': 'credentials',
  'category.ip-whitelist': 'IP whitelist',
  'category.quota-rate': 'quota & rate limits',
  'category.oauth': 'OAuth',
  'category.mini-program': 'mini program',
  'category.permission': 'permission',
  'category.parameter': 'parameters',
  'category.system': 'system',
};

export type MessageKey = keyof typeof en;

/** Keys that exist once per member of a contract union; adding a member without words fails here. */
type UnionKeys =
  | `kind.${AppKind}`
  | `domain.${ApiDomain}`
  | `lane.${TokenLane}`
  | `laneHelp.${TokenLane}`
  | `net.${NetworkReason}`
  | `keychain.${KeychainReason}`
  | `category.${ErrcodeCategory}`
  | `enSource.${ErrcodeEntry['enSource']}`
  | `lang.${Lang}`;
const _unionsCovered: Record<UnionKeys, string> = en;
void _unionsCovered;

const zhCN: Record<MessageKey, string> = {
  'lang.en': 'English',
  'lang.zh-CN': '简体中文',
  'settings.language': '语言',

  'app.subtitle': '微信凭证调试台',
  'app.loading': '加载中…',
  'mode.electron': '桌面版',
  'mode.web': '网页模式',
  'mode.cli': '命令行',
  'tab.label': '应用工具',
  'tab.token': '令牌',
  'banner.apiBaseOverride': '所有调用都发往 {base}（WXCRED_API_BASE）',

  'nav.apps': '应用',
  'nav.errcodes': '错误码查询',
  'nav.label': '栏目',

  'common.cancel': '取消',
  'common.close': '关闭',
  'common.copy': '复制',
  'common.copied': '已复制',
  'common.copyFailed': '复制失败',
  'common.show': '显示',
  'common.hide': '隐藏',
  'common.saving': '保存中…',
  'common.deleting': '删除中…',

  'profiles.add': '添加应用',
  'profiles.empty': '还没有应用。用 AppID 添加一个。',
  'profiles.none': '在左侧选择一个应用，或添加一个。',
  'profile.addTitle': '添加应用',
  'profile.editTitle': '编辑 {label}',
  'profile.label': '名称',
  'profile.appid': 'AppID',
  'profile.appidInvalid': 'wx + 16 位十六进制字符',
  'profile.labelRequired': '请填写名称。',
  'profile.kind': '类型',
  'profile.domain': 'API 域名',
  'profile.customBase': '自定义 Base URL',
  'profile.urlInvalid': '完整的 http:// 或 https:// 地址。',
  'profile.proxy': '代理 URL（可选）',
  'profile.proxyHelp': '调用经此 HTTP(S) 代理发出：请选择出口 IP 已在白名单中的代理。',
  'profile.save': '保存',
  'profile.edit': '编辑',
  'profile.delete': '删除应用',
  'profile.deleteTitle': '删除“{label}”？',
  'profile.deleteBody': 'wxcred 将不再记录此应用，微信侧不受影响。',

  'kind.official-account': '公众号',
  'kind.mini-program': '小程序',
  'kind.website-app': '网站应用',
  'kind.test-account': '测试号',

  'domain.api': '默认',
  'domain.api2': '备用',
  'domain.sh': '上海',
  'domain.sz': '深圳',
  'domain.hk': '香港',
  'domain.custom': '自定义…',

  'secret.title': 'AppSecret',
  'secret.input': '新的 AppSecret',
  'secret.help': '只写：保存在系统钥匙串中，wxcred 不会再显示它。',
  'secret.save': '保存密钥',
  'secret.stored': '已保存 ✓ …{hint}',
  'secret.storedNoHint': '已保存 ✓',
  'secret.notStored': '尚未保存 AppSecret。',
  'secret.replace': '替换',
  'secret.delete': '删除',
  'secret.deleteTitle': '删除已保存的 AppSecret？',
  'secret.deleteBody': '它将从系统钥匙串中移除。之后获取 token 前需要重新粘贴。',

  'token.title': 'Access token',
  'token.lane': '获取方式',
  'lane.stable': '稳定版',
  'lane.stable-forced': '稳定版，强制刷新',
  'lane.classic': '普通版',
  'laneHelp.stable': 'POST /cgi-bin/stable_token。返回生产环境已在用的 token，不会使其失效。',
  'laneHelp.stable-forced': 'force_refresh: true。签发新 token，其他服务器持有的 token 将失效。',
  'laneHelp.classic': 'GET /cgi-bin/token。签发新 token，其他服务器持有的 token 将失效。',
  'token.get': '获取 token',
  'token.getting': '获取中…',
  'token.needSecret': '请先保存 AppSecret。',
  'token.none': '此方式下还没有 token。',
  'token.value': 'access_token',
  'token.expiresIn': '剩余',
  'token.expired': '已过期',
  'token.fetchedAt': '获取时间',
  'token.fromCache': '来自缓存',
  'token.fresh': '刚从微信获取',
  'token.route': '线路',
  'token.apiBase': 'API 地址',
  'token.lifetime': '有效期 {seconds} 秒',
  'token.confirmTitle': '让生产环境正在用的 token 失效？',
  'token.confirmBody':
    '微信将签发新的 access_token。其他服务器持有的 token 会失效（约 5 分钟后），它们的调用会返回 40001，直到重新获取。',
  'token.confirmForced': 'force_refresh 每天限 20 次，两次间隔至少 30 秒。',
  'token.confirmClassic': '本次调用计入 /cgi-bin/token 每日 {quota} 次的额度。',
  'token.confirmOk': '获取新 token',

  'route.direct': '直连',
  'route.proxy': '经代理 {proxy}',
  'route.env': '（来自环境变量）',

  'error.wechatTitle': '微信错误码 {code}',
  'error.errmsg': 'errmsg',
  'error.unknownCode': 'wxcred 的错误码表中没有此码。',
  'error.cause': '原因',
  'error.fix': '解决',
  'error.ip': '微信看到的 IP',
  'error.ipv6': '微信看到的 IPv6',
  'error.ipHelp': '把此 IP 加入微信平台上该应用的 IP 白名单，或通过出口 IP 已在白名单中的代理发起调用。',
  'error.rid': 'rid',
  'error.hint': 'hint',
  'error.link': '链接',
  'error.endpoint': '接口',
  'error.route': '线路',
  'error.doc': '文档',
  'error.networkTitle': '网络错误：{reason}',
  'error.status': 'HTTP 状态码',
  'error.validationTitle': '输入无效',
  'error.keychainTitle': '钥匙串：{reason}',
  'error.internalTitle': 'wxcred 内部错误',
  'error.internalHelp': '这是 wxcred 的缺陷，不是你的输入或微信返回的问题。',

  'net.refused': '连接被拒绝',
  'net.dns': '域名解析失败',
  'net.tls': 'TLS 握手失败',
  'net.timeout': '超时',
  'net.reset': '连接被重置',
  'net.body-too-large': '响应过大',
  'net.not-json': '响应不是 JSON',
  'net.http-status': 'HTTP 状态码异常',
  'net.proxy': '代理失败',
  'net.aborted': '已中止',
  'net.other': '请求失败',

  'keychain.unavailable': '不可用',
  'keychain.timeout': '超时',
  'keychain.no-secret': '未保存 AppSecret',
  'keychain.other': '操作失败',

  'errcodes.title': '错误码查询',
  'errcodes.search': '搜索错误码',
  'errcodes.placeholder': '错误码或关键词，如 40164 或 白名单',
  'errcodes.results': '结果',
  'errcodes.count': '{count} 条匹配',
  'errcodes.noResults': '没有与“{query}”匹配的错误码。',
  'errcodes.pick': '选择一条结果，查看含义、原因和解决办法。',
  'errcodes.zh': '中文',
  'errcodes.en': 'English',
  'errcodes.zhMissing': '微信仅公布了此错误码的英文说明。',
  'errcodes.category': '分类',
  'errcodes.enSource': '英文来源',
  'errcodes.conflict': '公开资料对此错误码说法不一',
  'errcodes.doc': '官方文档',

  'enSource.official': '微信官方文档',
  'enSource.wechatpy-enum': 'wechatpy 错误码枚举',
  'enSource.gloss': 'wxcred 自己的说明',

  'category.credential': '凭证',
  'category.ip-whitelist': 'IP 白名单',
  'category.quota-rate': '额度与频率',
  'category.oauth': '网页授权',
  'category.mini-program': '小程序',
  'category.permission': '权限',
  'category.parameter': '参数',
  'category.system': '系统',
};

export const messages: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type MessageVars = Record<string, string | number>;

export function format(lang: Lang, key: MessageKey, vars?: MessageVars): string {
  const template = messages[lang][key];
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** zh, zh-CN, zh-TW, zh-Hans… → Chinese; everything else → English. */
export const langFromNavigator = (language: string | undefined): Lang =>
  language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
