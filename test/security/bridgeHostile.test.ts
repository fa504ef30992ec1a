/**
 * An attacker who holds the bridge (a compromised renderer: any channel, any JSON payload)
 * against the real handlers through dispatch, with real loopback HTTP to two simulators: `good`,
 * the API base a secret was saved for, and `evil`, a base the attacker would like it sent to.
 * What must hold: a stored AppSecret reaches only the destination it was saved for, a hostile
 * import adds nothing and says why, an export holds no secret, lazily loaded features stay under
 * dispatch's validation, and the cancel registry neither leaks nor lets one caller abort another.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../src/contract';
import { dispatch } from '../../src/core/dispatch';
import { createEphemeralSecretStore } from '../../src/core/store/memoryStores';
import { DEMO_APPS, FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { RawReply } from '../../src/core/simulator/context';
import { findLeaks, secretNeedles } from '../support/leaks';
import { startTestProxy } from '../support/proxy';
import { createMemoryTokenVault } from '../../src/core/token/tokenVault';
import { addApp, openApp, tempDir, type App } from '../core/support';

const STABLE = '/cgi-bin/stable_token';

let good: FakeWechat;
let evil: FakeWechat;
let folders: Awaited<ReturnType<typeof tempDir>>[];
let apps: App[];
let secrets: ReturnType<typeof createEphemeralSecretStore>;

/** A saved profile as an edit-dialog save of it, with some fields changed. */
const edit = (p: Profile, changes: Partial<Profile>) => {
  const { id, label, appid, kind, domain, customBase, proxy, autoRefresh } = { ...p, ...changes };
  return { id, label, appid, kind, domain, customBase, proxy, autoRefresh };
};

/** Every request the evil base saw, as text, so a secret in any field shows up. */
const evilSaw = (): string => JSON.stringify(evil.requests);

async function open(options: Partial<Parameters<typeof openApp>[1]> = {}): Promise<App> {
  const folder = await tempDir();
  folders.push(folder);
  const app = openApp(good, { userDataDir: folder.dir, secrets, ...options });
  apps.push(app);
  return app;
}

beforeEach(async () => {
  good = await startFakeWechat({ demo: true });
  evil = await startFakeWechat({ demo: true });
  folders = [];
  apps = [];
  secrets = createEphemeralSecretStore();
});

afterEach(async () => {
  for (const app of apps) await app.close();
  await good.close();
  await evil.close();
  for (const folder of folders) await folder.remove();
});

