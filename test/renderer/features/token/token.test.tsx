import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { maskValue } from '../../../../src/renderer/ui/MaskedValue';
import { FAKE_APP, FAKE_TEST_APP, FAKE_WEBSITE_APP, START, setup } from '../../support/harness';

const withSecret = { apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] };
const SECOND = 1000;
const MINUTE = 60 * SECOND;

async function ready() {
  const button = await screen.findByTestId('get-token');
  await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
  return button;
}

describe('token panel', () => {
  it('fetches on the stable lane without confirmation, masks the token and counts down', async () => {
    const { user, callsTo, clock, sim, profiles } = await setup(withSecret);
    const button = await ready();
    expect(screen.getByText('No token for this lane yet.')).toBeTruthy();

    await user.click(button);
    const value = await screen.findByTestId('token-value');
    expect(callsTo('getToken')).toEqual([{ profileId: profiles[0]!.id, lane: 'stable' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    // The default lane is stable_token without force_refresh.
    expect(sim.calls('/cgi-bin/stable_token')).toBe(1);
    expect(sim.requests[0]?.body).toMatchObject({ force_refresh: false });

    const token = sim.tokens.currentOf(FAKE_APP.appid, 'stable')!.token;
    expect(value.textContent).toBe(maskValue(token));
    expect(document.body.innerHTML).not.toContain(token);
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(screen.getByTestId('token-value').textContent).toBe(token);
    await user.click(screen.getByRole('button', { name: 'Hide' }));
    expect(document.body.innerHTML).not.toContain(token);

    const countdown = screen.getByTestId('token-countdown');
    expect(countdown.textContent).toBe('2:00:00');
    expect(countdown.dataset.state).toBe('ok');
    clock.advance(SECOND);
    expect(countdown.textContent).toBe('1:59:59');

    clock.advance(115 * MINUTE - SECOND); // 5:00 left: not yet amber
    expect(countdown.textContent).toBe('05:00');
    expect(countdown.dataset.state).toBe('ok');
    clock.advance(SECOND);
    expect(countdown.textContent).toBe('04:59');
    expect(countdown.dataset.state).toBe('warning');
    expect(countdown.className).toContain('countdown-warning');

    clock.advance(5 * MINUTE);
    expect(countdown.textContent).toBe('expired');
    expect(countdown.dataset.state).toBe('expired');
    expect(countdown.className).toContain('countdown-expired');

    expect(screen.getByTestId('token-route').textContent).toBe('direct');
    // The countdown is local: no polling of the core while it ran.
    expect(callsTo('cachedToken')).toHaveLength(1);
    expect(callsTo('getToken')).toHaveLength(1);
    expect(sim.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('classic lane asks first and sends confirmInvalidate only after the user agrees', async () => {
    const { user, callsTo, sim, profiles } = await setup(withSecret);
    await user.click(await screen.findByTestId('lane-classic'));
    const button = await ready();

    await user.click(button);
    const dialog = screen.getByRole('alertdialog', { name: 'Invalidate the token production uses?' });
    expect(dialog.textContent).toContain('stops working (after about 5 minutes)');
    expect(dialog.textContent).toContain('2000 calls');
    expect(callsTo('getToken')).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(callsTo('getToken')).toEqual([]);

    await user.click(button);
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(callsTo('getToken')).toEqual([]);
    expect(sim.calls('/cgi-bin/token')).toBe(0);

    await user.click(button);
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));
    expect(await screen.findByTestId('token-value')).toBeTruthy();
    expect(callsTo('getToken')).toEqual([{ profileId: profiles[0]!.id, lane: 'classic', confirmInvalidate: true }]);
    expect(screen.getByTestId('token-card').dataset.lane).toBe('classic');
    expect(sim.calls('/cgi-bin/token')).toBe(1);
  });

  it('the contract refuses a classic fetch that was not confirmed', async () => {
    const { fail, profiles, sim } = await setup(withSecret);
    const refused = await fail('getToken', { profileId: profiles[0]!.id, lane: 'classic' });
    expect(refused.kind).toBe('validation');
    expect(sim.calls('/cgi-bin/token')).toBe(0);
  });

  it('stable-forced explains the force_refresh limits; a 测试号 gets the 200-call classic quota', async () => {
    const { user } = await setup({ apps: [{ app: FAKE_TEST_APP, label: 'Test 测试号' }] });
    await user.click(await screen.findByTestId('lane-stable-forced'));
    await user.click(await ready());
    expect(screen.getByRole('alertdialog').textContent).toContain('limited to 20 calls a day, at least 30 seconds apart');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByTestId('lane-classic'));
    await user.click(screen.getByTestId('get-token'));
    expect(screen.getByRole('alertdialog').textContent).toContain('200 calls');
  });

  it('shows a token the core already cached, on mount, without fetching', async () => {
    const { callsTo, sim } = await setup({
      ...withSecret,
      before: async ({ call, profiles, clock }) => {
        await call('getToken', { profileId: profiles[0]!.id });
        clock.advance(117 * MINUTE);
      },
    });
    const token = sim.tokens.currentOf(FAKE_APP.appid, 'stable')!.token;
    expect((await screen.findByTestId('token-value')).textContent).toBe(maskValue(token));
    expect(screen.getByTestId('token-from-cache').textContent).toBe('from cache');
    expect(screen.getByTestId('token-route').textContent).toBe('direct');
    expect(screen.getByTestId('token-countdown').textContent).toBe('03:00');
    expect(screen.getByTestId('token-countdown').dataset.state).toBe('warning');
    expect(screen.getByTestId('token-fetched-at').getAttribute('datetime')).toBe(new Date(START).toISOString());
    expect(callsTo('getToken')).toEqual([]);
    expect(sim.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('a 网站应用’s Token tab says what its secret and this token are for; other kinds get no such note', async () => {
    await setup({ apps: [{ app: FAKE_WEBSITE_APP, label: 'Site 网站应用' }] });
    const note = await screen.findByTestId('token-website-note');
    expect(note.textContent).toContain('网站应用微信登录');
    expect(note.textContent).toContain('/sns/oauth2/access_token');
    expect(note.textContent).toContain('/cgi-bin/token (the Classic lane)');
    expect(note.textContent).toContain('signs no one in');
    expect(note.textContent).toContain('50001');
    expect(within(note).getByRole('link').getAttribute('href')).toBe(
      'https://developers.weixin.qq.com/doc/oplatform/Website_App/Launching_a_Mini_Program/getaccesstoken.html',
    );
  });

  it('no website note for a 公众号', async () => {
    await setup(withSecret);
    await ready();
    expect(screen.queryByTestId('token-website-note')).toBeNull();
  });

  it('renders a 40164 through the error view, with the IP WeChat saw', async () => {
    const { user, sim } = await setup(withSecret);
    sim.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/stable_token', times: 1 });
    await user.click(await ready());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('WeChat errcode 40164');
    expect(screen.getByTestId('error-ip').textContent).toContain('203.0.113.9');
    expect(screen.queryByTestId('token-value')).toBeNull();
  });
});
