/**
 * The WeChat server APIs wxcred knows by name: what each does, whether it changes anything in
 * production, and for the read-only ones that probe permissions, what access they usually need.
 * Zod-free data: the renderer lists it, main enforces the confirmation rule from it, the CLI too.
 */
import type { AppKind } from './constants';
import type { Bilingual } from './errcodes';

export type ApiMethod = 'GET' | 'POST';

export interface ApiCatalogEntry {
  method: ApiMethod;
  path: string;
  title: Bilingual;
  /** null for a read-only call; otherwise what running it changes in production. */
  changes: Bilingual | null;
  docUrl: string;
  /** Query parameters (other than access_token) and a JSON body to start from. */
  exampleQuery?: Record<string, string>;
  exampleBody?: unknown;
}

export interface PermissionProbe {
  id: string;
  method: ApiMethod;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** The API group the result stands for, e.g. custom menus. */
  group: Bilingual;
  /** What calling it counts against; none of these is a scarce quota. */
  countsAgainst: Bilingual;
  /** What this permission usually requires, shown beside a 48001. */
  requires: Bilingual;
  appliesTo: readonly AppKind[];
  docUrl: string;
}

const OA: readonly AppKind[] = ['official-account', 'test-account'];
const OA_MINI: readonly AppKind[] = ['official-account', 'test-account', 'mini-program'];
const OWN_DAILY: Bilingual = { zh: '该接口自己的每日调用次数（不是 token 配额）', en: 'this API’s own daily call count (not the token quota)' };
const DOC = 'https://developers.weixin.qq.com/doc/offiaccount';

export const permissionProbes: readonly PermissionProbe[] = [
  {
    id: 'callback-ip',
    method: 'GET',
    path: '/cgi-bin/getcallbackip',
    group: { zh: '基础接口（微信服务器 IP）', en: 'Basics (WeChat server IPs)' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '任何能拿到 access_token 的账号都可调用', en: 'any account that can get an access_token' },
    appliesTo: OA_MINI,
    docUrl: `${DOC}/Basic_Information/Get_the_WeChat_server_IP_address.html`,
  },
  {
    id: 'api-domain-ip',
    method: 'GET',
    path: '/cgi-bin/get_api_domain_ip',
    group: { zh: '基础接口（API 域名 IP）', en: 'Basics (API domain IPs)' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '任何能拿到 access_token 的账号都可调用', en: 'any account that can get an access_token' },
    appliesTo: OA_MINI,
    docUrl: `${DOC}/Basic_Information/Get_the_WeChat_server_IP_address.html`,
  },
  {
    id: 'selfmenu',
    method: 'GET',
    path: '/cgi-bin/get_current_selfmenu_info',
    group: { zh: '当前菜单（含后台配置的菜单）', en: 'Current menu (incl. one set in the console)' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '公众号通常都可查询', en: 'usually every Official Account' },
    appliesTo: OA,
    docUrl: `${DOC}/Custom_Menus/Querying_Custom_Menus.html`,
  },
  {
    id: 'menu',
    method: 'GET',
    path: '/cgi-bin/menu/get',
    group: { zh: '自定义菜单接口', en: 'Custom menu API' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '通常需要已认证的订阅号或服务号；测试号具备', en: 'usually a verified (认证) subscription or service account; test accounts have it' },
    appliesTo: OA,
    docUrl: `${DOC}/Custom_Menus/Getting_Custom_Menu_Configurations.html`,
  },
  {
    id: 'followers',
    method: 'GET',
    path: '/cgi-bin/user/get',
    group: { zh: '用户管理（关注者列表）', en: 'User management (followers)' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '通常需要已认证的订阅号或服务号；测试号具备', en: 'usually a verified subscription or service account; test accounts have it' },
    appliesTo: OA,
    docUrl: `${DOC}/User_Management/Getting_a_User_List.html`,
  },
  {
    id: 'tags',
    method: 'GET',
    path: '/cgi-bin/tags/get',
    group: { zh: '用户标签管理', en: 'User tags' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '通常需要已认证的订阅号或服务号；测试号具备', en: 'usually a verified subscription or service account; test accounts have it' },
    appliesTo: OA,
    docUrl: `${DOC}/User_Management/User_Tag_Management.html`,
  },
  {
    id: 'templates',
    method: 'GET',
    path: '/cgi-bin/template/get_all_private_template',
    group: { zh: '模板消息', en: 'Template messages' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '服务号（通常需认证）；订阅号没有模板消息；测试号具备', en: 'a service account (usually verified); subscription accounts have none; test accounts have it' },
    appliesTo: OA,
    docUrl: `${DOC}/Message_Management/Template_Message_Interface.html`,
  },
  {
    id: 'material-count',
    method: 'GET',
    path: '/cgi-bin/material/get_materialcount',
    group: { zh: '素材管理', en: 'Material (assets)' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '通常需要已认证的公众号；测试号具备', en: 'usually a verified Official Account; test accounts have it' },
    appliesTo: OA,
    docUrl: `${DOC}/Asset_Management/Get_the_total_of_all_materials.html`,
  },
  {
    id: 'jsapi-ticket',
    method: 'GET',
    path: '/cgi-bin/ticket/getticket',
    query: { type: 'jsapi' },
    group: { zh: 'JS-SDK（jsapi_ticket）', en: 'JS-SDK (jsapi_ticket)' },
    countsAgainst: { zh: 'getticket 的每日调用次数；返回的是当前 ticket，不会让线上的失效', en: 'getticket’s daily count; it returns the current ticket and retires nothing' },
    requires: { zh: '公众号与测试号均可；分享等接口另需认证', en: 'Official Accounts and test accounts; some JS-SDK features (sharing) need verification' },
    appliesTo: OA,
    docUrl: `${DOC}/OA_Web_Apps/JS-SDK.html`,
  },
  {
    id: 'subscribe-templates',
    method: 'GET',
    path: '/wxaapi/newtmpl/gettemplate',
    group: { zh: '订阅消息（个人模板列表）', en: 'Subscribe messages (own templates)' },
    countsAgainst: OWN_DAILY,
    requires: { zh: '小程序与开通了订阅通知的公众号', en: 'mini programs, and Official Accounts with subscription notices' },
    appliesTo: OA_MINI,
    docUrl: 'https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/getMessageTemplateList.html',
  },
];

