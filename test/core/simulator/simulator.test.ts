/**
 * The simulator over real loopback HTTP, as any client sees it: WeChat's reply formats, its token
 * semantics, single-use codes with their lifetimes, the authorize pages, getticket, the demo apps'
 * situations, and the errmsg shapes the live API sends.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseErrmsg } from '../../../src/contract/errmsg';
import { DEMO_APPS, FAKE_APP, GRACE_MS, startFakeWechat, type FakeWechat, type StartOptions } from '../../../src/core/simulator';
import { FAKE_MINI_APP, FAKE_WEBSITE_APP } from '../../../src/core/simulator/oauth';

const RID = '[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}';
let now = Date.UTC(2026, 0, 5, 2, 0, 0);
let wx: FakeWechat;

async function start(options: StartOptions = {}): Promise<void> {
  wx = await startFakeWechat({ apps: [FAKE_APP, FAKE_MINI_APP, FAKE_WEBSITE_APP], demo: true, clock: () => now, ...options });
}
beforeEach(() => start());
afterEach(() => wx.close());

interface Reply {
  status: number;
  type: string;
  text: string;
  json: Record<string, unknown>;
  location: string | null;
}

async function send(path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${wx.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    redirect: 'manual',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: a page, a 502, raw control characters
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json, location: res.headers.get('location') };
}

const classic = (appid: string, secret: string) => send(`/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${secret}`);
const stable = (appid: string, secret: string, force = false) =>
  send('/cgi-bin/stable_token', { grant_type: 'client_credential', appid, secret, force_refresh: force });
const tokenOf = async (appid: string, secret: string) => (await stable(appid, secret)).json.access_token as string;

describe('tokens', () => {
  it('a wrong secret is 40125 "invalid appsecret" on /cgi-bin/token as on stable_token', async () => {
    for (const reply of [await classic(FAKE_APP.appid, 'WRONG-FAKE-SECRET'), await stable(FAKE_APP.appid, 'WRONG-FAKE-SECRET')]) {
      expect(reply.json.errcode).toBe(40125);
      expect(reply.json.errmsg).toMatch(new RegExp(`^invalid appsecret rid: ${RID}$`));
    }
  });

  it('stable_token without force: the same token and its remaining lifetime', async () => {
    const first = await stable(FAKE_APP.appid, FAKE_APP.secret);
    expect(first.json.expires_in).toBe(7200);
    now += 600_000;
    const second = await stable(FAKE_APP.appid, FAKE_APP.secret);
    expect(second.json).toEqual({ access_token: first.json.access_token, expires_in: 6600 });
  });

  it('force_refresh: a new token; again within 30 s changes nothing; 20 a day, then 45009', async () => {
    const held = await tokenOf(FAKE_APP.appid, FAKE_APP.secret);
    const forced = await stable(FAKE_APP.appid, FAKE_APP.secret, true);
    expect(forced.json.access_token).not.toBe(held);
    now += 10_000;
    expect((await stable(FAKE_APP.appid, FAKE_APP.secret, true)).json.access_token).toBe(forced.json.access_token);
    for (let i = 2; i < 20; i++) {
      now += 31_000;
      expect((await stable(FAKE_APP.appid, FAKE_APP.secret, true)).json.errcode).toBeUndefined();
    }
    now += 31_000;
    expect((await stable(FAKE_APP.appid, FAKE_APP.secret, true)).json.errcode).toBe(45009);
  });

  it('classic rotation: the previous token keeps working for the grace period, then 40001', async () => {
    const old = (await classic(FAKE_APP.appid, FAKE_APP.secret)).json.access_token as string;
    const fresh = (await classic(FAKE_APP.appid, FAKE_APP.secret)).json.access_token as string;
    expect(fresh).not.toBe(old);
    expect((await send(`/cgi-bin/getcallbackip?access_token=${old}`)).json.ip_list).toBeInstanceOf(Array);
    now += GRACE_MS + 1;
    expect((await send(`/cgi-bin/getcallbackip?access_token=${old}`)).json.errcode).toBe(40001);
    expect((await send(`/cgi-bin/getcallbackip?access_token=${fresh}`)).json.ip_list).toBeInstanceOf(Array);
  });
});

describe('codes', () => {
  const exchange = (appid: string, secret: string, code: string) =>
    send(`/sns/oauth2/access_token?appid=${appid}&secret=${secret}&code=${code}&grant_type=authorization_code`);

  it('a 网页授权 code works once (then 40163) and for 5 minutes; a QR-login code for 10', async () => {
    const once = wx.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    expect((await exchange(FAKE_APP.appid, FAKE_APP.secret, once.code)).json.openid).toBe(once.openid);
    expect((await exchange(FAKE_APP.appid, FAKE_APP.secret, once.code)).json.errcode).toBe(40163);

    const late = wx.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    const qr = wx.issueOAuthCode(FAKE_WEBSITE_APP.appid, { scope: 'snsapi_login' });
    const qrLate = wx.issueOAuthCode(FAKE_WEBSITE_APP.appid, { scope: 'snsapi_login' });
    now += 6 * 60_000;
    expect((await exchange(FAKE_APP.appid, FAKE_APP.secret, late.code)).json.errcode).toBe(40029);
    expect((await exchange(FAKE_WEBSITE_APP.appid, FAKE_WEBSITE_APP.secret, qr.code)).json.openid).toBe(qr.openid);
    now += 5 * 60_000;
    expect((await exchange(FAKE_WEBSITE_APP.appid, FAKE_WEBSITE_APP.secret, qrLate.code)).json.errcode).toBe(40029);
  });

  it('a reused phone code is 40029 "invalid code hint: […] rid: …", as WeChat answers it', async () => {
    const token = await tokenOf(FAKE_MINI_APP.appid, FAKE_MINI_APP.secret);
    const phone = wx.issuePhoneCode(FAKE_MINI_APP.appid);
    const path = `/wxa/business/getuserphonenumber?access_token=${token}`;
    expect((await send(path, { code: phone.code })).json.errcode).toBe(0);
    const again = await send(path, { code: phone.code });
    expect(again.json.errcode).toBe(40029);
    expect(again.json.errmsg).toMatch(new RegExp(`^invalid code hint: \\[[\\w-]+\\] rid: ${RID}$`));
  });

  it('jscode2session answers in text/plain, errors included', async () => {
    const login = wx.issueJsCode(FAKE_MINI_APP.appid);
    const query = `appid=${FAKE_MINI_APP.appid}&secret=${FAKE_MINI_APP.secret}&grant_type=authorization_code`;
    const ok = await send(`/sns/jscode2session?${query}&js_code=${login.code}`);
    expect(ok.type).toBe('text/plain');
    expect(ok.json).toMatchObject({ openid: login.openid, session_key: login.sessionKey });
    const used = await send(`/sns/jscode2session?${query}&js_code=${login.code}`);
    expect(used.type).toBe('text/plain');
    expect(used.json.errcode).toBe(40163);
  });
});

describe('rid/get and quota/get', () => {
  it('describes a /cgi-bin/ error by its rid, but not a /sns/ one (76022, or 76001 where configured)', async () => {
    const token = await tokenOf(FAKE_APP.appid, FAKE_APP.secret);
    const ridOf = (reply: Reply) => parseErrmsg(reply.json.errmsg as string).rid;
    const cgi = ridOf(await send(`/cgi-bin/openapi/quota/get?access_token=${token}`, { cgi_path: 'no-slash' }));
    const sns = ridOf(await send(`/sns/oauth2/access_token?appid=${FAKE_APP.appid}&secret=${FAKE_APP.secret}&code=0nosuchcode&grant_type=authorization_code`));
    const lookup = (rid: string | undefined) => send(`/cgi-bin/openapi/rid/get?access_token=${token}`, { rid });
    expect((await lookup(cgi)).json).toMatchObject({ errcode: 0, request: { request_body: '{"cgi_path":"no-slash"}' } });
    expect((await lookup(sns)).json.errcode).toBe(76022);

    await wx.close();
    await start({ snsRid: 76001 });
    const token2 = await tokenOf(FAKE_APP.appid, FAKE_APP.secret);
    const sns2 = ridOf(await send(`/sns/oauth2/access_token?appid=${FAKE_APP.appid}&secret=${FAKE_APP.secret}&code=0nosuchcode&grant_type=authorization_code`));
    expect((await send(`/cgi-bin/openapi/rid/get?access_token=${token2}`, { rid: sns2 })).json.errcode).toBe(76001);
  });

  it('has no quota for /sns/ paths (76022)', async () => {
    const token = await tokenOf(FAKE_MINI_APP.appid, FAKE_MINI_APP.secret);
    const reply = await send(`/cgi-bin/openapi/quota/get?access_token=${token}`, { cgi_path: '/sns/jscode2session' });
    expect(reply.json.errcode).toBe(76022);
    expect(reply.json.errmsg).toMatch(/^could not use this cgi_path, no permission rid: /);
  });
});

describe('errmsg forms', () => {
  it.each([
    ['rid', new RegExp(`^invalid appsecret rid: ${RID}$`), { rid: expect.stringMatching(new RegExp(RID)) }],
    ['hint', /^invalid appsecret hint: \[[\w-]+\]$/, { hint: expect.any(String) }],
    ['hint-rid', new RegExp(`^invalid appsecret hint: \\[[\\w-]+\\] rid: ${RID}$`), { hint: expect.any(String), rid: expect.any(String) }],
    ['hints', /^invalid appsecret, hints: \[ req_id: [\w-]+ \]$/, { hint: expect.any(String) }],
  ] as const)('the %s form, which wxcred reads back', async (form, shape, parts) => {
    await wx.close();
    await start({ errmsgForm: form });
    const errmsg = (await classic(FAKE_APP.appid, 'WRONG-FAKE-SECRET')).json.errmsg as string;
    expect(errmsg).toMatch(shape);
    expect(parseErrmsg(errmsg)).toMatchObject({ text: 'invalid appsecret', ...parts });
  });
});

describe('getticket', () => {
  it('jsapi and wx_card tickets: the same one while valid, with its time left; a new one after', async () => {
    const token = await tokenOf(FAKE_APP.appid, FAKE_APP.secret);
    const get = (type: string) => send(`/cgi-bin/ticket/getticket?access_token=${token}&type=${type}`);
    const jsapi = await get('jsapi');
    expect(jsapi.json).toMatchObject({ errcode: 0, errmsg: 'ok', expires_in: 7200, ticket: expect.stringMatching(/^[\w-]{86}$/) });
    const card = await get('wx_card');
    expect(card.json.ticket).not.toBe(jsapi.json.ticket);
    now += 1_000_000;
    expect((await get('jsapi')).json).toMatchObject({ ticket: jsapi.json.ticket, expires_in: 6200 });
    now += 6_200_000;
    const renewed = await tokenOf(FAKE_APP.appid, FAKE_APP.secret);
    const next = await send(`/cgi-bin/ticket/getticket?access_token=${renewed}&type=jsapi`);
    expect(next.json.ticket).not.toBe(jsapi.json.ticket);
  });

  it('answers WeChat\'s errors: a bad type, a missing or stale token', async () => {
    const token = await tokenOf(FAKE_APP.appid, FAKE_APP.secret);
    expect((await send(`/cgi-bin/ticket/getticket?access_token=${token}&type=card`)).json.errcode).toBe(40097);
    expect((await send('/cgi-bin/ticket/getticket?type=jsapi')).json.errcode).toBe(41001);
    expect((await send(`/cgi-bin/ticket/getticket?access_token=86_${'x'.repeat(40)}&type=jsapi`)).json.errcode).toBe(40001);
  });
});

describe('the authorize pages', () => {
  const demo = DEMO_APPS[0]!;
  const authorize = (query: Record<string, string>, path = '/connect/oauth2/authorize') => send(`${path}?${new URLSearchParams(query).toString()}`);
  const base = { appid: demo.appid, redirect_uri: 'https://example.com/cb?x=1', response_type: 'code', scope: 'snsapi_userinfo', state: 's1' };

  it('asks, and "allow" redirects with a fresh code and the state; that code works once', async () => {
    const page = await authorize(base);
    expect(page.type).toMatch(/^text\/html/);
    expect(page.text).toContain('action="/connect/oauth2/authorize/confirm"');
    const allowed = await authorize({ ...base, decision: 'allow' }, '/connect/oauth2/authorize/confirm');
    expect(allowed.status).toBe(302);
    const target = new URL(allowed.location!);
    expect(`${target.origin}${target.pathname}`).toBe('https://example.com/cb');
    expect(target.searchParams.get('x')).toBe('1');
    expect(target.searchParams.get('state')).toBe('s1');
    const code = target.searchParams.get('code')!;
    const token = await send(`/sns/oauth2/access_token?appid=${demo.appid}&secret=${demo.secret}&code=${code}&grant_type=authorization_code`);
    expect(token.json).toMatchObject({ scope: 'snsapi_userinfo', openid: expect.stringMatching(/^o/) });
  });

  it('"deny" sends the state back without a code; snsapi_base redirects at once', async () => {
    const denied = await authorize({ ...base, decision: 'deny' }, '/connect/oauth2/authorize/confirm');
    expect(new URL(denied.location!).searchParams.has('code')).toBe(false);
    const silent = await authorize({ ...base, scope: 'snsapi_base' });
    expect(silent.status).toBe(302);
    expect(new URL(silent.location!).searchParams.get('code')).toMatch(/^0\w{31}$/);
  });

  it('refuses what WeChat refuses, on an error page with its code', async () => {
    const mini = DEMO_APPS.find((a) => a.kind === 'mini-program')!;
    expect((await authorize({ ...base, appid: mini.appid })).text).toContain('data-errcode="10005"');
    expect((await authorize({ ...base, redirect_uri: 'https%3A%2F%2Fexample.com' })).text).toContain('data-errcode="10003"');
    expect((await authorize({ ...base, scope: 'snsapi_login' })).text).toContain('data-errcode="10005"');
    const site = DEMO_APPS.find((a) => a.kind === 'website-app')!;
    expect((await authorize({ ...base, appid: site.appid, scope: 'snsapi_login' }, '/connect/qrconnect')).text).toContain('/connect/qrconnect/confirm');
  });
});

describe('the demo apps', () => {
  const app = (n: string) => DEMO_APPS.find((a) => a.appid === `wx0000de00000000${n}`)!;

  it('40164 with the IP in IPv4 and IPv4-mapped form, and from a native IPv6 address', async () => {
    const v4 = (await stable(app('05').appid, app('05').secret)).json;
    expect(v4).toMatchObject({ errcode: 40164 });
    expect(parseErrmsg(v4.errmsg as string)).toMatchObject({ ip: '203.0.113.7', ipv6: '::ffff:203.0.113.7' });
    const v6 = (await classic(app('06').appid, app('06').secret)).json;
    expect(parseErrmsg(v6.errmsg as string)).toMatchObject({ ip: '2001:db8::7', ipv6: '2001:db8::7' });
  });

  it('61004 names the IP after the hint', async () => {
    const reply = (await stable(app('07').appid, app('07').secret)).json;
    expect(reply.errcode).toBe(61004);
    expect(parseErrmsg(reply.errmsg as string)).toMatchObject({ ip: '203.0.113.8', text: 'access clientip is not registered' });
  });

  it('a busy backend: -1, -1, then the token', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await stable(app('08').appid, app('08').secret)).json.errcode ?? 0);
    expect(codes).toEqual([-1, -1, 0]);
  });

  it('45009 until clear_quota/v2, which ends it', async () => {
    expect((await stable(app('09').appid, app('09').secret)).json.errcode).toBe(45009);
    expect((await send('/cgi-bin/clear_quota/v2', { appid: app('09').appid, appsecret: app('09').secret })).json.errcode).toBe(0);
    expect((await stable(app('09').appid, app('09').secret)).json.access_token).toEqual(expect.any(String));
  });

  it('an HTML 502 from a gateway; 40125 for its own (fake) secret', async () => {
    const gateway = await stable(app('0a').appid, app('0a').secret);
    expect(gateway.status).toBe(502);
    expect(gateway.type).toBe('text/html');
    expect((await classic(app('0b').appid, app('0b').secret)).json.errcode).toBe(40125);
  });

  it('a nickname with raw control characters, which no strict JSON parser takes', async () => {
    const code = wx.issueOAuthCode(app('0c').appid, { scope: 'snsapi_userinfo' }).code;
    const token = (await send(`/sns/oauth2/access_token?appid=${app('0c').appid}&secret=${app('0c').secret}&code=${code}&grant_type=authorization_code`)).json;
    const reply = await send(`/sns/userinfo?access_token=${token.access_token as string}&openid=${token.openid as string}`);
    expect(reply.text).toContain('"nickname":"小\u0014明"');
    expect(reply.text).toContain('"city":"\b"');
    expect(() => JSON.parse(reply.text)).toThrow();
  });

  it('every demo secret says it is fake, and the server listens on 127.0.0.1 only', () => {
    for (const demoApp of DEMO_APPS) expect(demoApp.secret).toMatch(/^FAKE-SIMULATOR-SECRET-.*-not-a-real-appsecret$/);
    expect(new URL(wx.url).hostname).toBe('127.0.0.1');
  });
});
