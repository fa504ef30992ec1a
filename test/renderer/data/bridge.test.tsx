import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFetchBridge, getBridge, takeBridgeToken } from '../../../src/renderer/data/bridge';
import { BridgeError } from '../../../src/renderer/data/BridgeError';
import { callBridge } from '../../../src/renderer/data/hooks';
import { channelNames } from '../../../src/contract/channels';
import { FAKE_APP, setup } from '../support/harness';

afterEach(() => {
  sessionStorage.clear();
  history.replaceState(null, '', '/');
});

const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('web-mode bridge', () => {
  it('takes the token from #token= and removes it from the address bar at once, keeping no copy', () => {
    history.replaceState(null, '', '/index.html?x=1#token=00ff7a');
    expect(takeBridgeToken(window)).toBe('00ff7a');
    expect(location.hash).toBe('');
    expect(location.pathname + location.search).toBe('/index.html?x=1');
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
    // After a reload the fragment is gone: the session cookie carries on, not a stored token.
    expect(takeBridgeToken(window)).toBeNull();
  });

  it('trades the token for the session cookie once, before the first call; calls carry no token', async () => {
    const fetchFn = vi.fn(async (url: string) => (url === '/__session' ? new Response(null, { status: 204 }) : jsonResponse({ ok: true, value: { stored: true, hint: '3f9a' } })));
    const bridge = createFetchBridge({ token: 'abc123', fetch: fetchFn as unknown as typeof fetch });
    expect(Object.keys(bridge).sort()).toEqual([...channelNames].sort());

    const request = { profileId: '00000000-0000-4000-8000-000000000001' };
    await expect(bridge.secretStatus(request)).resolves.toEqual({ ok: true, value: { stored: true, hint: '3f9a' } });
    await bridge.appInfo({});
    expect(fetchFn.mock.calls).toEqual([
      ['/__session', { method: 'POST', headers: { 'x-wxcred-token': 'abc123' }, credentials: 'same-origin' }],
      ['/__bridge/secretStatus', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(request) }],
      ['/__bridge/appInfo', { method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: '{}' }],
    ]);
  });

  it('passes typed failures through, even on a non-2xx status', async () => {
    const error = { kind: 'validation', message: 'Confirm first.', issues: [] };
    const bridge = createFetchBridge({ token: 't', fetch: async () => jsonResponse({ ok: false, error }, 400) });
    await expect(bridge.getToken({ profileId: 'p', lane: 'classic' })).resolves.toEqual({ ok: false, error });
  });

  it('turns every transport failure into a network error', async () => {
    const refused = createFetchBridge({ token: 't', fetch: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await expect(refused.appInfo({})).resolves.toEqual({
      ok: false,
      error: { kind: 'network', reason: 'other', message: 'Failed to fetch' },
    });

    const forbidden = createFetchBridge({ token: 't', fetch: async () => new Response('forbidden', { status: 403 }) });
    const outcome = await forbidden.appInfo({});
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.error).toMatchObject({ kind: 'network', reason: 'other', message: expect.stringContaining('No bridge session') });

    // A reload without the fragment relies on the cookie; without one, the call says what to do.
    const fetchFn = vi.fn(async () => new Response('', { status: 403 }));
    const noToken = createFetchBridge({ token: null, fetch: fetchFn as unknown as typeof fetch });
    const missing = await noToken.listProfiles({});
    expect(!missing.ok && missing.error).toMatchObject({ kind: 'network', message: expect.stringContaining('open the full URL') });
    expect(fetchFn).toHaveBeenCalledTimes(1);
  });

  it('tells a refused session apart from other refusals, and names the likeliest reason', async () => {
    const noSession = () =>
      new Response(JSON.stringify({ ok: false, error: { kind: 'validation', message: 'Missing or wrong session', issues: [] } }), {
        status: 403,
        headers: { 'content-type': 'application/json', 'x-wxcred-session': 'none' },
      });
    const problems: string[] = [];
    const onNoSession = (problem: string) => void problems.push(problem);
    const tab = new Map<string, string>();
    const storage = { getItem: (k: string) => tab.get(k) ?? null, setItem: (k: string, v: string) => void tab.set(k, v) };

    // First visit without #token: never connected in this tab.
    const bare = createFetchBridge({ token: null, fetch: async () => noSession(), onNoSession, tab: storage });
    const outcome = await bare.listProfiles({});
    // Not an "invalid input" the pages would render as their own error.
    expect(!outcome.ok && outcome.error).toMatchObject({ kind: 'network', message: expect.stringContaining('npm run web') });

    // The URL's token refused at /__session (spent, or from an older run).
    const spent = createFetchBridge({
      token: 'abc',
      fetch: async (url) => (url === '/__session' ? new Response(null, { status: 403 }) : noSession()),
      onNoSession,
      tab: storage,
    });
    await spent.appInfo({});

    // A tab that was connected, reloaded after the server restarted.
    const okThenRefused = vi.fn<typeof fetch>().mockResolvedValueOnce(jsonResponse({ ok: true, value: [] })).mockResolvedValue(noSession());
    const reloaded = createFetchBridge({ token: null, fetch: okThenRefused, onNoSession, tab: storage });
    await reloaded.listProfiles({});
    expect(tab.get('wxcred.connected')).toBe('1');
    const again = createFetchBridge({ token: null, fetch: async () => noSession(), onNoSession, tab: storage });
    await again.listProfiles({});
    expect(problems).toEqual(['no-token', 'spent', 'lost']);

    // A 403 without the mark (a foreign Origin) is not a session problem.
    const origin = createFetchBridge({ token: null, fetch: async () => jsonResponse({ ok: false, error: { kind: 'validation', message: 'Wrong Origin.', issues: [] } }, 403), onNoSession });
    await origin.appInfo({});
    expect(problems).toHaveLength(3);
  });

  it('prefers the preload’s window.wxcred when Electron provides it', async () => {
    const { bridge } = await setup({}, null);
    expect(window.wxcred).toBe(bridge);
    expect(getBridge()).toBe(bridge);
  });
});

describe('callBridge', () => {
  it('unwraps ok outcomes and throws a BridgeError carrying the WxError otherwise', async () => {
    const { bridge, profiles } = await setup({ apps: [{ app: FAKE_APP, secret: false }] }, null);
    // saveProfile also says whether the save cleared a secret; the list holds the profiles themselves.
    await expect(callBridge(bridge, 'listProfiles', {})).resolves.toEqual(profiles.map((saved) => {
      const { secretCleared: _cleared, ...profile } = saved as typeof saved & { secretCleared?: boolean };
      return profile;
    }));

    // No AppSecret stored: the core answers a typed keychain error.
    const failed = await callBridge(bridge, 'getToken', { profileId: profiles[0]!.id }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(BridgeError);
    expect((failed as BridgeError).error).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
    expect((failed as BridgeError).channel).toBe('getToken');

    // A request the contract refuses never reaches a handler.
    const invalid = (await callBridge(bridge, 'getToken', { profileId: 'not-a-uuid' }).catch((e: unknown) => e)) as BridgeError;
    expect(invalid.error).toMatchObject({ kind: 'validation', issues: [expect.objectContaining({ path: 'profileId' })] });
  });

  it('reports a rejected bridge promise as an internal error instead of crashing', async () => {
    const { bridge } = await setup({}, null);
    const broken = { ...bridge, appInfo: () => Promise.reject(new Error('preload exploded')) };
    const failed = (await callBridge(broken, 'appInfo', {}).catch((e: unknown) => e)) as BridgeError;
    expect(failed.error).toEqual({ kind: 'internal', message: 'preload exploded' });
  });
});