const CHANGES_MENU: Bilingual = { zh: '替换线上的自定义菜单，所有用户立即看到', en: 'replaces the live custom menu; every user sees it at once' };

export const apiCatalog: readonly ApiCatalogEntry[] = [
  ...permissionProbes.map((probe) => ({
    method: probe.method,
    path: probe.path,
    title: probe.group,
    changes: null,
    docUrl: probe.docUrl,
    ...(probe.query ? { exampleQuery: probe.query } : {}),
  })),
  {
    method: 'POST',
    path: '/cgi-bin/openapi/quota/get',
    title: { zh: '查询接口调用额度', en: 'API call quota' },
    changes: null,
    docUrl: `${DOC}/openApi/get_api_quota.html`,
    exampleBody: { cgi_path: '/cgi-bin/message/custom/send' },
  },
  {
    method: 'GET',
    path: '/cgi-bin/user/info',
    title: { zh: '获取用户基本信息', en: 'A follower’s profile' },
    changes: null,
    docUrl: `${DOC}/User_Management/Get_users_basic_information_UnionID.html`,
    exampleQuery: { openid: 'OPENID', lang: 'zh_CN' },
  },
  {
    method: 'POST',
    path: '/cgi-bin/material/batchget_material',
    title: { zh: '获取永久素材列表', en: 'List permanent materials' },
    changes: null,
    docUrl: `${DOC}/Asset_Management/Get_materials_list.html`,
    exampleBody: { type: 'image', offset: 0, count: 20 },
  },
  {
    method: 'POST',
    path: '/cgi-bin/menu/create',
    title: { zh: '创建自定义菜单', en: 'Create the custom menu' },
    changes: CHANGES_MENU,
    docUrl: `${DOC}/Custom_Menus/Creating_Custom-Defined_Menu.html`,
    exampleBody: { button: [{ type: 'view', name: '官网', url: 'https://example.com/' }] },
  },
  {
    method: 'GET',
    path: '/cgi-bin/menu/delete',
    title: { zh: '删除自定义菜单', en: 'Delete the custom menu' },
    changes: { zh: '删除线上的自定义菜单（含个性化菜单）', en: 'deletes the live custom menu, personalised menus included' },
    docUrl: `${DOC}/Custom_Menus/Deleting_Custom-Defined_Menu.html`,
  },
  {
    method: 'POST',
    path: '/cgi-bin/message/template/send',
    title: { zh: '发送模板消息', en: 'Send a template message' },
    changes: { zh: '向真实用户发送一条消息', en: 'sends a message to a real user' },
    docUrl: `${DOC}/Message_Management/Template_Message_Interface.html`,
    exampleBody: { touser: 'OPENID', template_id: 'TEMPLATE_ID', data: { first: { value: 'hello' } } },
  },
  {
    method: 'POST',
    path: '/cgi-bin/message/custom/send',
    title: { zh: '发送客服消息', en: 'Send a customer-service message' },
    changes: { zh: '向真实用户发送一条消息（48 小时内互动过的用户）', en: 'sends a message to a real user (one who interacted in the last 48 hours)' },
    docUrl: `${DOC}/Message_Management/Service_Center_messages.html`,
    exampleBody: { touser: 'OPENID', msgtype: 'text', text: { content: 'hello' } },
  },
  {
    method: 'POST',
    path: '/cgi-bin/tags/create',
    title: { zh: '创建用户标签', en: 'Create a user tag' },
    changes: { zh: '在账号里新建一个标签（每个账号最多 100 个）', en: 'adds a tag to the account (at most 100 per account)' },
    docUrl: `${DOC}/User_Management/User_Tag_Management.html`,
    exampleBody: { tag: { name: 'wxcred-test' } },
  },
  {
    method: 'POST',
    path: '/cgi-bin/qrcode/create',
    title: { zh: '生成带参数的二维码', en: 'Create a parametric QR code' },
    changes: { zh: '生成一个新的二维码 ticket（永久码有数量上限）', en: 'creates a new QR code ticket (permanent codes are limited in number)' },
    docUrl: `${DOC}/Account_Management/Generating_a_Parametric_QR_Code.html`,
    exampleBody: { expire_seconds: 60, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'wxcred' } } },
  },
];

/** The catalog entry for a call, if wxcred knows it; an unknown call is treated as one that changes things. */
export function catalogEntryOf(method: ApiMethod, path: string): ApiCatalogEntry | null {
  return apiCatalog.find((entry) => entry.method === method && entry.path === path) ?? null;
}

export const isReadOnlyCall = (method: ApiMethod, path: string): boolean => catalogEntryOf(method, path)?.changes === null;

/** A WeChat API path: absolute, plain segments, no dot segments, no query or fragment. */
export const API_PATH_PATTERN = /^\/(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\/)*[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
