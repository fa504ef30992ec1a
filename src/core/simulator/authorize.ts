/**
 * WeChat's authorize pages, so the 网页授权 and QR-login flows can be clicked through in a browser:
 * /connect/oauth2/authorize (公众号, 测试号) and /connect/qrconnect (网站应用). The page checks the
 * parameters as WeChat does (its error pages carry the same codes), asks the user, and on "allow"
 * redirects to redirect_uri with a fresh single-use code and the state; on "deny" with the state
 * only. snsapi_base is silent, as in WeChat: straight to the redirect. /simulator/callback is a
 * landing page for a redirect_uri that has no site behind it: it shows the URL to paste back.
 */
import { RawReply, type FakeContext, type FakeRequest, type RouteHandler } from './context';
import type { OAuthFakeHelpers, SnsScope } from './oauth';
import type { RouteDef } from './routes';

const HTML_TYPE = 'text/html; charset=utf-8';
const PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";
const appidShape = /^wx[0-9a-f]{16}$/;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(title: string, body: string, status = 200): RawReply {
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#ededed;margin:0;color:#111}
main{max-width:420px;margin:48px auto;background:#fff;border-radius:8px;padding:28px 24px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:18px;margin:0 0 4px}.muted{color:#666;font-size:13px}.sim{display:inline-block;background:#fff3cd;color:#7a5b00;border-radius:4px;padding:1px 6px;font-size:12px;margin-bottom:12px}
ul{padding-left:20px}code{font:12px/1.4 ui-monospace,monospace;word-break:break-all;background:#f4f4f4;padding:2px 4px;border-radius:3px}
.row{display:flex;gap:12px;margin-top:20px}button{flex:1;font:inherit;padding:10px;border-radius:6px;border:1px solid #ccc;background:#f7f7f7;cursor:pointer}
button.allow{background:#07c160;border-color:#07c160;color:#fff}.err{color:#c00}
</style></head><body><main><span class="sim">wxcred simulator · 模拟器，不是微信</span>
${body}
</main></body></html>`;
  return new RawReply(status, HTML_TYPE, html, { 'content-security-policy': PAGE_POLICY, 'cache-control': 'no-store' });
}

/** WeChat's authorize error page: a code and a sentence, no redirect. */
const errorPage = (code: number, message: string): RawReply =>
  page(`${code}`, `<h1 class="err" data-errcode="${code}">${code} · ${escapeHtml(message)}</h1><p class="muted">请在微信客户端打开链接 — the authorize URL is not right.</p>`);

interface AuthorizeRequest {
  appid: string;
  redirectUri: string;
  scope: SnsScope;
  state: string;
}

type Parsed = { ok: true; value: AuthorizeRequest } | { ok: false; reply: RawReply };

function parse(req: FakeRequest, ctx: FakeContext, flow: 'oauth2' | 'qrconnect'): Parsed {
  const fail = (code: number, message: string): Parsed => ({ ok: false, reply: errorPage(code, message) });
  const { appid = '', redirect_uri: redirectUri = '', response_type: responseType, scope = '', state = '' } = req.query;
  if (!appid) return fail(10012, 'appid 不能为空 (appid missing)');
  const app = appidShape.test(appid) ? ctx.apps.get(appid) : undefined;
  if (!app) return fail(10016, 'appid 参数错误 (no such app)');
  if (!redirectUri) return fail(10011, 'redirect_uri 不能为空 (redirect_uri missing)');
  let target: URL;
  try {
    target = new URL(redirectUri);
  } catch {
    return fail(10003, 'redirect_uri 参数错误 (redirect_uri is not an absolute URL; encode it exactly once)');
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return fail(10003, 'redirect_uri 参数错误');
  if (responseType !== 'code') return fail(10004, 'response_type 参数错误 (must be code)');
  if (!scope) return fail(10010, 'scope 不能为空 (scope missing)');
  const allowed: readonly string[] =
    flow === 'qrconnect' ? (app.kind === 'website-app' ? ['snsapi_login'] : []) : app.kind === 'official-account' || app.kind === 'test-account' ? ['snsapi_base', 'snsapi_userinfo'] : [];
  if (!allowed.includes(scope)) {
    return flow === 'qrconnect' ? fail(10005, 'Scope 参数错误或没有 Scope 权限') : fail(10005, '此公众号并没有这些 scope 的权限');
  }
  if (state.length > 128) return fail(10013, 'state 参数错误 (at most 128 bytes)');
  return { ok: true, value: { appid, redirectUri, scope: scope as SnsScope, state } };
}

/** redirect_uri with code (unless denied) and state appended to its query, fragment kept. */
function redirectTarget(redirectUri: string, code: string | null, state: string): string {
  const url = new URL(redirectUri);
  if (code !== null) url.searchParams.append('code', code);
  url.searchParams.append('state', state);
  return url.toString();
}

const redirect = (location: string): RawReply => new RawReply(302, HTML_TYPE, '', { location, 'cache-control': 'no-store' });

function hiddenFields(value: AuthorizeRequest): string {
  const fields = { appid: value.appid, redirect_uri: value.redirectUri, response_type: 'code', scope: value.scope, state: value.state };
  return Object.entries(fields)
    .map(([name, v]) => `<input type="hidden" name="${name}" value="${escapeHtml(v)}">`)
    .join('');
}

export function authorizeRoutes(oauth: Pick<OAuthFakeHelpers, 'issueOAuthCode'>): RouteDef[] {
  const ask =
    (flow: 'oauth2' | 'qrconnect'): RouteHandler =>
    (req, ctx) => {
      const parsed = parse(req, ctx, flow);
      if (!parsed.ok) return parsed.reply;
      const { value } = parsed;
      if (value.scope === 'snsapi_base') return redirect(redirectTarget(value.redirectUri, oauth.issueOAuthCode(value.appid, { scope: value.scope }).code, value.state));
      const confirm = flow === 'qrconnect' ? '/connect/qrconnect/confirm' : '/connect/oauth2/authorize/confirm';
      const asks =
        flow === 'qrconnect'
          ? '<p>扫码登录：用微信扫描后在手机上确认。In the simulator, confirming here stands for the phone.</p>'
          : '<p>申请获得以下权限 · This page asks for:</p><ul><li>获得你的公开信息（昵称、头像等）· your public profile (nickname, avatar)</li></ul>';
      return page(
        'wxcred simulator · authorize',
        `<h1>${flow === 'qrconnect' ? '微信登录 · Sign in with WeChat' : '网页授权 · Authorize'}</h1>
<p class="muted">AppID <code>${escapeHtml(value.appid)}</code> · scope <code>${escapeHtml(value.scope)}</code></p>
${asks}
<p class="muted">Then back to <code>${escapeHtml(value.redirectUri)}</code></p>
<form method="get" action="${confirm}">${hiddenFields(value)}
<div class="row"><button type="submit" name="decision" value="deny" data-testid="sim-deny">拒绝 · Deny</button>
<button type="submit" name="decision" value="allow" class="allow" data-testid="sim-allow">允许 · Allow</button></div></form>`,
      );
    };

  const decide =
    (flow: 'oauth2' | 'qrconnect'): RouteHandler =>
    (req, ctx) => {
      const parsed = parse(req, ctx, flow);
      if (!parsed.ok) return parsed.reply;
      const { value } = parsed;
      const code = req.query.decision === 'allow' ? oauth.issueOAuthCode(value.appid, { scope: value.scope }).code : null;
      return redirect(redirectTarget(value.redirectUri, code, value.state));
    };

  const landing: RouteHandler = (req) => {
    const url = `http://${req.headers.host ?? '127.0.0.1'}${req.path}?${new URLSearchParams(req.query).toString()}`;
    const code = req.query.code;
    return page(
      'wxcred simulator · redirect',
      `<h1>${code ? '已授权 · Authorized' : '未授权 · Not authorized'}</h1>
<p>${code ? '你的网站此时会用这个 code 换取 access_token：把整个链接粘贴回 wxcred。Your site would now exchange this code: paste the whole URL back into wxcred.' : '用户拒绝了授权，微信只带回了 state。The user said no: WeChat sent only the state back.'}</p>
<p><code data-testid="sim-landing-url">${escapeHtml(url)}</code></p>
${code ? `<p class="muted">code <code>${escapeHtml(code)}</code> · works once, for 5 minutes (10 for QR login)</p>` : ''}
<p class="muted">state <code>${escapeHtml(req.query.state ?? '')}</code></p>`,
    );
  };

  return [
    { method: 'GET', path: '/connect/oauth2/authorize', handler: ask('oauth2') },
    { method: 'GET', path: '/connect/oauth2/authorize/confirm', handler: decide('oauth2') },
    { method: 'GET', path: '/connect/qrconnect', handler: ask('qrconnect') },
    { method: 'GET', path: '/connect/qrconnect/confirm', handler: decide('qrconnect') },
    { method: 'GET', path: '/simulator/callback', handler: landing },
  ];
}
