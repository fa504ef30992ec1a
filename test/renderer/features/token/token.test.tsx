import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TokenInfo } from '../../../../src/contract';
import { makeProfile, profileId, sampleErrcodes } from '../../support/fakeBridge';
import { setup } from '../../support/harness';

const withSecret = { profiles: [makeProfile()], secrets: { [profileId(1)]: 'secret-0123456789abcdef' } };
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('token panel', () => {
  it('fetches on the stable lane without confirmation, masks the token and counts down', async () => {
    const { user, fake, clock } = setup(withSecret);
    const button = await screen.findByTestId('get-token');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    expect(screen.getByText('No token for this lane yet.')).toBeTruthy();

    await user.click(button);
    const value = await screen.findByTestId('token-value');
    expect(fake.callsTo('getToken')).toEqual([{ profileId: profileId(1), lane: 'stable' }]);
    expect(screen.queryByRole('alertdialog')).toBeNull();

    const token = 'TOKEN1-abcdefghijklmnopqrstuvwxyz-0123456789-END1';
    expect(value.textContent).toBe('TOKEN1…END1');
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
    // The countdown is local: no polling of main while it ran.
    expect(fake.callsTo('cachedToken')).toHaveLength(1);
    expect(fake.callsTo('getToken')).toHaveLength(1);
  });

  it('classic lane asks first and sends confirmInvalidate only after the user agrees', async () => {
    const { user, fake } = setup(withSecret);
    await user.click(await screen.findByTestId('lane-classic'));
    const button = screen.getByTestId('get-token');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));

    await user.click(button);
    const dialog = screen.getByRole('alertdialog', { name: 'Invalidate the token production uses?' });
    expect(dialog.textContent).toContain('stops working (after about 5 minutes)');
    expect(dialog.textContent).toContain('2000 calls');
    expect(fake.callsTo('getToken')).toEqual([]);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.callsTo('getToken')).toEqual([]);

    await user.click(button);
    expect(screen.getByRole('alertdialog')).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.callsTo('getToken')).toEqual([]);

    await user.click(button);
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));
    expect(await screen.findByTestId('token-value')).toBeTruthy();
    expect(fake.callsTo('getToken')).toEqual([{ profileId: profileId(1), lane: 'classic', confirmInvalidate: true }]);
    expect(screen.getByTestId('token-card').dataset.lane).toBe('classic');
  });

  it('stable-forced explains the force_refresh limits; a 测试号 gets the 200-call classic quota', async () => {
    const testAccount = makeProfile({ kind: 'test-account' });
    const { user } = setup({ ...withSecret, profiles: [testAccount] });
    await user.click(await screen.findByTestId('lane-stable-forced'));
    await waitFor(() => expect(screen.getByTestId('get-token').hasAttribute('disabled')).toBe(false));
    await user.click(screen.getByTestId('get-token'));
    expect(screen.getByRole('alertdialog').textContent).toContain('limited to 20 calls a day, at least 30 seconds apart');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));

    await user.click(screen.getByTestId('lane-classic'));
    await user.click(screen.getByTestId('get-token'));
    expect(screen.getByRole('alertdialog').textContent).toContain('200 calls');
  });

  it('shows a token main already cached, on mount, without fetching', async () => {
    const cached: TokenInfo = {
      profileId: profileId(1),
      appid: 'wx0123456789abcdef',
      lane: 'stable',
      accessToken: '90_CACHEDTOKENxxxxxxxxxxxxxxxxxxxxZZ9z',
      expiresIn: 7200,
      expiresAt: Date.UTC(2025, 0, 1, 9, 3, 0), // the harness clock starts at 09:00:00
      fetchedAt: Date.UTC(2025, 0, 1, 7, 3, 0),
      fromCache: false,
      apiBase: 'https://api2.weixin.qq.com',
      route: { kind: 'proxy', proxy: 'http://10.0.0.2:3128', source: 'env' },
    };
    setup({ ...withSecret, tokens: [cached] });
    expect((await screen.findByTestId('token-value')).textContent).toBe('90_CAC…ZZ9z');
    expect(screen.getByTestId('token-from-cache').textContent).toBe('from cache');
    expect(screen.getByTestId('token-route').textContent).toBe('via proxy http://10.0.0.2:3128 (from environment)');
    expect(screen.getByTestId('token-countdown').textContent).toBe('03:00');
    expect(screen.getByTestId('token-countdown').dataset.state).toBe('warning');
    expect(screen.getByTestId('token-fetched-at').getAttribute('datetime')).toBe('2025-01-01T07:03:00.000Z');
  });

  it('renders a 40164 through the error view, with the IP WeChat saw', async () => {
    const { user, fake } = setup(withSecret);
    fake.failNext('getToken', {
      kind: 'wechat',
      errcode: 40164,
      errmsg: 'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 6650-abc',
      endpoint: '/cgi-bin/stable_token',
      ip: '203.0.113.9',
      rid: '6650-abc',
      route: { kind: 'direct' },
      entry: sampleErrcodes[1]!,
    });
    const button = await screen.findByTestId('get-token');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    await user.click(button);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('WeChat errcode 40164');
    expect(screen.getByTestId('error-ip').textContent).toContain('203.0.113.9');
    expect(screen.queryByTestId('token-value')).toBeNull();
  });
});
