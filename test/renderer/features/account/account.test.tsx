import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeProfile, profileId } from '../../support/fakeBridge';
import { setup } from '../../support/harness';

const withSecret = { profiles: [makeProfile()], secrets: { [profileId(1)]: 'secret-0123456789abcdef' } };

async function openAccountTab(user: ReturnType<typeof setup>['user']) {
  await user.click(await screen.findByTestId('tab-account'));
  return screen.getByTestId('account-tab');
}

describe('account tab', () => {
  it('shows WeChat’s quota for both token endpoints as gauges, and refreshes them', async () => {
    const { user, fake } = setup({
      ...withSecret,
      quota: {
        '/cgi-bin/token': { dailyLimit: 2000, used: 1800, remain: 200 },
        '/cgi-bin/stable_token': { dailyLimit: 10_000, used: 12, remain: 9988 },
      },
    });
    await openAccountTab(user);
    const classic = screen.getByTestId('quota-token');
    const stable = screen.getByTestId('quota-stable');
    expect((await within(classic).findByTestId('quota-numbers')).textContent).toBe('1800 used of 2000 · 200 left');
    const bar = within(classic).getByRole('meter');
    expect(bar.getAttribute('aria-valuenow')).toBe('1800');
    expect(bar.getAttribute('aria-valuemax')).toBe('2000');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('90%');
    expect(classic.querySelector('.gauge')?.getAttribute('data-state')).toBe('warning');
    expect((await within(stable).findByTestId('quota-numbers')).textContent).toBe('12 used of 10000 · 9988 left');
    expect(stable.querySelector('.gauge')?.getAttribute('data-state')).toBe('ok');
    expect(fake.callsTo('getQuota')).toEqual(
      expect.arrayContaining([
        { profileId: profileId(1), cgiPath: '/cgi-bin/token' },
        { profileId: profileId(1), cgiPath: '/cgi-bin/stable_token' },
      ]),
    );
    expect(fake.callsTo('getQuota')).toHaveLength(2);

    await user.click(within(classic).getByTestId('quota-refresh'));
    await waitFor(() => expect(fake.callsTo('getQuota')).toHaveLength(3));
    expect(fake.callsTo('getQuota')[2]).toEqual({ profileId: profileId(1), cgiPath: '/cgi-bin/token' });
  });

  it('clear_quota asks first, states the 10-a-month limit, and sends confirm: true only after the dialog', async () => {
    const { user, fake } = setup({
      ...withSecret,
      quota: { '/cgi-bin/token': { dailyLimit: 2000, used: 2000, remain: 0 } },
    });
    await openAccountTab(user);
    expect((await within(screen.getByTestId('quota-token')).findByTestId('quota-numbers')).textContent).toBe(
      '2000 used of 2000 · 0 left',
    );

    await user.click(screen.getByTestId('clear-v2'));
    let dialog = screen.getByRole('alertdialog', { name: 'Reset this account’s API quota (v2)?' });
    expect(within(dialog).getByTestId('clear-limit').textContent).toContain('only 10 times a month');
    expect(dialog.textContent).toContain('works even when the token quota is exhausted');
    expect(dialog.textContent).toContain('AppSecret');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.callsTo('clearQuota')).toEqual([]);

    await user.click(screen.getByTestId('clear-v1'));
    dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('access token');
    await user.keyboard('{Escape}');
    expect(fake.callsTo('clearQuota')).toEqual([]);

    await user.click(screen.getByTestId('clear-v2'));
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));
    expect((await screen.findByTestId('clear-done')).textContent).toContain('Quota reset (v2)');
    expect(fake.callsTo('clearQuota')).toEqual([{ profileId: profileId(1), version: 'v2', confirm: true }]);
    // The gauges are asked again and show the reset counters.
    await waitFor(() =>
      expect(within(screen.getByTestId('quota-token')).getByTestId('quota-numbers').textContent).toBe('0 used of 2000 · 2000 left'),
    );
  });

  it('shows this machine\'s monthly clear_quota count beside the limit, sends one per confirm, then waits the interval', async () => {
    const { user, fake, clock } = setup({ ...withSecret, clearsThisMonth: 3 });
    await openAccountTab(user);
    expect((await screen.findByTestId('clear-count')).textContent).toBe('This machine: 3 of 10 this month (WeChat counts every server’s calls)');
    await user.click(screen.getByTestId('clear-v1'));
    const ok = within(screen.getByRole('alertdialog')).getByTestId('confirm-ok');
    fireEvent.click(ok);
    fireEvent.click(ok);
    await screen.findByTestId('clear-done');
    expect(fake.callsTo('clearQuota')).toHaveLength(1);
    await waitFor(() => expect(screen.getByTestId('clear-count').textContent).toMatch(/^This machine: 4 of 10 this month.* · next allowed in 60 s$/));
    expect(screen.getByTestId('clear-v1').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('clear-v2').hasAttribute('disabled')).toBe(true);
    clock.advance(60_000);
    await waitFor(() => expect(screen.getByTestId('clear-v2').hasAttribute('disabled')).toBe(false));
    expect(screen.getByTestId('clear-count').textContent).not.toContain('next allowed');
  });

  it('lists callback and API-domain IPs on request, each copyable, and all at once', async () => {
    const { user, fake } = setup(withSecret);
    await openAccountTab(user);
    const callback = screen.getByTestId('ips-callbackIp');
    expect(fake.callsTo('callbackIp')).toEqual([]);
    await user.click(within(callback).getByTestId('ips-fetch'));
    const items = await within(callback).findAllByTestId('ip-item');
    expect(items.map((li) => li.querySelector('code')?.textContent)).toEqual(['101.226.103.0/25', '101.226.62.77', '2402:4e00:1:400::/56']);
    expect(within(callback).getByTestId('ips-count').textContent).toBe('3 addresses');
    await user.click(within(callback).getByTestId('ips-copy-all'));
    expect(await navigator.clipboard.readText()).toBe('101.226.103.0/25\n101.226.62.77\n2402:4e00:1:400::/56');
    await user.click(within(items[1]!).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe('101.226.62.77');

    const domain = screen.getByTestId('ips-apiDomainIp');
    await user.click(within(domain).getByTestId('ips-fetch'));
    expect(await within(domain).findAllByTestId('ip-item')).toHaveLength(2);
    expect(fake.callsTo('apiDomainIp')).toEqual([{ profileId: profileId(1) }]);
  });

  it('runs callback/check with the chosen action and operator and shows tables', async () => {
    const { user, fake } = setup(withSecret);
    await openAccountTab(user);
    const panel = screen.getByTestId('callback-check');
    await user.selectOptions(within(panel).getByTestId('callback-action'), 'dns');
    await user.selectOptions(within(panel).getByTestId('callback-operator'), 'UNICOM');
    expect(within(panel).getByRole('combobox', { name: 'From network' })).toBeTruthy();
    await user.click(within(panel).getByTestId('callback-run'));
    const dns = await within(panel).findByTestId('callback-dns');
    expect(fake.callsTo('callbackCheck')).toEqual([{ profileId: profileId(1), action: 'dns', operator: 'UNICOM' }]);
    const cells = within(dns).getAllByRole('cell').map((c) => c.textContent);
    expect(cells).toEqual(['111.161.64.48', 'UNICOM']);
    const ping = within(panel).getByTestId('callback-ping');
    expect(within(ping).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['IP', 'From operator', 'Packet loss', 'Time']);
    expect(within(ping).getAllByRole('cell').map((c) => c.textContent)).toEqual(['111.161.64.48', 'UNICOM', '0%', '23.079ms']);
  });

  it('an account call that fails shows the error with a retry', async () => {
    const { user, fake } = setup(withSecret);
    fake.failNext('callbackIp', { kind: 'network', reason: 'timeout', message: 'No answer within 10 s.' });
    await openAccountTab(user);
    const callback = screen.getByTestId('ips-callbackIp');
    await user.click(within(callback).getByTestId('ips-fetch'));
    expect((await within(callback).findByRole('alert')).textContent).toContain('Network failure: timed out');
    await user.click(within(callback).getByTestId('error-retry'));
    expect(await within(callback).findAllByTestId('ip-item')).toHaveLength(3);
  });
});