describe('a stored AppSecret goes only where it was saved for', () => {
  it('re-pointing the app to another base (saveProfile) deletes the secret: getToken sends nothing there', async () => {
    const app = await open();
    const profile = await addApp(app);
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ apiBase: good.url });
    const moved = await app.call('saveProfile', edit(profile, { domain: 'custom', customBase: evil.url }));
    expect(moved.secretCleared).toBe(true);
    expect(await app.fail('getToken', { profileId: profile.id })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
    expect(await app.call('secretStatus', { profileId: profile.id })).toEqual({ stored: false, hint: null });
    expect(evil.calls(STABLE)).toBe(0);
    expect(evilSaw()).not.toContain(FAKE_APP.secret);
  });

  it('only a change of trailing slash or case in the base is not a re-point, and still reaches the same host', async () => {
    const app = await open();
    const custom = await app.call('saveProfile', { label: 'c', appid: FAKE_APP.appid, kind: 'official-account', domain: 'custom', customBase: good.url });
    await app.call('setSecret', { profileId: custom.id, secret: FAKE_APP.secret });
    const same = await app.call('saveProfile', edit(custom, { customBase: `${good.url.toUpperCase().replace('HTTP', 'http')}/` }));
    expect(same.secretCleared).toBe(false);
    expect(await app.call('getToken', { profileId: custom.id })).toMatchObject({ fromCache: false });
    expect(evilSaw()).not.toContain(FAKE_APP.secret);
  });

  it('a second install sharing the keychain adds the same AppID on another base: the secret is not handed out', async () => {
    const owner = await open();
    await addApp(owner);
    const attacker = await open();
    const stolen = await attacker.call('saveProfile', {
      label: 'same appid',
      appid: FAKE_APP.appid,
      kind: 'official-account',
      domain: 'custom',
      customBase: evil.url,
    });
    expect(await attacker.fail('getToken', { profileId: stolen.id })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
    expect(await attacker.call('secretStatus', { profileId: stolen.id })).toEqual({ stored: false, hint: null });
    expect(await attacker.call('profileStatuses', {})).toEqual([{ profileId: stolen.id, secret: 'missing', token: null }]);
    expect(await attacker.fail('getToken', { profileId: stolen.id, lane: 'classic', confirmInvalidate: true })).toMatchObject({ kind: 'keychain' });
    expect(await attacker.call('cachedTicket', { profileId: stolen.id, type: 'jsapi' })).toBeNull();
    // Re-pointing the attacker's own copy back and forth does not launder the binding either.
    const toProxy = await attacker.call('saveProfile', edit(stolen, { domain: 'custom', customBase: `${evil.url}/other` }));
    expect(await attacker.fail('getToken', { profileId: toProxy.id })).toMatchObject({ kind: 'keychain' });
    expect(evil.calls(STABLE)).toBe(0);
    expect(evilSaw()).not.toContain(FAKE_APP.secret);
  });

  it('importProfiles cannot add an app on another base that picks up the stored secret', async () => {
    const owner = await open();
    await addApp(owner);
    const attacker = await open();
    const file = {
      format: 'wxcred-profiles',
      version: 1,
      profiles: [{ label: 'imported', appid: FAKE_APP.appid, kind: 'official-account', domain: 'custom', customBase: evil.url, proxy: null, autoRefresh: true }],
    };
    const { added } = await attacker.call('importProfiles', { json: JSON.stringify(file) });
    expect(added).toHaveLength(1);
    expect(await attacker.fail('getToken', { profileId: added[0]!.id })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
    expect(evilSaw()).not.toContain(FAKE_APP.secret);
  });

  it('deleteProfile then re-adding the AppID on another base finds no secret', async () => {
    const app = await open();
    const profile = await addApp(app);
    await app.call('deleteProfile', { profileId: profile.id });
    const again = await app.call('saveProfile', { label: 'again', appid: FAKE_APP.appid, kind: 'official-account', domain: 'custom', customBase: evil.url });
    expect(await app.fail('getToken', { profileId: again.id })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
    expect(await secrets.get(FAKE_APP.appid)).toBeNull();
    expect(evilSaw()).not.toContain(FAKE_APP.secret);
  });

  it('an AppID in another case or with whitespace is refused, not a second account for the same secret', async () => {
    const app = await open();
    await addApp(app);
    for (const appid of [FAKE_APP.appid.toUpperCase(), ` ${FAKE_APP.appid}`, `${FAKE_APP.appid}/saved-for`, `${FAKE_APP.appid}\u200b`]) {
      const outcome = await dispatch(app.services.handlers, 'saveProfile', {
        label: 'x',
        appid,
        kind: 'official-account',
        domain: 'custom',
        customBase: evil.url,
      });
      expect(outcome, JSON.stringify(appid)).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
    expect(evilSaw()).not.toContain(FAKE_APP.secret);
  });

  it('loadDemoApps after re-pointing a demo app elsewhere does not hand the demo secret to that base', async () => {
    const app = await open({ env: {}, tokenVault: createMemoryTokenVault(), simulator: { url: good.url } });
    const { profiles } = await app.call('loadDemoApps', {});
    const demo = profiles.find((p) => p.appid === DEMO_APPS[0]!.appid)!;
    await app.call('saveProfile', edit(demo, { domain: 'custom', customBase: evil.url }));
    await app.call('loadDemoApps', {});
    const outcome = await app.run('getToken', { profileId: demo.id });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'keychain' } });
    expect(evil.calls(STABLE)).toBe(0);
    expect(evilSaw()).not.toContain(DEMO_APPS[0]!.secret);
  });
});

