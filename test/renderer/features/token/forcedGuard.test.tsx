/**
 * WeChat refreshes a stable token at most once per 30 s and main refuses a forced refresh sooner:
 * what cannot succeed is disabled with the time it can, and a refusal that still happens (another
 * wxcred on this machine forced one) says what it is, once.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bridgeKey } from '../../../../src/renderer/data/hooks';
import { FAKE_APP, setup } from '../../support/harness';

const withSecret = { apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] };
const SECOND = 1000;

async function forcedLaneReady() {
  await (await screen.findByTestId('lane-stable-forced')).click();
  const button = (await screen.findByTestId('get-token')) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  await screen.findByTestId('token-stats');
  return button;
}

describe('the 30 s forced-refresh guard', () => {
  it('the dialog’s red button waits out the 30 s with the countdown on it, and is enabled when the time comes', async () => {
    const { user, call, clock, profiles, queryClient, callsTo } = await setup(withSecret);
    const profileId = profiles[0]!.id;
    await user.click(await forcedLaneReady());
    const dialog = screen.getByRole('alertdialog');
    const ok = within(dialog).getByTestId('confirm-ok') as HTMLButtonElement;
    expect(ok.disabled).toBe(false);
    expect(ok.textContent).toBe('Get a new token');

    // Another wxcred on this machine (the CLI) forces one while the dialog is open.
    await call('getToken', { profileId, lane: 'stable-forced', confirmInvalidate: true });
    await queryClient.invalidateQueries({ queryKey: bridgeKey('tokenStats', { profileId }) });
    await waitFor(() => expect(ok.disabled).toBe(true));
    expect(ok.textContent).toBe('Force refresh in 00:30');
    expect(within(dialog).getByTestId('confirm-wait').textContent).toContain('allowed in 00:30');
    await user.click(ok);
    expect(callsTo('getToken')).toEqual([]);

    clock.advance(10 * SECOND);
    expect(ok.textContent).toBe('Force refresh in 00:20');
    clock.advance(20 * SECOND);
    expect(ok.disabled).toBe(false);
    expect(ok.textContent).toBe('Get a new token');
    expect(within(dialog).queryByTestId('confirm-wait')).toBeNull();
    await user.click(ok);
    expect(await screen.findByTestId('token-value')).toBeTruthy();
    expect(callsTo('getToken')).toEqual([{ profileId, lane: 'stable-forced', confirmInvalidate: true }]);
  });

  it('a refusal is titled "Not allowed yet", said once with a live countdown, and the Force button then waits', async () => {
    const { user, call, clock, profiles } = await setup(withSecret);
    const profileId = profiles[0]!.id;
    const button = await forcedLaneReady();
    await user.click(button);
    // Forced behind the page's back: its counts are stale, so it sends, and main refuses.
    await call('getToken', { profileId, lane: 'stable-forced', confirmInvalidate: true });
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading').textContent).toBe('Not allowed yet');
    expect(alert.textContent).not.toContain('Invalid input');
    expect(within(alert).queryAllByRole('listitem')).toHaveLength(0);
    expect(alert.textContent).not.toMatch(/lane: /);
    expect(alert.textContent!.split('once every 30 s')).toHaveLength(2);
    expect(within(alert).getByTestId('error-retry-at').textContent).toMatch(/^Allowed again in 00:30 /);

    // The refusal refreshed the counts: the button now says when, instead of offering a call that fails.
    await waitFor(() => expect(button.disabled).toBe(true));
    expect(button.textContent).toBe('Force refresh in 00:30');
    clock.advance(30 * SECOND);
    expect(within(alert).getByTestId('error-retry-at').textContent).toBe('Allowed again now.');
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe('Get token');
  });

  it('the stable lane never waits: only force_refresh is spaced', async () => {
    const { user, sim } = await setup({
      ...withSecret,
      before: async ({ call: early, profiles: saved }) =>
        void (await early('getToken', { profileId: saved[0]!.id, lane: 'stable-forced', confirmInvalidate: true })),
    });
    const forced = await screen.findByTestId('get-token');
    await user.click(screen.getByTestId('lane-stable-forced'));
    await waitFor(() => expect(forced.textContent).toMatch(/^Force refresh in 00:\d\d$/));
    await user.click(screen.getByTestId('lane-stable'));
    const stable = screen.getByTestId('get-token') as HTMLButtonElement;
    expect(stable.disabled).toBe(false);
    expect(stable.textContent).toBe('Get token');
    await user.click(stable);
    // The stable lane gets the token the forced refresh made, from the cache: nothing was refused or sent.
    expect(await screen.findByTestId('token-value')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sim.requests.filter((r) => r.path === '/cgi-bin/stable_token').map((r) => (r.body as { force_refresh?: boolean }).force_refresh)).toEqual([true]);
  });
});
