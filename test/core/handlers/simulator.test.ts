/**
 * The simulator feature through dispatch(): "Try the simulator" adds the demo apps once, on the
 * simulator domain, with their fake secrets in the secret store; their calls reach the host's
 * simulator (not WeChat), and their authorize URLs open the simulator's own page.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralSecretStore } from '../../../src/core/store/memoryStores';
import { DEMO_APPS, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import type { SecretStore } from '../../../src/core/store/types';
import { createMemoryTokenVault } from '../../../src/core/token/tokenVault';
import { openApp, tempDir, type App } from '../support';

let sim: FakeWechat;
let app: App;
let secrets: SecretStore;
let folder: Awaited<ReturnType<typeof tempDir>>;

beforeEach(async () => {
  sim = await startFakeWechat({ apps: [], demo: true });
  folder = await tempDir();
  secrets = createEphemeralSecretStore();
  // No WXCRED_API_BASE: simulator apps find the simulator through the host, like in the app.
  app = openApp(sim, { userDataDir: folder.dir, env: {}, secrets, tokenVault: createMemoryTokenVault(), simulator: { url: sim.url } });
});

afterEach(async () => {
  await app.close();
  await sim.close();
  await folder.remove();
});

describe('simulator', () => {
  it('reports the simulator the host runs and its demo apps', async () => {
    const status = await app.call('simulatorStatus', {});
    expect(status).toMatchObject({ running: true, url: sim.url });
    expect(status.demoApps.map((d) => d.appid)).toEqual(DEMO_APPS.map((d) => d.appid));
    expect(JSON.stringify(status)).not.toContain('FAKE-SIMULATOR-SECRET');
  });

  it('adds every demo app once, marked as a simulator app, with its fake secret stored', async () => {
    const first = await app.call('loadDemoApps', {});
    expect(first.added).toBe(DEMO_APPS.length);
    expect(first.profiles.every((p) => p.domain === 'simulator')).toBe(true);
    expect(await secrets.get(DEMO_APPS[0]!.appid)).toBe(DEMO_APPS[0]!.secret);
    const again = await app.call('loadDemoApps', {});
    expect(again.added).toBe(0);
    expect((await app.call('listProfiles', {})).length).toBe(DEMO_APPS.length);
  });

  it('a demo app\'s calls go to the simulator: a token for the healthy one, 40164 with the IP for the other', async () => {
    const { profiles } = await app.call('loadDemoApps', {});
    const healthy = profiles.find((p) => p.appid === 'wx0000de0000000001')!;
    const blocked = profiles.find((p) => p.appid === 'wx0000de0000000005')!;
    expect(await app.call('getToken', { profileId: healthy.id })).toMatchObject({ apiBase: sim.url, lane: 'stable' });
    expect(await app.fail('getToken', { profileId: blocked.id })).toMatchObject({ kind: 'wechat', errcode: 40164, ip: '203.0.113.7' });
    expect(sim.calls('/cgi-bin/stable_token')).toBe(2);
  });

  it('builds a simulator app\'s authorize URL on the simulator, so it can be clicked through', async () => {
    const { profiles } = await app.call('loadDemoApps', {});
    const oa = profiles.find((p) => p.kind === 'official-account')!;
    const built = await app.call('buildAuthorizeUrl', { profileId: oa.id, redirectUri: `${sim.url}/simulator/callback`, scope: 'snsapi_userinfo' });
    expect(built.url.startsWith(`${sim.url}/connect/oauth2/authorize?appid=${oa.appid}&`)).toBe(true);
  });

  it('a host without a simulator says so, for the feature and for a simulator app', async () => {
    const { profiles } = await app.call('loadDemoApps', {});
    const bare = openApp(sim, { userDataDir: folder.dir, env: {}, secrets, tokenVault: createMemoryTokenVault() });
    try {
      expect(await bare.call('simulatorStatus', {})).toMatchObject({ running: false, url: null });
      expect(await bare.fail('loadDemoApps', {})).toMatchObject({ kind: 'validation' });
      expect(await bare.fail('getToken', { profileId: profiles[0]!.id })).toMatchObject({
        kind: 'validation',
        message: expect.stringMatching(/wxcred simulator/),
      });
    } finally {
      await bare.close();
    }
  });
});
