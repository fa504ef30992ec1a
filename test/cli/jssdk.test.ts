/**
 * `wxcred jssdk ticket|sign|diagnose`, built and run as a process against the simulator: the JSON
 * shapes and exit codes scripts rely on, and the ticket masked unless --show.
 */
import { createServer } from 'node:net';
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { jssdkSign } from '../../src/core/jssdk/sign';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { baseEnv, ensureBuilt, onlyJson, tempDir, transcript, wxcred, type ChildEnv } from './support';

const EXAMPLE_TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const example = ['--url', 'http://mp.weixin.qq.com?params=value', '--noncestr', 'Wm3WZYTPz0wzccnW', '--timestamp', '1414587457'];
const secretArgs = ['--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET'];

// Several processes per case on a shared 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

let wx: FakeWechat;
let userData: string;
let env: ChildEnv;

beforeAll(async () => {
  await ensureBuilt();
  wx = await startFakeWechat();
  userData = await tempDir('wxcred-cli-jssdk-');
}, 180_000);

beforeEach(() => {
  wx.scenario.clear();
  wx.resetCalls();
  env = { ...baseEnv(userData), WXCRED_API_BASE: wx.url, WX_SECRET: FAKE_APP.secret };
});

afterAll(async () => {
  await wx?.close();
  if (userData) await rm(userData, { recursive: true, force: true });
  expect(transcript.join('\n')).not.toContain(FAKE_APP.secret);
});

describe('wxcred jssdk ticket', () => {
  it('prints { ok, type, ticket (masked), expiresIn } and never the whole ticket without --show', async () => {
    const run = await wxcred(['jssdk', 'ticket', ...secretArgs, '--json'], { env });
    expect(run.code).toBe(0);
    const json = onlyJson(run);
    const real = wx.tickets.currentOf(FAKE_APP.appid, 'jsapi')?.ticket ?? '';
    expect(Object.keys(json).sort()).toEqual(['expiresIn', 'ok', 'ticket', 'type']);
    expect(json).toMatchObject({ ok: true, type: 'jsapi', expiresIn: 7200 });
    expect(json.ticket).toBe(`${real.slice(0, 6)}…${real.slice(-4)}`);
    expect(run.stdout + run.stderr).not.toContain(real);
  });

  it('--type wx_card --show prints the card api_ticket whole', async () => {
    const run = await wxcred(['jssdk', 'ticket', ...secretArgs, '--type', 'wx_card', '--show', '--json'], { env });
    expect(run.code).toBe(0);
    expect(onlyJson(run)).toMatchObject({ ok: true, type: 'wx_card', ticket: wx.tickets.currentOf(FAKE_APP.appid, 'wx_card')?.ticket });
  });

  it('exit 1 on a WeChat errcode, 3 when WeChat cannot be reached', async () => {
    wx.scenario.quota45009();
    const quota = await wxcred(['jssdk', 'ticket', ...secretArgs, '--json'], { env });
    expect(quota.code).toBe(1);
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    await new Promise<void>((r) => server.close(() => r()));
    const dead = await wxcred(['jssdk', 'ticket', ...secretArgs, '--json'], { env: { ...env, WXCRED_API_BASE: `http://127.0.0.1:${port}` } });
    expect(dead.code).toBe(3);
    expect(onlyJson(dead)).toMatchObject({ ok: false, error: { kind: 'network' } });
  });
});

