/** The request console through the real handlers against the simulator. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

describe('callApi', () => {
  it('runs a read-only call with the app’s token added by main, and returns the reply', async () => {
    const result = await h.call('callApi', { profileId: h.profiles.test.id, method: 'GET', path: '/cgi-bin/user/get', query: { next_openid: '' } });
    expect(result).toMatchObject({ method: 'GET', path: '/cgi-bin/user/get', errcode: 0, entry: null, reply: { total: 2 } });
    const sent = h.fake.requests.filter((r) => r.path === '/cgi-bin/user/get').at(-1);
    expect(sent?.query.access_token).toBe(h.fake.tokens.currentOf(h.profiles.test.appid, 'stable')?.token);
    expect(sent?.query.next_openid).toBe('');
  });

  it('an errcode is an answer, explained from the table', async () => {
    const result = await h.call('callApi', { profileId: h.profiles.official.id, method: 'GET', path: '/cgi-bin/menu/get' });
    expect(result).toMatchObject({ errcode: 48001, reply: { errcode: 48001 }, entry: { code: 48001 } });
  });

  it('refuses a call that changes things unless confirmed, naming what it changes; unknown calls count as changing', async () => {
    const refused = await h.fail('callApi', { profileId: h.profiles.test.id, method: 'POST', path: '/cgi-bin/menu/create', body: '{"button":[]}' });
    expect(refused).toMatchObject({ kind: 'validation', issues: [{ path: 'confirm' }] });
    if (refused.kind === 'validation') expect(refused.message).toContain('replaces the live custom menu');
    const unknown = await h.fail('callApi', { profileId: h.profiles.test.id, method: 'GET', path: '/cgi-bin/something/new' });
    if (unknown.kind === 'validation') expect(unknown.message).toContain('does not know');
    expect(h.fake.calls('/cgi-bin/menu/create')).toBe(0);
    expect(h.fake.calls('/cgi-bin/stable_token')).toBe(0);
  });

  it('refuses what would reach anything but the app’s API: hosts, dot segments, a token of its own, bad JSON', async () => {
    const id = h.profiles.test.id;
    for (const path of ['https://evil.example/x', '//evil.example/x', '/cgi-bin/../x', '/cgi-bin/x?access_token=1', 'cgi-bin/x']) {
      expect(await h.fail('callApi', { profileId: id, method: 'GET', path })).toMatchObject({ kind: 'validation', issues: [{ path: 'path' }] });
    }
    expect(await h.fail('callApi', { profileId: id, method: 'GET', path: '/cgi-bin/user/get', query: { ACCESS_TOKEN: 'x' } })).toMatchObject({ kind: 'validation' });
    expect(await h.fail('callApi', { profileId: id, method: 'POST', path: '/cgi-bin/openapi/quota/get', body: '{nope' })).toMatchObject({ kind: 'validation', issues: [{ path: 'body' }] });
    expect(await h.fail('callApi', { profileId: id, method: 'GET', path: '/cgi-bin/user/get', body: '{}' })).toMatchObject({ kind: 'validation', issues: [{ path: 'body' }] });
  });

  it('a confirmed POST sends the JSON body as given', async () => {
    const result = await h.call('callApi', { profileId: h.profiles.test.id, method: 'POST', path: '/cgi-bin/openapi/quota/get', body: '{"cgi_path":"/cgi-bin/token"}' });
    expect(result.errcode).toBe(0);
    expect(h.fake.requests.filter((r) => r.path === '/cgi-bin/openapi/quota/get').at(-1)?.body).toEqual({ cgi_path: '/cgi-bin/token' });
  });
});
