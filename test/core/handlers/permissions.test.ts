/** The permission map through the real handlers against the simulator, per kind of account. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { permissionProbes } from '../../../src/contract/apiCatalog';
import { startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const verdicts = (results: { probeId: string; verdict: string }[]) => Object.fromEntries(results.map((r) => [r.probeId, r.verdict]));

describe('runPermissionMap', () => {
  it('a subscription 公众号: menus, followers and templates are 48001 with the table’s meaning; the rest allowed', async () => {
    const map = await h.call('runPermissionMap', { profileId: h.profiles.official.id });
    const v = verdicts(map.results);
    expect(v).toMatchObject({ 'callback-ip': 'allowed', 'api-domain-ip': 'allowed', selfmenu: 'allowed', menu: 'unauthorized', followers: 'unauthorized', templates: 'unauthorized', tags: 'allowed' });
    const menu = map.results.find((r) => r.probeId === 'menu');
    expect(menu).toMatchObject({ errcode: 48001, errmsg: expect.stringContaining('api unauthorized') });
    expect(menu?.entry?.code).toBe(48001);
    // Only the probes for this kind were called, each once, with the stable token (one token fetch).
    expect(h.fake.calls('/cgi-bin/stable_token')).toBe(1);
    expect(h.fake.calls('/cgi-bin/menu/get')).toBe(1);
    expect(h.fake.calls('/cgi-bin/token')).toBe(0);
  });

  it('a 测试号 has the 公众号 interfaces; a 小程序 is probed only where it applies', async () => {
    const test = await h.call('runPermissionMap', { profileId: h.profiles.test.id });
    expect(verdicts(test.results)).toMatchObject({ menu: 'allowed', followers: 'allowed', templates: 'allowed' });
    const mini = await h.call('runPermissionMap', { profileId: h.profiles.mini.id });
    const ids = mini.results.map((r) => r.probeId);
    expect(ids).toEqual(permissionProbes.filter((p) => p.appliesTo.includes('mini-program')).map((p) => p.id));
    expect(ids).not.toContain('menu');
  });

  it('keeps the last map while the app runs, and every probe is in the request log', async () => {
    expect(await h.call('permissionMap', { profileId: h.profiles.official.id })).toBeNull();
    const map = await h.call('runPermissionMap', { profileId: h.profiles.official.id });
    expect(await h.call('permissionMap', { profileId: h.profiles.official.id })).toEqual(map);
    const logged = await h.call('requestLog', { endpoint: '/cgi-bin/menu/get' });
    expect(logged).toHaveLength(1);
    expect(logged[0]?.url).not.toMatch(/access_token=[^*&]{12,}/);
  });

  it('a wrong secret fails once, typed, instead of every probe failing the same way', async () => {
    await h.call('setSecret', { profileId: h.profiles.official.id, secret: 'FAKE-WRONG-SECRET-000000000000' });
    expect(await h.fail('runPermissionMap', { profileId: h.profiles.official.id })).toMatchObject({ kind: 'wechat', errcode: 40125 });
    expect(h.fake.calls('/cgi-bin/menu/get')).toBe(0);
  });
});
