/**
 * The run functions of `wxcred oauth`, `wxcred jscode2session` and `wxcred userinfo`: the same
 * handlers as the desktop app, through dispatch. Tokens are masked unless --show; the session_key
 * is never printed at all (the masked form only).
 */
import type { MiniSession, OAuthSession, UserInfoLang, UserProfile } from '../contract';
import { parseCodeInput } from '../contract/oauthUrl';
import { withApp } from './app';
import { CliFailure, helpHint, usageError } from './args';
import type { CommandContext, Report } from './commands';
import { errorDetails, errorHeadline, formatDuration, maskToken, routeJson, routeText } from './format';

function required(ctx: CommandContext, name: string, what: string): string {
  const value = ctx.values[name];
  if (typeof value !== 'string') throw usageError(`--${name} is required: ${what}`, helpHint(ctx.command));
  return value.trim();
}

const iso = (ms: number): string => new Date(ms).toISOString();
const row = (label: string, value: string): string => `${label.padEnd(15)}${value}`;

function oauthJson(session: OAuthSession, show: boolean): Record<string, unknown> {
  return {
    appid: session.appid,
    openid: session.openid,
    unionid: session.unionid,
    scope: session.scope,
    accessToken: show ? session.accessToken : maskToken(session.accessToken),
    refreshToken: show ? session.refreshToken : maskToken(session.refreshToken),
    masked: !show,
    expiresIn: session.expiresIn,
    expiresAt: session.expiresAt,
    refreshExpiresAt: session.refreshExpiresAt,
    isSnapshotUser: session.isSnapshotUser,
    obtainedAt: session.obtainedAt,
    route: routeJson(session.route),
  };
}

function oauthLines(ctx: CommandContext, session: OAuthSession, state: string | null, show: boolean): string[] {
  const lines = [
    `ok  ${session.appid} exchanged the code (${session.scope || 'scope not reported'}, via ${routeText(session.route)})`,
    row('openid', session.openid),
    row('unionid', session.unionid ?? '(none: WeChat returns it for snsapi_userinfo on apps bound to an open-platform account)'),
    row('scope', session.scope || '(not reported)'),
    row('access_token', `${show ? session.accessToken : `${maskToken(session.accessToken)}  (masked; --show prints it whole)`}`),
    row('', `expires in ${formatDuration(session.expiresAt - ctx.now())}, at ${iso(session.expiresAt)}`),
    row('refresh_token', `${show ? session.refreshToken : maskToken(session.refreshToken)}  (valid until ${iso(session.refreshExpiresAt)})`),
  ];
  if (state !== null) lines.push(row('state', `${state}  (from the pasted URL: check it is the one your page sent)`));
  if (session.isSnapshotUser) {
    lines.push(row('snapshot user', 'yes: a 快照页 virtual account (the user has not really authorised; the openid is not theirs)'));
  }
  return lines;
}

function profileLines(user: UserProfile): string[] {
  const lines: string[] = [];
  const add = (label: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') lines.push(row(label, String(value)));
  };
  add('nickname', user.nickname);
  add('headimgurl', user.headimgurl);
  add('sex', user.sex);
  add('region', [user.country, user.province, user.city].filter(Boolean).join(' ') || null);
  if (user.privilege && user.privilege.length) add('privilege', user.privilege.join(', '));
  if (user.subscribe !== null) {
    const since = user.subscribeTime === null ? '' : `, since ${iso(user.subscribeTime * 1000)}`;
    const scene = user.subscribeScene ? ` (scene ${user.subscribeScene})` : '';
    lines.push(row('subscribed', user.subscribe === 1 ? `yes${since}${scene}` : 'no: not following the account (or unfollowed)'));
  }
  add('unionid', user.unionid);
  add('language', user.language);
  add('remark', user.remark);
  if (user.tagIds && user.tagIds.length) add('tags', user.tagIds.join(', '));
  return lines;
}

const profileJson = (user: UserProfile): Record<string, unknown> => ({ ...user, route: routeJson(user.route) });

export async function runOAuth(ctx: CommandContext): Promise<Report> {
  const parsed = parseCodeInput(required(ctx, 'code', 'the code, or the whole URL WeChat redirected to'));
  if (!parsed.ok) throw usageError(`--code: ${parsed.message}`, helpHint(ctx.command));
  const show = ctx.values.show === true;
  return withApp(ctx, async (app) => {
    const session = await app.call('exchangeOAuthCode', { profileId: app.profile.id, code: parsed.code });
    const lines = oauthLines(ctx, session, parsed.state, show);
    const data = { ...oauthJson(session, show), state: parsed.state };
    if (ctx.values.userinfo !== true) return { ok: true, data, lines };
    try {
      const user = await app.call('oauthUserInfo', { sessionId: session.id });
      return { ok: true, data: { ...data, userinfo: profileJson(user) }, lines: [...lines, 'sns/userinfo:', ...profileLines(user)] };
    } catch (thrown) {
      if (!(thrown instanceof CliFailure)) throw thrown;
      // The exchange worked: say so, then why the profile did not come (48001: scope was snsapi_base).
      const { error } = thrown;
      return { ok: false, error, lines: [...lines, `fail  sns/userinfo: ${errorHeadline(error)}`, ...errorDetails(error)] };
    }
  });
}

function miniLines(session: MiniSession): string[] {
  return [
    `ok  ${session.appid} exchanged the js_code (via ${routeText(session.route)})`,
    row('openid', session.openid),
    row('unionid', session.unionid ?? '(none: WeChat returns it when the mini-program is bound to an open-platform account)'),
    row('session_key', `${session.sessionKeyMasked}  (never printed: it decrypts this user's data)`),
  ];
}

export async function runJscode2session(ctx: CommandContext): Promise<Report> {
  const jsCode = required(ctx, 'js-code', 'the js_code from wx.login()');
  const parsed = parseCodeInput(jsCode);
  if (!parsed.ok || parsed.source !== 'bare') throw usageError('--js-code: a js_code is letters and digits only, as wx.login() returns it', helpHint(ctx.command));
  return withApp(ctx, async (app) => {
    const session = await app.call('jscode2session', { profileId: app.profile.id, jsCode: parsed.code });
    const { id: _id, profileId: _profileId, ...rest } = session;
    return { ok: true, data: { ...rest, route: routeJson(session.route) }, lines: miniLines(session) };
  });
}

export async function runUserinfo(ctx: CommandContext): Promise<Report> {
  const openid = required(ctx, 'openid', 'the user\'s openid for this app');
  const lang = (typeof ctx.values.lang === 'string' ? ctx.values.lang : 'zh_CN') as UserInfoLang;
  return withApp(ctx, async (app) => {
    const user = await app.call('userInfo', { profileId: app.profile.id, openid, lang });
    return {
      ok: true,
      data: profileJson(user),
      lines: [
        `ok  ${app.profile.appid} knows ${user.openid} (cgi-bin/user/info, via ${routeText(user.route)})`,
        ...profileLines(user),
        'note: nickname and headimgurl are no longer returned here (WeChat stopped on 2021-12-27).',
      ],
    };
  });
}
