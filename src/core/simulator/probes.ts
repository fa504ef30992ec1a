/**
 * Read-only endpoints the permission map probes, answering as WeChat does for each kind of demo
 * account: a 公众号 here is an unverified subscription account (no custom-menu API, no template
 * messages, no follower list), a 测试号 has every 公众号 interface, a 小程序 only its own.
 * An app may override this with `deniedApis`.
 */
import type { FakeContext, FakeRequest } from './context';
import { authed, type RouteDef } from './routes';
import type { FakeAppKind } from './state';

const UNAUTHORIZED_ERRMSG = 'api unauthorized';

const OFFICIAL_ONLY = [
  '/cgi-bin/get_current_selfmenu_info',
  '/cgi-bin/menu/get',
  '/cgi-bin/user/get',
  '/cgi-bin/tags/get',
  '/cgi-bin/template/get_all_private_template',
  '/cgi-bin/material/get_materialcount',
];

/** Paths each kind of account is refused with 48001 by default. */
const deniedByKind: Record<FakeAppKind, readonly string[]> = {
  'official-account': ['/cgi-bin/menu/get', '/cgi-bin/user/get', '/cgi-bin/template/get_all_private_template'],
  'test-account': ['/wxaapi/newtmpl/gettemplate'],
  'mini-program': OFFICIAL_ONLY,
  'website-app': [...OFFICIAL_ONLY, '/wxaapi/newtmpl/gettemplate'],
};

/** The paths an app is refused: its own list when it has one, else its kind's. */
export function deniedApisOf(ctx: FakeContext, appid: string): readonly string[] {
  const app = ctx.apps.get(appid) as { kind?: FakeAppKind; deniedApis?: readonly string[] } | undefined;
  return app?.deniedApis ?? deniedByKind[app?.kind ?? 'official-account'];
}

const probe = (path: string, answer: (req: FakeRequest) => Record<string, unknown>): RouteDef => ({
  method: 'GET',
  path,
  handler: authed((req, ctx, token) => {
    if (deniedApisOf(ctx, token.appid).includes(path)) return ctx.error(48001, UNAUTHORIZED_ERRMSG);
    return answer(req);
  }),
});

export const probeRoutes: readonly RouteDef[] = [
  probe('/cgi-bin/get_current_selfmenu_info', () => ({
    is_menu_open: 1,
    selfmenu_info: { button: [{ type: 'view', name: '官网', url: 'https://example.com/' }] },
  })),
  probe('/cgi-bin/menu/get', () => ({ menu: { button: [{ type: 'view', name: '官网', url: 'https://example.com/' }] } })),
  probe('/cgi-bin/user/get', () => ({ total: 2, count: 2, data: { openid: ['oDemoFollower000000000001', 'oDemoFollower000000000002'] }, next_openid: 'oDemoFollower000000000002' })),
  probe('/cgi-bin/tags/get', () => ({ tags: [{ id: 2, name: '星标组', count: 0 }] })),
  probe('/cgi-bin/template/get_all_private_template', () => ({ template_list: [] })),
  probe('/cgi-bin/material/get_materialcount', () => ({ voice_count: 0, video_count: 0, image_count: 3, news_count: 1 })),
  probe('/wxaapi/newtmpl/gettemplate', () => ({ errcode: 0, errmsg: 'ok', data: [] })),
];
