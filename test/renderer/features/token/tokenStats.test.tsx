import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TokenLane } from '../../../../src/contract';
import { localDay } from '../../../../src/core/token/localDay';
import { TOKEN_STATS_FILE } from '../../../../src/core/token/tokenStats';
import { formatTime } from '../../../../src/renderer/ui/format';
import { FAKE_APP, FAKE_TEST_APP, START, setup } from '../../support/harness';

const withSecret = { apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] };
const SECOND = 1000;

async function ready() {
  const button = await screen.findByTestId('get-token');
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  return button;
}

/**
 * The counts another wxcred run on this machine (the CLI, an earlier window) left in the
 * user-data folder. Classic fetches cannot be piled up from one process: the core answers from
 * its cache until the token expires.
 */
function countsFile(appid: string, fetches: Partial<Record<TokenLane, number>>): Record<string, string> {
  const today = { day: localDay(START), fetches: { stable: 0, 'stable-forced': 0, classic: 0, ...fetches }, lastForcedAt: null };
  return { [TOKEN_STATS_FILE]: JSON.stringify({ version: 1, apps: { [appid]: today } }) };
}

describe('token stats and auto-refresh', () => {
  it('shows today’s fetches per lane against the limits from tokenStats', async () => {
    await setup({
      ...withSecret,
      files: countsFile(FAKE_APP.appid, { stable: 2, classic: 12 }),
      // One more stable fetch in this run: the core adds it to what the file held.
      before: async ({ call, profiles }) => void (await call('getToken', { profileId: profiles[0]!.id })),
    });
    const stats = await screen.findByTestId('token-stats');
    expect(stats.textContent).toContain('Today on this machine:');
    expect(within(stats).getByTestId('stat-stable').textContent).toBe('Stable 3');
    expect(within(stats).getByTestId('stat-stable-forced').textContent).toBe('Stable, force refresh 0/20');
    expect(within(stats).getByTestId('stat-classic').textContent).toBe('Classic 12/2000');
    expect(within(stats).getByTestId('stat-next-forced').textContent).toBe('next forced refresh allowed now');
  });

  it('after a forced refresh: the count goes up and the next one counts down from 30 s', async () => {
    const { user, callsTo, clock, sim } = await setup(withSecret);
    await user.click(await screen.findByTestId('lane-stable-forced'));
    await user.click(await ready());
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).getByTestId('confirm-limits').textContent).toBe(
      'force_refresh is limited to 20 calls a day, at least 30 seconds apart. Fetched on this machine today: 0 of 20.',
    );
    expect(within(dialog).queryByTestId('confirm-wait')).toBeNull();
    await user.click(within(dialog).getByTestId('confirm-ok'));
    await screen.findByTestId('token-value');
    expect(sim.requests.find((r) => r.path === '/cgi-bin/stable_token')?.body).toMatchObject({ force_refresh: true });

    await waitFor(() => expect(screen.getByTestId('stat-stable-forced').textContent).toBe('Stable, force refresh 1/20'));
    expect(callsTo('tokenStats').length).toBeGreaterThanOrEqual(2);
    const allowedAt = clock.now() + 30 * SECOND;
    expect(screen.getByTestId('stat-next-forced').textContent).toBe(`next forced refresh in 00:30 (${timeAt(allowedAt)})`);
    clock.advance(12 * SECOND);
    expect(screen.getByTestId('stat-next-forced').textContent).toContain('in 00:18');

    // Inside the 30 s the Force button cannot succeed: it is disabled and counts down on its face.
    const button = screen.getByTestId('get-token') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Force refresh in 00:18');
    clock.advance(17 * SECOND);
    expect(button.textContent).toBe('Force refresh in 00:01');
    expect(button.disabled).toBe(true);

    clock.advance(SECOND);
    expect(screen.getByTestId('stat-next-forced').textContent).toBe('next forced refresh allowed now');
    expect(button.disabled).toBe(false);
    expect(button.textContent).toBe('Get token');
    await user.click(button);
    const again = screen.getByRole('alertdialog');
    expect(within(again).queryByTestId('confirm-wait')).toBeNull();
    expect(within(again).getByTestId('confirm-limits').textContent).toContain('1 of 20');
    expect((within(again).getByTestId('confirm-ok') as HTMLButtonElement).disabled).toBe(false);
  });

  it('the classic confirmation uses tokenStats’ limit and count; a 测试号 gets 200', async () => {
    const { user } = await setup({ apps: [{ app: FAKE_TEST_APP }], files: countsFile(FAKE_TEST_APP.appid, { classic: 150 }) });
    expect((await screen.findByTestId('stat-classic')).textContent).toBe('Classic 150/200');
    await user.click(screen.getByTestId('lane-classic'));
    await user.click(await ready());
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('stops working (after about 5 minutes)');
    expect(within(dialog).getByTestId('confirm-limits').textContent).toBe(
      'This counts against the daily quota of 200 calls to /cgi-bin/token. Fetched on this machine today: 150 of 200.',
    );
  });

  it('20 forced refreshes used: the line and the dialog say not before tomorrow', async () => {
    const { user } = await setup({
      ...withSecret,
      before: async ({ call, profiles, clock }) => {
        for (let i = 0; i < 20; i++) {
          await call('getToken', { profileId: profiles[0]!.id, lane: 'stable-forced', confirmInvalidate: true });
          clock.advance(31 * SECOND);
        }
      },
    });
    expect((await screen.findByTestId('stat-next-forced')).textContent).toBe('next forced refresh not before tomorrow');
    await user.click(screen.getByTestId('lane-stable-forced'));
    await user.click(await ready());
    expect(screen.getByTestId('confirm-wait').textContent).toContain('used up');
  });

  it('auto-refresh is off by default, says what it does, and saves the profile when turned on', async () => {
    const { user, callsTo, call, profiles } = await setup(withSecret);
    const toggle = (await screen.findByTestId('auto-refresh')) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(screen.getByRole('checkbox', { name: 'Keep this app’s stable token fresh in the background' })).toBe(toggle);
    const help = document.getElementById(toggle.getAttribute('aria-describedby') ?? '');
    expect(help?.textContent).toContain('Off by default.');
    expect(help?.textContent).toContain('never invalidates');

    await user.click(toggle);
    await waitFor(() => expect((screen.getByTestId('auto-refresh') as HTMLInputElement).checked).toBe(true));
    const profile = profiles[0]!;
    expect(callsTo('saveProfile')).toEqual([
      {
        id: profile.id,
        label: profile.label,
        appid: profile.appid,
        kind: profile.kind,
        domain: profile.domain,
        customBase: null,
        proxy: null,
        autoRefresh: true,
      },
    ]);
    expect((await call('listProfiles', {}))[0]?.autoRefresh).toBe(true);

    await user.click(screen.getByTestId('auto-refresh'));
    await waitFor(() => expect((screen.getByTestId('auto-refresh') as HTMLInputElement).checked).toBe(false));
    expect((await call('listProfiles', {}))[0]?.autoRefresh).toBe(false);
  });
});

function timeAt(at: number): string {
  return formatTime(at, 'en');
}
