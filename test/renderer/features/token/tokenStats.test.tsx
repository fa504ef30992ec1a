import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeProfile, profileId } from '../../support/fakeBridge';
import { setup } from '../../support/harness';

const withSecret = { profiles: [makeProfile()], secrets: { [profileId(1)]: 'secret-0123456789abcdef' } };
const SECOND = 1000;

async function ready() {
  const button = await screen.findByTestId('get-token');
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  return button;
}

describe('token stats and auto-refresh', () => {
  it('shows today’s fetches per lane against the limits from tokenStats', async () => {
    setup({ ...withSecret, fetchesToday: { stable: 3, classic: 12 } });
    const stats = await screen.findByTestId('token-stats');
    expect(stats.textContent).toContain('Today on this machine:');
    expect(within(stats).getByTestId('stat-stable').textContent).toBe('Stable 3');
    expect(within(stats).getByTestId('stat-stable-forced').textContent).toBe('Stable, force refresh 0/20');
    expect(within(stats).getByTestId('stat-classic').textContent).toBe('Classic 12/2000');
    expect(within(stats).getByTestId('stat-next-forced').textContent).toBe('next forced refresh allowed now');
  });

  it('after a forced refresh: the count goes up and the next one counts down from 30 s', async () => {
    const { user, fake, clock } = setup(withSecret);
    await user.click(await screen.findByTestId('lane-stable-forced'));
    await user.click(await ready());
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).getByTestId('confirm-limits').textContent).toBe(
      'force_refresh is limited to 20 calls a day, at least 30 seconds apart. Fetched on this machine today: 0 of 20.',
    );
    expect(within(dialog).queryByTestId('confirm-wait')).toBeNull();
    await user.click(within(dialog).getByTestId('confirm-ok'));
    await screen.findByTestId('token-value');

    await waitFor(() => expect(screen.getByTestId('stat-stable-forced').textContent).toBe('Stable, force refresh 1/20'));
    expect(fake.callsTo('tokenStats').length).toBeGreaterThanOrEqual(2);
    const allowedAt = clock.now() + 30 * SECOND;
    expect(screen.getByTestId('stat-next-forced').textContent).toBe(`next forced refresh in 00:30 (${timeAt(allowedAt)})`);
    clock.advance(12 * SECOND);
    expect(screen.getByTestId('stat-next-forced').textContent).toContain('in 00:18');

    // Asking again inside the 30 s: the dialog says WeChat will refuse it yet.
    await user.click(screen.getByTestId('get-token'));
    const again = screen.getByRole('alertdialog');
    expect(within(again).getByTestId('confirm-wait').textContent).toContain('allowed in 00:18');
    expect(within(again).getByTestId('confirm-limits').textContent).toContain('1 of 20');
    await user.click(within(again).getByRole('button', { name: 'Cancel' }));

    clock.advance(18 * SECOND);
    expect(screen.getByTestId('stat-next-forced').textContent).toBe('next forced refresh allowed now');
  });

  it('the classic confirmation uses tokenStats’ limit and count; a 测试号 gets 200', async () => {
    const { user } = setup({ ...withSecret, profiles: [makeProfile({ kind: 'test-account' })], fetchesToday: { classic: 150 } });
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
    const { user } = setup({ ...withSecret, fetchesToday: { 'stable-forced': 20 } });
    expect((await screen.findByTestId('stat-next-forced')).textContent).toBe('next forced refresh not before tomorrow');
    await user.click(screen.getByTestId('lane-stable-forced'));
    await user.click(await ready());
    expect(screen.getByTestId('confirm-wait').textContent).toContain('used up');
  });

  it('auto-refresh is off by default, says what it does, and saves the profile when turned on', async () => {
    const { user, fake } = setup(withSecret);
    const toggle = (await screen.findByTestId('auto-refresh')) as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(screen.getByRole('checkbox', { name: 'Keep this app’s stable token fresh in the background' })).toBe(toggle);
    const help = document.getElementById(toggle.getAttribute('aria-describedby') ?? '');
    expect(help?.textContent).toContain('Off by default.');
    expect(help?.textContent).toContain('never invalidates');

    await user.click(toggle);
    await waitFor(() => expect((screen.getByTestId('auto-refresh') as HTMLInputElement).checked).toBe(true));
    const profile = makeProfile();
    expect(fake.callsTo('saveProfile')).toEqual([
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
    expect(fake.profiles.get(profileId(1))?.autoRefresh).toBe(true);

    await user.click(screen.getByTestId('auto-refresh'));
    await waitFor(() => expect((screen.getByTestId('auto-refresh') as HTMLInputElement).checked).toBe(false));
    expect(fake.profiles.get(profileId(1))?.autoRefresh).toBe(false);
  });
});

function timeAt(at: number): string {
  return new Date(at).toLocaleTimeString('en', { hour12: false });
}
