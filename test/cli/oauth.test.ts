/**
 * The built `wxcred oauth`, `jscode2session` and `userinfo` against the fake WeChat: output,
 * --json, exit statuses, masking, and that neither the secret nor a session_key is ever printed.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { FAKE_MINI_APP } from '../../src/core/simulator/oauth';
import { baseEnv, ensureBuilt, onlyJson, tempDir, transcript, wxcred, type ChildEnv } from './support';

let wx: FakeWechat;
let userData: string;
let env: ChildEnv;
const sessionKeys: string[] = [];

beforeAll(async () => {
  await ensureBuilt();
  wx = await startFakeWechat({ apps: [FAKE_APP, FAKE_MINI_APP] });
  userData = await tempDir('wxcred-cli-oauth-');
}, 180_000);

beforeEach(() => {
  wx.scenario.clear();
  wx.resetCalls();
  env = { ...baseEnv(userData), WXCRED_API_BASE: wx.url, WX_SECRET: FAKE_APP.secret, MINI_SECRET: FAKE_MINI_APP.secret };
});

afterAll(async () => {
  await wx?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
  const all = transcript.join('\n');
  for (const secret of [FAKE_APP.secret, FAKE_MINI_APP.secret, ...sessionKeys]) expect(all).not.toContain(secret);
});

const official = ['--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET'];
const mini = ['--appid', FAKE_MINI_APP.appid, '--secret-env', 'MINI_SECRET'];

describe('wxcred oauth', () => {
  it('exchanges a code pasted as the whole redirect URL and prints openid, unionid, scope and masked tokens', async () => {
    const { code, openid } = wx.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo', unionid: 'oUnionCli' });
    const run = await wxcred(['oauth', ...official, '--code', `https://example.com/cb?code=${code}&state=s1#wechat_redirect`], { env });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`ok  ${FAKE_APP.appid} exchanged the code (snsapi_userinfo, via direct)`);
    expect(run.stdout).toContain(`openid         ${openid}`);
    expect(run.stdout).toContain('unionid        oUnionCli');
    expect(run.stdout).toMatch(/access_token {3}86_\S{3}…\S{4} {2}\(masked; --show prints it whole\)/);
    expect(run.stdout).toMatch(/expires in 2h 0m|expires in 1h 59m/);
    expect(run.stdout).toContain('state          s1');
    expect(wx.requests.find((r) => r.path === '/sns/oauth2/access_token')?.query.code).toBe(code);
  });

  it('--userinfo --json: one object with the session (tokens masked) and the profile', async () => {
    const { code, openid } = wx.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_userinfo' });
    const json = onlyJson(await wxcred(['oauth', ...official, '--code', code, '--userinfo', '--json'], { env }));
    expect(json).toMatchObject({
      ok: true,
      appid: FAKE_APP.appid,
      openid,
      unionid: null,
      scope: 'snsapi_userinfo',
      masked: true,
      expiresIn: 7200,
      isSnapshotUser: false,
      state: null,
      route: { kind: 'direct' },
      userinfo: { source: 'sns-userinfo', openid, nickname: '微信用户', sex: 0 },
    });
    expect(json.accessToken).toMatch(/^86_\S{3}…\S{4}$/);
    expect(json.refreshToken).toMatch(/^86_\S{3}…\S{4}$/);
  });

  it('--show prints the tokens whole', async () => {
    const { code } = wx.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    const json = onlyJson(await wxcred(['oauth', ...official, '--code', code, '--show', '--json'], { env }));
    expect(json).toMatchObject({ masked: false });
    expect(String(json.accessToken)).toMatch(/^86_[A-Za-z0-9_-]{100,}$/);
  });

  it('a used code exits 1 with errcode 40163, meaning and rid', async () => {
    const { code } = wx.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    expect((await wxcred(['oauth', ...official, '--code', code], { env })).code).toBe(0);
    const run = await wxcred(['oauth', ...official, '--code', code], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^error {2}errcode 40163\n/);
    expect(run.stdout).toMatch(/rid: {5}[0-9a-f]{8}-/);
    const json = onlyJson(await wxcred(['oauth', ...official, '--code', code, '--json'], { env }));
    expect(json).toMatchObject({ ok: false, error: { kind: 'wechat', errcode: 40163, endpoint: '/sns/oauth2/access_token' } });
  });

  it('--userinfo on a snsapi_base code: the exchange is shown, then 48001, exit 1', async () => {
    const { code, openid } = wx.issueOAuthCode(FAKE_APP.appid, { scope: 'snsapi_base' });
    const run = await wxcred(['oauth', ...official, '--code', code, '--userinfo'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`openid         ${openid}`);
    expect(run.stdout).toMatch(/fail {2}sns\/userinfo: errcode 48001/);
    expect(run.stdout).toMatch(/snsapi_base/);
  });

  it('junk in --code is a usage error before any call', async () => {
    for (const bad of ['"061abc"', 'https://example.com/cb?state=1']) {
      const run = await wxcred(['oauth', ...official, '--code', bad], { env });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^wxcred: --code: /);
    }
    expect(wx.calls()).toEqual({});
  });
});

describe('wxcred jscode2session', () => {
  it('prints openid and the masked session_key, never the session_key', async () => {
    const issued = wx.issueJsCode(FAKE_MINI_APP.appid, { unionid: 'oUnionMiniCli' });
    sessionKeys.push(issued.sessionKey);
    const run = await wxcred(['jscode2session', ...mini, '--js-code', issued.code], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ok  ${FAKE_MINI_APP.appid} exchanged the js_code (via direct)`);
    expect(run.stdout).toContain(`openid         ${issued.openid}`);
    expect(run.stdout).toContain('unionid        oUnionMiniCli');
    expect(run.stdout).toContain(`session_key    ${issued.sessionKey.slice(0, 2)}…${issued.sessionKey.slice(-2)} (len 24)`);
    expect(run.stdout + run.stderr).not.toContain(issued.sessionKey);
  });

  it('--json has the masked key only', async () => {
    const issued = wx.issueJsCode(FAKE_MINI_APP.appid);
    sessionKeys.push(issued.sessionKey);
    const json = onlyJson(await wxcred(['jscode2session', ...mini, '--js-code', issued.code, '--json'], { env }));
    expect(json).toMatchObject({ ok: true, appid: FAKE_MINI_APP.appid, openid: issued.openid, unionid: null, sessionKeyMasked: expect.stringMatching(/ \(len 24\)$/) });
    expect(JSON.stringify(json)).not.toContain(issued.sessionKey);
  });

  it('an invalid js_code exits 1 with 40029', async () => {
    const run = await wxcred(['jscode2session', ...mini, '--js-code', '0NeverIssued', '--json'], { env });
    expect(run.code).toBe(1);
    expect(onlyJson(run)).toMatchObject({ ok: false, error: { kind: 'wechat', errcode: 40029, endpoint: '/sns/jscode2session' } });
  });

  it('a js_code that is not one is a usage error', async () => {
    const run = await wxcred(['jscode2session', ...mini, '--js-code', 'https://example.com/?code=abc'], { env });
    expect(run.code).toBe(2);
    expect(wx.calls()).toEqual({});
  });
});

describe('wxcred userinfo', () => {
  it('fetches a follower with a stable-lane token', async () => {
    const user = wx.addUser(FAKE_APP.appid, { unionid: 'oUnionU', remark: 'beta', tagIds: [7], subscribeTime: 1_700_000_000 });
    const run = await wxcred(['userinfo', ...official, '--openid', user.openid, '--lang', 'en'], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`ok  ${FAKE_APP.appid} knows ${user.openid} (cgi-bin/user/info, via direct)`);
    expect(run.stdout).toContain('subscribed     yes, since 2023-11-14T22:13:20.000Z (scene ADD_SCENE_QR_CODE)');
    expect(run.stdout).toContain('unionid        oUnionU');
    expect(run.stdout).toContain('tags           7');
    expect(run.stdout).toMatch(/nickname and headimgurl are no longer returned/);
    expect(wx.calls('/cgi-bin/stable_token')).toBe(1);
    expect(wx.requests.at(-1)?.query).toMatchObject({ openid: user.openid, lang: 'en' });

    const json = onlyJson(await wxcred(['userinfo', ...official, '--openid', user.openid, '--json'], { env }));
    expect(json).toMatchObject({ ok: true, source: 'cgi-user-info', openid: user.openid, subscribe: 1, nickname: null, tagIds: [7] });
  });

  it('an unknown openid exits 1 with 40003', async () => {
    const run = await wxcred(['userinfo', ...official, '--openid', 'oNobodyHere'], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^error {2}errcode 40003/);
  });

  it('refuses a --lang WeChat does not know', async () => {
    const run = await wxcred(['userinfo', ...official, '--openid', 'oX', '--lang', 'fr'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--lang must be one of zh_CN, zh_TW, en/);
  });
});
