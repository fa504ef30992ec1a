import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/contract';
import { createAutoRefresher, type AutoRefresher } from '../../../src/core/token/autoRefresh';
import { createTokenService, type WechatTokenService } from '../../../src/core/token/tokenService';
import { createMemoryTokenVault } from '../../../src/core/token/tokenVault';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { manualClock, targetOn } from '../wechat/support';
import { addApp, manualTimers, openApp, tempDir } from '../support';

const STABLE = '/cgi-bin/stable_token';
const MINUTE = 60_000;

let fake: FakeWechat;
let clock: ReturnType<typeof manualClock>;
let timers: ReturnType<typeof manualTimers>;
let tokens: WechatTokenService;
let profile: Profile;
let refresher: AutoRefresher;
let errors: unknown[];

const loadSecret = async () => FAKE_APP.secret;

beforeEach(async () => {
  clock = manualClock();
  timers = manualTimers();
  fake = await startFakeWechat({ clock: clock.now });
  tokens = createTokenService({ clock: clock.now, timers });
  profile = {
    id: 'p-1',
    label: 'Test app',
    appid: FAKE_APP.appid,
    kind: 'official-account',
    domain: 'api',
    customBase: null,
    proxy: null,
    autoRefresh: true,
    createdAt: new Date(clock.now()).toISOString(),
  };
  errors = [];
  refresher = createAutoRefresher({
    profiles: { list: async () => [profile] },
    tokens,
    targetOf: () => targetOn(fake),
    secretLoader: () => loadSecret,
    clock: clock.now,
    timers,
    onError: (_p, error) => errors.push(error),
  });
});

afterEach(async () => {
  refresher.stop();
  await tokens.close();
  await fake.close();
});

/** The delay of the refresher's pending timer. */
const nextWake = () => timers.pending.at(-1)?.ms;

describe('auto-refresh', () => {
  it('refreshes an opted-in app’s stable token when it enters the margin, and sleeps until then', async () => {
    refresher.start();
    expect(nextWake()).toBe(0);
    await refresher.tick();
    expect(fake.calls(STABLE)).toBe(0); // no token yet: nothing to keep fresh, nothing fetched
    expect(nextWake()).toBe(30_000);

    const first = await tokens.get(targetOn(fake), 'stable', loadSecret);
    await refresher.tick();
    expect(nextWake()).toBe(30_000); // capped, so profile changes are noticed

    clock.advance(7200_000 - 5 * MINUTE - 10_000); // 10 s before the margin
    await refresher.tick();
    expect(nextWake()).toBe(11_000); // a second inside the margin
    expect(fake.calls(STABLE)).toBe(1);

    clock.advance(11_000);
    await refresher.tick();
    expect(fake.calls(STABLE)).toBe(2);
    const now = tokens.peek(targetOn(fake), 'stable');
    expect(now?.accessToken).not.toBe(first.accessToken);
    expect(now?.expiresAt).toBe(clock.now() + 7200_000);
    expect(fake.requests.every((r) => (r.body as { force_refresh?: boolean }).force_refresh === false)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('never refreshes an app that did not opt in', async () => {
    profile = { ...profile, autoRefresh: false };
    refresher.start();
    await tokens.get(targetOn(fake), 'stable', loadSecret);
    clock.advance(7200_000 - 60_000);
    await refresher.tick();
    expect(fake.calls(STABLE)).toBe(1);
    expect(nextWake()).toBe(30_000);
  });

  it('follows the margin the token service uses', async () => {
    const margin = { ms: 20 * MINUTE };
    await tokens.close();
    tokens = createTokenService({ clock: clock.now, timers, refreshMarginMs: () => margin.ms });
    refresher = createAutoRefresher({
      profiles: { list: async () => [profile] },
      tokens,
      targetOf: () => targetOn(fake),
      secretLoader: () => loadSecret,
      clock: clock.now,
      timers,
    });
    refresher.start();
    await tokens.get(targetOn(fake), 'stable', loadSecret);
    clock.advance(7200_000 - 20 * MINUTE + 1000);
    await refresher.tick();
    // WeChat hands back the same stable token until its last 5 minutes: one call, then a wait.
    expect(fake.calls(STABLE)).toBe(2);
    await refresher.tick();
    expect(fake.calls(STABLE)).toBe(2);
    expect(nextWake()).toBe(30_000);
  });

  it('a failing refresh backs off instead of hammering WeChat', async () => {
    await tokens.get(targetOn(fake), 'stable', loadSecret);
    refresher.start();
    clock.advance(7200_000 - 2 * MINUTE);
    fake.scenario.html502(STABLE);
    await refresher.tick();
    expect(errors).toHaveLength(1);
    await refresher.tick();
    expect(fake.calls(STABLE)).toBe(2); // held back
    expect(nextWake()).toBe(30_000);
    clock.advance(MINUTE);
    await refresher.tick();
    expect(fake.calls(STABLE)).toBe(3);
    expect(errors).toHaveLength(2);
  });

  it('stop() clears the timer; timers are never left behind', async () => {
    refresher.start();
    expect(timers.pending).toHaveLength(1);
    refresher.stop();
    expect(timers.pending).toHaveLength(0);
    await refresher.tick(); // a tick already running when stopped schedules nothing
    expect(timers.pending).toHaveLength(0);
  });
});

describe('wired into the services', () => {
  let folder: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    folder = await tempDir();
  });
  afterEach(() => folder.remove());

  it('runs only for profiles with autoRefresh, and stops on close', async () => {
    const app = openApp(fake, { userDataDir: folder.dir, clock: clock.now, timers, autoRefresh: true, tokenVault: createMemoryTokenVault() });
    const on = await addApp(app, FAKE_APP, { autoRefresh: true });
    await app.call('getToken', { profileId: on.id });
    clock.advance(7200_000 - 4 * MINUTE);
    timers.runAll(); // the refresher's timer (and the vault's write-behind)
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls(STABLE)).toBe(2);

    const { createdAt: _createdAt, ...input } = on;
    await app.call('saveProfile', { ...input, autoRefresh: false });
    clock.advance(7200_000 - 3 * MINUTE);
    timers.runAll();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls(STABLE)).toBe(2);

    await app.close();
    expect(timers.pending).toHaveLength(0);
  });
});
