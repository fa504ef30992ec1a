/**
 * The JS-SDK lab's channels through dispatch, against the simulator over loopback: tickets on the
 * token engine's terms, signatures with the app's ticket, and the diagnosis with real tickets.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/contract';
import { jssdkSign } from '../../../src/core/jssdk/sign';
import type { PersistedTicket } from '../../../src/core/jssdk/ticketService';
import { FAKE_APP, FAKE_TEST_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { createMemoryTokenVault } from '../../../src/core/token/tokenVault';
import { manualClock } from '../wechat/support';
import { addApp, openApp, tempDir, type App } from '../support';

const MINI = { appid: 'wx1111111111111111', secret: 'FAKE-MINI-SECRET-1111111111', kind: 'mini-program' } as const;
const GETTICKET = '/cgi-bin/ticket/getticket';

let fake: FakeWechat;
let clock: ReturnType<typeof manualClock>;
let folder: Awaited<ReturnType<typeof tempDir>>;
let ticketVault: ReturnType<typeof createMemoryTokenVault<PersistedTicket>>;
let app: App;
let official: Profile;

const open = () =>
  openApp(fake, { userDataDir: folder.dir, clock: clock.now, tokenVault: createMemoryTokenVault(), ticketVault });

beforeEach(async () => {
  clock = manualClock();
  fake = await startFakeWechat({ clock: clock.now, apps: [FAKE_APP, FAKE_TEST_APP, MINI] });
  folder = await tempDir();
  ticketVault = createMemoryTokenVault<PersistedTicket>();
  app = open();
  official = await addApp(app);
});

afterEach(async () => {
  await app.close();
  await fake.close();
  await folder.remove();
});

describe('getTicket', () => {
  it('fetches a jsapi_ticket once, then serves it from the cache with its countdown', async () => {
    const first = await app.call('getTicket', { profileId: official.id, type: 'jsapi' });
    expect(first).toMatchObject({ type: 'jsapi', appid: FAKE_APP.appid, fromCache: false, expiresIn: 7200 });
    expect(first.ticket).toBe(fake.tickets.currentOf(FAKE_APP.appid, 'jsapi')?.ticket);
    expect(first.expiresAt).toBe(clock.now() + 7200_000);
    clock.advance(60_000);
    const again = await app.call('getTicket', { profileId: official.id });
    expect(again).toMatchObject({ ticket: first.ticket, fromCache: true, expiresAt: first.expiresAt });
    expect(fake.calls(GETTICKET)).toBe(1);
    expect(fake.requests.find((r) => r.path === GETTICKET)?.query.type).toBe('jsapi');
  });

  it('concurrent callers share one upstream call; jsapi and wx_card are cached apart', async () => {
    const all = await Promise.all(Array.from({ length: 8 }, () => app.call('getTicket', { profileId: official.id, type: 'jsapi' })));
    expect(new Set(all.map((t) => t.ticket)).size).toBe(1);
    expect(fake.calls(GETTICKET)).toBe(1);
    const card = await app.call('getTicket', { profileId: official.id, type: 'wx_card' });
    expect(card.ticket).not.toBe(all[0]?.ticket);
    expect(fake.calls(GETTICKET)).toBe(2);
    expect(fake.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('refreshes ahead of expiry, inside the token engine\'s margin', async () => {
    const first = await app.call('getTicket', { profileId: official.id });
    clock.advance(7200_000 - 4 * 60_000);
    const next = await app.call('getTicket', { profileId: official.id });
    expect(next.fromCache).toBe(false);
    expect(next.ticket).not.toBe(first.ticket);
    expect(fake.calls(GETTICKET)).toBe(2);
  });

  it('belongs to one credential: a replaced secret never gets the old secret\'s ticket', async () => {
    const first = await app.call('getTicket', { profileId: official.id });
    await app.call('setSecret', { profileId: official.id, secret: 'WRONG-SECRET-000000000000000000' });
    expect(await app.call('cachedTicket', { profileId: official.id })).toBeNull();
    // Never the cached ticket: a fetch for the new credential, which WeChat refuses once the access_token
    // is asked for with that secret (or which reaches getticket on a token still cached from the old one).
    const outcome = await app.services.handlers.getTicket({ profileId: official.id, type: 'jsapi' }).then(
      (ticket) => ({ ok: true as const, ticket }),
      (thrown: unknown) => ({ ok: false as const, thrown }),
    );
    if (outcome.ok) expect(outcome.ticket.fromCache).toBe(false);
    else expect(outcome.thrown).toMatchObject({ error: { kind: 'wechat', errcode: 40125 } });
    await app.call('setSecret', { profileId: official.id, secret: FAKE_APP.secret });
    expect(await app.call('getTicket', { profileId: official.id })).toMatchObject({ ticket: first.ticket, fromCache: true });
    await app.call('deleteSecret', { profileId: official.id });
    expect(await app.call('cachedTicket', { profileId: official.id })).toBeNull();
  });

  it('survives a restart through the vault without another upstream call', async () => {
    const first = await app.call('getTicket', { profileId: official.id });
    await app.close();
    expect(Object.values(ticketVault.snapshot()).map((t) => t.ticket)).toEqual([first.ticket]);
    app = open();
    // Same folder, same profile id: the secret store is new, so save it again.
    await app.call('setSecret', { profileId: official.id, secret: FAKE_APP.secret });
    expect(await app.call('cachedTicket', { profileId: official.id })).toMatchObject({ ticket: first.ticket });
    expect(await app.call('getTicket', { profileId: official.id })).toMatchObject({ ticket: first.ticket, fromCache: true });
    expect(fake.calls(GETTICKET)).toBe(1);
  });

  it('a cached access_token WeChat rejects (42001) is dropped and the call retried once', async () => {
    await app.call('getToken', { profileId: official.id });
    fake.tokens.expireAll(FAKE_APP.appid);
    const ticket = await app.call('getTicket', { profileId: official.id, type: 'wx_card' });
    expect(ticket.fromCache).toBe(false);
    expect(fake.calls('/cgi-bin/stable_token')).toBe(2);
    expect(fake.calls(GETTICKET)).toBe(2);
  });

  it('小程序 and 网站应用 are told why they have no JS-SDK', async () => {
    const mini = await addApp(app, MINI, { label: 'mini' });
    const error = await app.fail('getTicket', { profileId: mini.id });
    expect(error).toMatchObject({ kind: 'validation' });
    expect(error.kind === 'validation' && error.message).toMatch(/小程序 has no JS-SDK/);
    expect(fake.calls(GETTICKET)).toBe(0);
  });

  it('upstream errors are typed (45009 from getticket)', async () => {
    fake.quota.set(FAKE_APP.appid, `${GETTICKET}#jsapi`, 100_000);
    expect(await app.fail('getTicket', { profileId: official.id })).toMatchObject({ kind: 'wechat', errcode: 45009, endpoint: GETTICKET });
  });
});

describe('jssdkSign / cardSign', () => {
  it('signs with the app\'s current ticket and drops only the fragment', async () => {
    const { ticket } = await app.call('getTicket', { profileId: official.id });
    const signed = await app.call('jssdkSign', { profileId: official.id, url: 'https://www.example.com/a?b=1#/c', noncestr: 'abc', timestamp: 1700000000 });
    expect(signed.url).toBe('https://www.example.com/a?b=1');
    expect(signed.string1).toBe(`jsapi_ticket=${ticket}&noncestr=abc&timestamp=1700000000&url=https://www.example.com/a?b=1`);
    expect(signed.signature).toBe(jssdkSign({ ticket, noncestr: 'abc', timestamp: '1700000000', url: signed.url }).signature);
    expect(signed.configSnippet).toContain(`appId: "${FAKE_APP.appid}"`);
    expect(signed.configSnippet).toContain(`signature: "${signed.signature}"`);
  });

  it("a pasted ticket: WeChat's example, and no app needed", async () => {
    const signed = await app.call('jssdkSign', {
      ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
      url: 'http://mp.weixin.qq.com?params=value',
      noncestr: 'Wm3WZYTPz0wzccnW',
      timestamp: '1414587457',
    });
    expect(signed.signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
    expect(signed.appId).toBeNull();
  });

  it('card signatures use the wx_card api_ticket', async () => {
    const card = await app.call('getTicket', { profileId: official.id, type: 'wx_card' });
    const signed = await app.call('cardSign', { profileId: official.id, kind: 'chooseCard', timestamp: '1700000000', nonceStr: 'n' });
    expect(signed.sorted).toEqual(['1700000000', card.ticket, 'n', FAKE_APP.appid].sort((a, b) => (a < b ? -1 : 1)));
  });
});

describe('jssdkDiagnose with real tickets', () => {
  const url = 'https://www.example.com/shop?id=1';

  it('a pasted wx.config that is right: exact', async () => {
    const { ticket } = await app.call('getTicket', { profileId: official.id });
    const { signature } = jssdkSign({ ticket, noncestr: 'n0nce', timestamp: '1700000000', url });
    const pasted = `wx.config({ appId: '${FAKE_APP.appid}', timestamp: 1700000000, nonceStr: 'n0nce', signature: '${signature}' })`;
    const d = await app.call('jssdkDiagnose', { profileId: official.id, url: `${url}#top`, pasted });
    expect(d).toMatchObject({ match: 'exact', url, expectedSignature: signature, domain: { host: 'www.example.com', register: 'www.example.com' } });
  });

  it('signed with the ticket the current one replaced: stale-ticket', async () => {
    const old = await app.call('getTicket', { profileId: official.id });
    clock.advance(7200_000 - 4 * 60_000);
    const fresh = await app.call('getTicket', { profileId: official.id });
    expect(fresh.ticket).not.toBe(old.ticket);
    const { signature } = jssdkSign({ ticket: old.ticket, noncestr: 'n', timestamp: '1700000000', url });
    const d = await app.call('jssdkDiagnose', { profileId: official.id, url, appId: FAKE_APP.appid, timestamp: '1700000000', nonceStr: 'n', signature });
    expect(d.match).toBe('stale-ticket');
    expect(d.tickets).toMatchObject({ current: true, previous: true });
  });

  it("signed with another app's cached ticket: other-ticket", async () => {
    const test = await addApp(app, FAKE_TEST_APP, { label: 'test' });
    const theirs = await app.call('getTicket', { profileId: test.id });
    const { signature } = jssdkSign({ ticket: theirs.ticket, noncestr: 'n', timestamp: '1700000000', url });
    const d = await app.call('jssdkDiagnose', { profileId: official.id, url, timestamp: '1700000000', nonceStr: 'n', signature });
    expect(d.match).toBe('other-ticket');
  });

  it('refuses a diagnosis without the page\'s signature, naming the field', async () => {
    const error = await app.fail('jssdkDiagnose', { profileId: official.id, url, timestamp: '1', nonceStr: 'n' });
    expect(error).toMatchObject({ kind: 'validation', issues: [{ path: 'signature' }] });
  });
});
