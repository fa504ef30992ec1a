/**
 * A token fetch outlives the page that started it, shows how long it has been running, and can be
 * cancelled for real; a result belongs to the input (lane, secret) that produced it. The real app
 * on the real core, against the simulator's hanging upstream.
 */
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FAKE_APP, setup, type Rig } from '../../support/harness';

const STABLE = '/cgi-bin/stable_token';
const SECOND = 1000;
const WRONG_SECRET = 'FAKE-WRONG-SECRET-0000000000c0de';

async function ready() {
  const button = await screen.findByTestId('get-token');
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  return button;
}

/** Resolves once the simulator holds a request to `path` (the fetch is on the wire). */
async function onTheWire(sim: Rig['sim'], path: string) {
  await waitFor(() => expect(sim.calls(path)).toBeGreaterThan(0));
}

async function leaveAndComeBack(user: Rig['user']) {
  await user.click(screen.getByTestId('nav-log'));
  await waitFor(() => expect(screen.queryByTestId('get-token')).toBeNull());
  await user.click(screen.getByTestId('app-item'));
}

describe('a long token fetch', () => {
  it('is still pending, with its elapsed time, after leaving the page and coming back; Cancel aborts it in main', async () => {
    const { user, sim, clock, calls } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] });
    sim.scenario.hang(STABLE);
    await user.click(await ready());
    await onTheWire(sim, STABLE);
    expect(screen.getByTestId('get-token').textContent).toBe('Fetching… 0 s');

    await leaveAndComeBack(user);
    const button = await screen.findByTestId('get-token');
    expect(button.hasAttribute('disabled')).toBe(true);
    clock.advance(12 * SECOND);
    expect(button.textContent).toBe('Fetching… 12 s');
    expect(sim.hungUp).toEqual([]);

    await user.click(screen.getByTestId('get-token-cancel'));
    expect(screen.getByTestId('get-token-cancelled').textContent).toBe('Cancelled.');
    expect(screen.queryByRole('alert')).toBeNull();
    // The request to WeChat itself was aborted, by the call's own id.
    await waitFor(() => expect(sim.hungUp.map((r) => r.path)).toEqual([STABLE]));
    const fetch = calls.find((c) => c.channel === 'getToken');
    expect(calls.filter((c) => c.channel === 'cancelCall').map((c) => c.request)).toEqual([{ callId: fetch?.callId }]);
    await waitFor(() => expect(calls.find((c) => c.channel === 'getToken')?.outcome).toMatchObject({ ok: false, error: { reason: 'aborted' } }));
    expect(screen.getByTestId('get-token').textContent).toBe('Get token');
    expect(screen.queryByRole('alert')).toBeNull();

    // Cancelled is this attempt's state, not the app's: the next fetch works.
    sim.scenario.clear();
    await user.click(await ready());
    expect(await screen.findByTestId('token-value')).toBeTruthy();
    expect(screen.queryByTestId('get-token-cancelled')).toBeNull();
  });

  it('that times out while the user is elsewhere shows the timeout on the page they come back to', async () => {
    const { user, sim, call } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] });
    await call('saveSettings', { headersTimeoutMs: 300 });
    sim.scenario.hang(STABLE);
    await user.click(await ready());
    await onTheWire(sim, STABLE);
    await user.click(screen.getByTestId('nav-log'));
    // The client gave up (its headers timeout) while the token page was not on screen.
    await waitFor(() => expect(sim.hungUp).toHaveLength(1));
    await user.click(screen.getByTestId('app-item'));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('no response headers within 300 ms');
    expect((await ready()).textContent).toBe('Get token');
  });
});

describe('a result belongs to the input that produced it', () => {
  it('the 40125 of a wrong secret is gone once the secret is replaced', async () => {
    const { user, profiles } = await setup({
      apps: [{ app: FAKE_APP, label: 'Prod 公众号' }],
      before: async ({ call, profiles: saved }) => void (await call('setSecret', { profileId: saved[0]!.id, secret: WRONG_SECRET })),
    });
    expect(profiles).toHaveLength(1);
    await user.click(await ready());
    expect((await screen.findByRole('alert')).textContent).toContain('40125');
    expect(screen.getByTestId('secret-status').textContent).toContain('c0de');

    await user.click(screen.getByRole('button', { name: 'Replace' }));
    await user.type(screen.getByTestId('secret-input'), FAKE_APP.secret);
    await user.click(screen.getByTestId('secret-save'));
    await waitFor(() => expect(screen.getByTestId('secret-status').textContent).toContain(FAKE_APP.secret.slice(-4)));
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(await ready());
    expect(await screen.findByTestId('token-value')).toBeTruthy();
  });

  it('the 30 s forced-refresh refusal is gone after switching lanes, and does not come back with the lane', async () => {
    const { user, call, profiles } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] });
    await call('getToken', { profileId: profiles[0]!.id, lane: 'stable-forced', confirmInvalidate: true });
    await user.click(await screen.findByTestId('lane-stable-forced'));
    await user.click(await ready());
    await user.click(screen.getByTestId('confirm-ok'));
    expect((await screen.findByRole('alert')).textContent).toContain('at most once every 30 s');

    await user.click(screen.getByTestId('lane-stable'));
    expect(screen.queryByRole('alert')).toBeNull();
    await user.click(screen.getByTestId('lane-stable-forced'));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