describe('wxcred jssdk sign', () => {
  it("WeChat's example with --ticket: { ok, signature, string1 } with the ticket masked in string1", async () => {
    const run = await wxcred(['jssdk', 'sign', ...example, '--ticket', EXAMPLE_TICKET, '--json'], { env });
    expect(run.code).toBe(0);
    const json = onlyJson(run);
    expect(Object.keys(json).sort()).toEqual(['ok', 'signature', 'string1']);
    expect(json.signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(json.string1).toBe('jsapi_ticket=sM4AOV…P7qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value');
  });

  it('--show puts the ticket in string1; the human output ends with a wx.config to paste', async () => {
    const shown = onlyJson(await wxcred(['jssdk', 'sign', ...example, '--ticket', EXAMPLE_TICKET, '--show', '--json'], { env }));
    expect(shown.string1).toContain(EXAMPLE_TICKET);
    const human = await wxcred(['jssdk', 'sign', ...example, '--ticket', EXAMPLE_TICKET], { env });
    expect(human.stdout).toContain('signature  0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(human.stdout).toContain('wx.config({');
    expect(human.stdout).not.toContain(EXAMPLE_TICKET);
  });

  it("with the app's credentials, signs with its fetched jsapi_ticket", async () => {
    const run = await wxcred(['jssdk', 'sign', '--url', 'https://www.example.com/a#b', '--noncestr', 'n', '--timestamp', '1700000000', ...secretArgs, '--json'], { env });
    expect(run.code).toBe(0);
    const ticket = wx.tickets.currentOf(FAKE_APP.appid, 'jsapi')?.ticket ?? '';
    expect(onlyJson(run).signature).toBe(jssdkSign({ ticket, noncestr: 'n', timestamp: '1700000000', url: 'https://www.example.com/a' }).signature);
  });

  it('usage errors exit 2: a missing --url, --ticket with credentials, no ticket source', async () => {
    expect((await wxcred(['jssdk', 'sign', '--noncestr', 'n', '--timestamp', '1', '--ticket', EXAMPLE_TICKET], { env })).code).toBe(2);
    expect((await wxcred(['jssdk', 'sign', ...example, '--ticket', EXAMPLE_TICKET, ...secretArgs], { env })).code).toBe(2);
    expect((await wxcred(['jssdk', 'sign', ...example], { env })).code).toBe(2);
    expect((await wxcred(['jssdk'], { env })).code).toBe(2);
    expect((await wxcred(['jssdk', 'sign', ...example, '--ticket', 'short'], { env })).code).toBe(2);
  });

  it('--help for each subcommand and for the group', async () => {
    const help = await wxcred(['jssdk', 'diagnose', '--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('wxcred jssdk diagnose --url URL --noncestr N --timestamp T --signature S');
    const group = await wxcred(['jssdk', '--help'], { env });
    expect(group.stdout).toContain('wxcred jssdk ticket');
    expect(group.stdout).toContain('wxcred jssdk sign');
  });
});

describe('wxcred jssdk diagnose', () => {
  const diagnoseArgs = (url: string, signature: string) => ['jssdk', 'diagnose', '--url', url, '--noncestr', 'n', '--timestamp', '1700000000', '--signature', signature];
  const sig = (url: string) => jssdkSign({ ticket: EXAMPLE_TICKET, noncestr: 'n', timestamp: '1700000000', url }).signature;

  it('exit 0 and match "exact" when the signature is right for the URL', async () => {
    const run = await wxcred([...diagnoseArgs('https://www.example.com/a#x', sig('https://www.example.com/a')), '--ticket', EXAMPLE_TICKET, '--json'], { env });
    expect(run.code).toBe(0);
    const json = onlyJson(run);
    expect(Object.keys(json).sort()).toEqual(['explanation', 'fix', 'match', 'ok', 'tried']);
    expect(json).toMatchObject({ ok: true, match: 'exact' });
  });

  it('exit 1 with the cause id when a known mistake explains it (share params), tried listing each variant', async () => {
    const page = 'https://www.example.com/a?from=singlemessage&isappinstalled=0';
    const run = await wxcred([...diagnoseArgs(page, sig('https://www.example.com/a')), '--ticket', EXAMPLE_TICKET, '--json'], { env });
    expect(run.code).toBe(1);
    const json = onlyJson(run);
    expect(json).toMatchObject({ ok: false, match: 'share-params' });
    expect(json.tried).toEqual(expect.arrayContaining([{ cause: 'share-params', url: 'https://www.example.com/a', signature: sig('https://www.example.com/a') }]));
    expect(typeof json.fix).toBe('string');
  });

  it('exit 1 and match null when nothing matches; human output shows both string1s, ticket masked', async () => {
    const run = await wxcred([...diagnoseArgs('https://www.example.com/a', '0'.repeat(40)), '--ticket', EXAMPLE_TICKET, '--json'], { env });
    expect(run.code).toBe(1);
    expect(onlyJson(run)).toMatchObject({ ok: false, match: null });
    const human = await wxcred([...diagnoseArgs('https://www.example.com/a', '0'.repeat(40)), '--ticket', EXAMPLE_TICKET], { env });
    expect(human.code).toBe(1);
    expect(human.stdout).toMatch(/^not found/);
    expect(human.stdout).toContain('expected  jsapi_ticket=sM4AOV…P7qg&noncestr=n');
    expect(human.stdout).toContain('JS接口安全域名: register www.example.com');
    expect(human.stdout).not.toContain(EXAMPLE_TICKET);
  });

  it("with credentials: the app's ticket, and exit 3 when WeChat cannot be reached", async () => {
    const ticket = (await wxcred(['jssdk', 'ticket', ...secretArgs, '--show', '--json'], { env })).stdout;
    const current = (JSON.parse(ticket) as { ticket: string }).ticket;
    const right = jssdkSign({ ticket: current, noncestr: 'n', timestamp: '1700000000', url: 'https://www.example.com/a' }).signature;
    const run = await wxcred([...diagnoseArgs('http://www.example.com/a', right), ...secretArgs, '--json'], { env });
    expect(onlyJson(run)).toMatchObject({ match: 'scheme' });
    expect(run.code).toBe(1);
    wx.scenario.reset();
    const dead = await wxcred([...diagnoseArgs('https://www.example.com/a', right), ...secretArgs, '--json'], { env });
    expect(dead.code).toBe(3);
  });
});