describe('profiles import and export under a hostile file', () => {
  const valid = (profiles: unknown[]) => JSON.stringify({ format: 'wxcred-profiles', version: 1, profiles });
  const appEntry = { label: 'a', appid: FAKE_APP.appid, kind: 'official-account', domain: 'api', customBase: null, proxy: null, autoRefresh: false };

  it.each([
    ['not JSON', '{"format":'],
    ['a JSON array', '[]'],
    ['__proto__ at the top', '{"__proto__":{"polluted":1},"format":"wxcred-profiles","version":1,"profiles":[]}'],
    ['__proto__ in an app', valid([{ ...appEntry, __proto__: null }]).replace('"label"', '"__proto__":{"x":1},"label"')],
    ['a secret field', valid([{ ...appEntry, secret: 'FAKE-IMPORTED-SECRET-0000' }])],
    ['a duplicate AppID', valid([appEntry, { ...appEntry, label: 'b' }])],
    ['a proxy with a password', valid([{ ...appEntry, proxy: 'http://user:FAKEPASS@127.0.0.1:3128' }])],
    ['a custom base on plain http elsewhere', valid([{ ...appEntry, domain: 'custom', customBase: 'http://example.com' }])],
    ['deep nesting', `{"format":"wxcred-profiles","version":1,"profiles":${'['.repeat(50_000)}${']'.repeat(50_000)}}`],
    ['a newer version', JSON.stringify({ format: 'wxcred-profiles', version: 2, profiles: [] })],
  ])('%s: a typed validation error, nothing added, nothing polluted', async (_what, json) => {
    const app = await open();
    const outcome = await app.run('importProfiles', { json });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await app.call('listProfiles', {})).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(outcome)).not.toContain('FAKE-IMPORTED-SECRET');
    expect(JSON.stringify(outcome)).not.toContain('FAKEPASS');
  });

  it('a file over the byte limit is refused by the schema before it is parsed', async () => {
    const app = await open();
    const outcome = await app.run('importProfiles', { json: ' '.repeat(200 * 1024 + 1) });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('importing an existing AppID skips it and keeps the existing app and its secret', async () => {
    const app = await open();
    const profile = await addApp(app);
    const result = await app.call('importProfiles', { json: valid([{ ...appEntry, label: 'replacement', domain: 'custom', customBase: evil.url }]) });
    expect(result.added).toEqual([]);
    expect(result.skipped).toEqual([{ appid: FAKE_APP.appid, label: 'replacement', existingLabel: profile.label }]);
    expect(await app.call('listProfiles', {})).toMatchObject([{ id: profile.id, domain: profile.domain, customBase: null }]);
    expect(await secrets.get(FAKE_APP.appid)).toBe(FAKE_APP.secret);
  });

  it('an export holds no secret, no proxy password and no id, and imports back', async () => {
    const app = await open();
    const profile = await addApp(app);
    await app.call('saveProfile', edit(profile, { proxy: 'http://user:FAKE-PROXY-PASS-123@127.0.0.1:9' }));
    const exported = await app.call('exportProfiles', {});
    expect(exported.json).not.toContain(FAKE_APP.secret);
    expect(exported.json).not.toContain('FAKE-PROXY-PASS-123');
    expect(exported.json).not.toContain(profile.id);
    const other = await open();
    expect((await other.call('importProfiles', { json: exported.json })).added).toHaveLength(1);
  });
});

describe('lazily loaded features stay under dispatch', () => {
  it('a lazy channel still validates its payload, and the first calls arriving together all load one feature', async () => {
    const app = await open();
    const bad = await app.run('lookupErrcode', { code: { $gt: 0 } } as never);
    expect(bad).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const together = await Promise.all([app.run('lookupErrcode', { code: 40164 }), app.run('lookupErrcode', { code: 40013 }), app.run('lookupErrcode', { code: 40164 })]);
    expect(together.every((o) => o.ok)).toBe(true);
  });

  it('a secret typed into a lazy channel is redacted from its outcome', async () => {
    const app = await open();
    const profile = await addApp(app);
    // The session key typed in is known from the moment it arrives; nothing reflects it back.
    const key = Buffer.from('FAKE-SESSION-KEY').toString('base64');
    const outcome = await app.run('checkSessionKey', { profileId: profile.id, openid: 'oFAKEopenid000000000000000000', sessionKey: key });
    expect(JSON.stringify(outcome)).not.toContain(key);
  });
});

describe('the cancel registry under a hostile caller', () => {
  it('cancelling an unknown or malformed id does nothing and says so', async () => {
    const app = await open();
    expect(await app.call('cancelCall', { callId: randomUUID() })).toEqual({ cancelled: false });
    expect(await app.run('cancelCall', { callId: '../../etc' })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await app.run('cancelCall', { callId: 'x'.repeat(100_000) })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('a callId on a channel that is not cancellable is refused by its schema, not silently kept', async () => {
    const app = await open();
    const outcome = await app.run('listProfiles', { callId: randomUUID() } as never);
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('many finished calls with fresh ids leave nothing in the registry, and a reused id works once the first ended', async () => {
    const app = await open();
    const profile = await addApp(app);
    const reused = randomUUID();
    for (let i = 0; i < 50; i++) await app.run('getToken', { profileId: profile.id, callId: i % 2 === 0 ? randomUUID() : reused });
    // A failed validation (no such profile) also ends its call.
    await app.run('getToken', { profileId: 'nope-not-an-id', callId: randomUUID() } as never);
    await app.run('getToken', { profileId: randomUUID(), callId: randomUUID() });
    expect(await app.call('cancelCall', { callId: reused })).toEqual({ cancelled: false });
  });

  it('one caller cancelling a shared token fetch does not abort it for a caller that joined it, and caches no aborted token', async () => {
    const app = await open();
    const profile = await addApp(app);
    good.scenario.hang(STABLE);
    const a = randomUUID();
    const b = randomUUID();
    const first = app.run('getToken', { profileId: profile.id, callId: a });
    for (let i = 0; i < 400 && good.calls(STABLE) < 1; i++) await new Promise((r) => setTimeout(r, 10));
    const second = app.run('getToken', { profileId: profile.id, callId: b });
    // The attacker's duplicate of the other caller's id is refused, not joined to it.
    expect(await app.run('getToken', { profileId: profile.id, callId: b })).toMatchObject({ ok: false, error: { kind: 'validation' } });
    expect(await app.call('cancelCall', { callId: a })).toEqual({ cancelled: true });
    expect(await first).toMatchObject({ ok: false, error: { kind: 'network', reason: 'aborted' } });
    expect(good.hungUp.filter((r) => r.path === STABLE)).toHaveLength(0);
    expect(await app.call('cancelCall', { callId: b })).toEqual({ cancelled: true });
    expect(await second).toMatchObject({ ok: false, error: { kind: 'network', reason: 'aborted' } });
    expect(await app.call('cachedToken', { profileId: profile.id })).toBeNull();
    good.scenario.clear();
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false });
  });
});

describe('a reply that reflects the secret or the token in odd spellings', () => {
  const ECHO = '/cgi-bin/wxcredtest/echo';
  /** Every spelling the reply carries, and its name. */
  function spellings(value: string): [string, string][] {
    const blob = Buffer.from(`appid=${FAKE_APP.appid}&secret=${value}&x=1`).toString('base64');
    const nested = JSON.stringify(JSON.stringify({ s: value }));
    return [
      ['raw', value],
      ['in a sentence', `invalid credential, secret was ${value} rid: 1`],
      ['URL-encoded twice', encodeURIComponent(encodeURIComponent(value))],
      ['form pair', `grant_type=x&secret=${value}`],
      ['base64 inside a longer blob', blob],
      ['JSON text inside a string, escaped twice', nested],
      ['hex', Buffer.from(value).toString('hex').toUpperCase()],
      ['after 200 KB of padding', `${'x'.repeat(200_000)}${value}`],
    ];
  }

  it('nothing of it reaches the outcome, the request log or its export', async () => {
    const app = await open();
    const profile = await addApp(app);
    const token = (await app.call('getToken', { profileId: profile.id })).accessToken;
    const values: [string, string][] = [
      ['AppSecret', FAKE_APP.secret],
      ['access_token', token],
    ];
    good.route('GET', ECHO, () => {
      const reply: Record<string, unknown> = { errcode: 0, errmsg: `ok ${FAKE_APP.secret}` };
      for (const [label, value] of values) {
        for (const [form, text] of spellings(value)) reply[`${label} ${form}`] = text;
        reply[value] = 'as a key';
        let deep: unknown = { leaf: value };
        for (let i = 0; i < 100; i++) deep = { d: deep };
        reply[`${label} deep`] = deep;
      }
      return reply;
    });
    const outcome = await app.run('callApi', { profileId: profile.id, method: 'GET', path: ECHO, confirm: true });
    expect(outcome.ok).toBe(true);
    const exported = await app.call('exportRequestLog', {});
    const log = await app.call('requestLog', {});
    const haystacks = [
      { where: 'outcome', data: JSON.stringify(outcome) },
      { where: 'requestLog', data: JSON.stringify(log) },
      { where: 'export', data: JSON.stringify(exported) },
    ];
    const leaks = findLeaks(haystacks, [...secretNeedles('AppSecret', FAKE_APP.secret), ...secretNeedles('access_token', token)]);
    expect(leaks).toEqual([]);
  });

  it('a __proto__ key in a raw reply stays a key, redacted, and pollutes nothing', async () => {
    const app = await open();
    const profile = await addApp(app);
    good.route('GET', ECHO, () => new RawReply(200, 'application/json', `{"errcode":0,"__proto__":{"polluted":"${FAKE_APP.secret}","secret":"${FAKE_APP.secret}"}}`));
    const outcome = await app.run('callApi', { profileId: profile.id, method: 'GET', path: ECHO, confirm: true });
    expect(outcome.ok).toBe(true);
    const log = await app.call('requestLog', {});
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(findLeaks([{ where: 'outcome', data: JSON.stringify(outcome) }, { where: 'log', data: JSON.stringify(log) }], secretNeedles('AppSecret', FAKE_APP.secret))).toEqual([]);
  });
});

describe('settings and route changes apply to the next call', () => {
  it('a shorter deadline saved while calls run ends a hung call with a typed timeout, and a longer one lets the next call through', async () => {
    const app = await open();
    const profile = await addApp(app);
    const settings = await app.call('getSettings', {});
    await app.call('saveSettings', { ...settings, deadlineMs: 500 });
    good.scenario.hang(STABLE);
    const outcome = await app.run('getToken', { profileId: profile.id });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'network', reason: 'timeout', message: expect.stringContaining('500 ms deadline') } });
    good.scenario.clear();
    await app.call('saveSettings', { ...settings, deadlineMs: 30_000 });
    expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false });
  });

  it('removing a profile\'s proxy routes the next call direct, not through the old dispatcher', async () => {
    const app = await open({ env: {} });
    const proxy = await startTestProxy();
    try {
      const input = { label: 'p', appid: FAKE_APP.appid, kind: 'official-account' as const, domain: 'custom' as const, customBase: good.url, proxy: proxy.url };
      const profile = await app.call('saveProfile', input);
      await app.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
      expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ route: { kind: 'proxy' } });
      const seen = (await proxy.waitFor(1)).length;
      const direct = await app.call('saveProfile', edit(profile, { proxy: null }));
      expect(direct.secretCleared).toBe(true);
      await app.call('setSecret', { profileId: profile.id, secret: FAKE_APP.secret });
      expect(await app.call('getToken', { profileId: profile.id })).toMatchObject({ fromCache: false, route: { kind: 'direct' } });
      expect(proxy.requests).toHaveLength(seen);
    } finally {
      await proxy.close();
    }
  }, 30_000);
});

describe('the request log stays bounded under hostile replies', () => {
  it('large replies evict older entries: the log never holds much more than its byte cap', async () => {
    const app = await open();
    const profile = await addApp(app);
    const ECHO = '/cgi-bin/wxcredtest/big';
    let n = 0;
    good.route('GET', ECHO, () => ({ errcode: 0, n: n++, padding: 'p'.repeat(300_000), list: Array.from({ length: 2000 }, (_, i) => `10.0.${i % 256}.0/24`) }));
    for (let i = 0; i < 8; i++) expect((await app.run('callApi', { profileId: profile.id, method: 'GET', path: ECHO, confirm: true })).ok).toBe(true);
    const log = app.services.log;
    const kept = JSON.stringify(log.list()).length;
    // One oversized newest entry may stand above the cap; never the eight of them.
    expect(kept).toBeLessThan(1024 * 1024 + 400_000);
    expect(log.bytes).toBeGreaterThanOrEqual(kept - 2 * log.size);
    expect(log.size).toBeLessThan(9);
  });
});
