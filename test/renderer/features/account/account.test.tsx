import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiDomainIps } from '../../../../src/core/simulator/account';
import { callbackIps } from '../../../../src/core/simulator';
import { FAKE_APP, setup, type Rig, type SetupOptions } from '../../support/harness';

/** The app, with a token already fetched, so WeChat's counters below are exactly what the test sets. */
const withToken = (used: Record<string, number> = {}): SetupOptions => ({
  apps: [{ app: FAKE_APP, label: 'Prod 公众号' }],
  before: async ({ call, profiles, sim }) => {
    await call('getToken', { profileId: profiles[0]!.id });
    for (const [path, count] of Object.entries(used)) sim.quota.set(FAKE_APP.appid, path, count);
  },
});
const withSecret = withToken();

async function openAccountTab(user: Rig['user']) {
  await user.click(await screen.findByTestId('tab-account'));
  return screen.getByTestId('account-tab');
}

describe('account tab', () => {
  it('shows WeChat’s quota for both token endpoints as gauges, and refreshes them', async () => {
    const { user, callsTo, profiles, sim } = await setup(withToken({ '/cgi-bin/token': 1800, '/cgi-bin/stable_token': 12 }));
    const id = profiles[0]!.id;
    await openAccountTab(user);
    const classic = screen.getByTestId('quota-token');
    const stable = screen.getByTestId('quota-stable');
    expect((await within(classic).findByTestId('quota-numbers')).textContent).toBe('1800 used of 2000 · 200 left');
    const bar = within(classic).getByRole('meter');
    expect(bar.getAttribute('aria-valuenow')).toBe('1800');
    expect(bar.getAttribute('aria-valuemax')).toBe('2000');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('90%');
    expect(classic.querySelector('.gauge')?.getAttribute('data-state')).toBe('warning');
    expect((await within(stable).findByTestId('quota-numbers')).textContent).toBe('12 used of 500000 · 499988 left');
    expect(stable.querySelector('.gauge')?.getAttribute('data-state')).toBe('ok');
    expect(callsTo('getQuota')).toEqual(
      expect.arrayContaining([
        { profileId: id, cgiPath: '/cgi-bin/token' },
        { profileId: id, cgiPath: '/cgi-bin/stable_token' },
      ]),
    );
    expect(callsTo('getQuota')).toHaveLength(2);

    await user.click(within(classic).getByTestId('quota-refresh'));
    await waitFor(() => expect(callsTo('getQuota')).toHaveLength(3));
    expect(callsTo('getQuota')[2]).toEqual({ profileId: id, cgiPath: '/cgi-bin/token' });
    await waitFor(() => expect(sim.calls('/cgi-bin/openapi/quota/get')).toBe(3));
    expect(sim.requests.filter((r) => r.path === '/cgi-bin/openapi/quota/get').map((r) => r.body)).toEqual(
      expect.arrayContaining([{ cgi_path: '/cgi-bin/token' }, { cgi_path: '/cgi-bin/stable_token' }]),
    );
  });

  it('clear_quota asks first, states the 10-a-month limit, and sends confirm: true only after the dialog', async () => {
    const { user, callsTo, profiles, sim } = await setup(withToken({ '/cgi-bin/token': 2000 }));
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
    expect(callsTo('clearQuota')).toEqual([]);

    await user.click(screen.getByTestId('clear-v1'));
    dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('access token');
    await user.keyboard('{Escape}');
    expect(callsTo('clearQuota')).toEqual([]);

    await user.click(screen.getByTestId('clear-v2'));
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));
    expect((await screen.findByTestId('clear-done')).textContent).toContain('Quota reset (v2)');
    expect(callsTo('clearQuota')).toEqual([{ profileId: profiles[0]!.id, version: 'v2', confirm: true }]);
    expect(sim.calls('/cgi-bin/clear_quota/v2')).toBe(1);
    expect(sim.calls('/cgi-bin/clear_quota')).toBe(0);
    // The gauges are asked again and show the reset counters.
    await waitFor(() =>
      expect(within(screen.getByTestId('quota-token')).getByTestId('quota-numbers').textContent).toBe('0 used of 2000 · 2000 left'),
    );
  });

  it('shows this machine\'s monthly clear_quota count beside the limit, sends one per confirm, then waits the interval', async () => {
    const { user, callsTo, profiles, sim, clock } = await setup({
      ...withSecret,
      // Three real clears this month, each past the interval, the last a full interval ago.
      before: async (rig) => {
        await withSecret.before!(rig);
        for (let i = 0; i < 3; i += 1) {
          await rig.call('clearQuota', { profileId: rig.profiles[0]!.id, version: 'v2', confirm: true });
          rig.clock.advance(60_000);
        }
      },
    });
    await openAccountTab(user);
    expect((await screen.findByTestId('clear-count')).textContent).toBe('This machine: 3 of 10 this month (WeChat counts every server’s calls)');
    await user.click(screen.getByTestId('clear-v1'));
    const ok = within(screen.getByRole('alertdialog')).getByTestId('confirm-ok');
    fireEvent.click(ok);
    fireEvent.click(ok);
    await screen.findByTestId('clear-done');
    expect(callsTo('clearQuota')).toEqual([{ profileId: profiles[0]!.id, version: 'v1', confirm: true }]);
    expect(sim.calls('/cgi-bin/clear_quota')).toBe(1);
    expect(sim.account.clearsThisMonth(FAKE_APP.appid)).toBe(4);
    await waitFor(() => expect(screen.getByTestId('clear-count').textContent).toMatch(/^This machine: 4 of 10 this month.* · next allowed in 60 s$/));
    expect(screen.getByTestId('clear-v1').hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('clear-v2').hasAttribute('disabled')).toBe(true);
    clock.advance(60_000);
    await waitFor(() => expect(screen.getByTestId('clear-v2').hasAttribute('disabled')).toBe(false));
    expect(screen.getByTestId('clear-v1').hasAttribute('disabled')).toBe(false);
    expect(screen.getByTestId('clear-count').textContent).not.toContain('next allowed');
  });

  it('lists callback and API-domain IPs on request, each copyable, and all at once', async () => {
    const { user, callsTo, profiles } = await setup(withSecret);
    await openAccountTab(user);
    const callback = screen.getByTestId('ips-callbackIp');
    expect(callsTo('callbackIp')).toEqual([]);
    await user.click(within(callback).getByTestId('ips-fetch'));
    const items = await within(callback).findAllByTestId('ip-item');
    expect(items.map((li) => li.querySelector('code')?.textContent)).toEqual(callbackIps);
    expect(within(callback).getByTestId('ips-count').textContent).toBe(`${callbackIps.length} addresses`);
    await user.click(within(callback).getByTestId('ips-copy-all'));
    expect(await navigator.clipboard.readText()).toBe(callbackIps.join('\n'));
    await user.click(within(items[1]!).getByRole('button', { name: 'Copy' }));
    expect(await navigator.clipboard.readText()).toBe(callbackIps[1]);

    const domain = screen.getByTestId('ips-apiDomainIp');
    await user.click(within(domain).getByTestId('ips-fetch'));
    const domainItems = await within(domain).findAllByTestId('ip-item');
    expect(domainItems.map((li) => li.querySelector('code')?.textContent)).toEqual(apiDomainIps);
    expect(callsTo('apiDomainIp')).toEqual([{ profileId: profiles[0]!.id }]);
  });

  it('runs callback/check with the chosen action and operator and shows tables', async () => {
    const { user, callsTo, profiles, sim } = await setup(withSecret);
    await openAccountTab(user);
    const panel = screen.getByTestId('callback-check');
    await user.selectOptions(within(panel).getByTestId('callback-action'), 'dns');
    await user.selectOptions(within(panel).getByTestId('callback-operator'), 'UNICOM');
    expect(within(panel).getByRole('combobox', { name: 'From network' })).toBeTruthy();
    await user.click(within(panel).getByTestId('callback-run'));
    const dns = await within(panel).findByTestId('callback-dns');
    expect(callsTo('callbackCheck')).toEqual([{ profileId: profiles[0]!.id, action: 'dns', operator: 'UNICOM' }]);
    expect(within(dns).getAllByRole('cell').map((c) => c.textContent)).toEqual(['111.161.64.40', 'UNICOM', '111.161.64.48', 'UNICOM']);

    await user.selectOptions(within(panel).getByTestId('callback-action'), 'all');
    await user.click(within(panel).getByTestId('callback-run'));
    await waitFor(() => expect(callsTo('callbackCheck')).toHaveLength(2));
    const ping = await within(panel).findByTestId('callback-ping');
    expect(within(ping).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['IP', 'From operator', 'Packet loss', 'Time']);
    await waitFor(() =>
      expect(within(ping).getAllByRole('cell').map((c) => c.textContent)).toEqual([
        '111.161.64.40', 'UNICOM', '0%', '20.079ms',
        '111.161.64.48', 'UNICOM', '0%', '21.079ms',
      ]),
    );
    expect(sim.requests.filter((r) => r.path === '/cgi-bin/callback/check').map((r) => r.body)).toEqual([
      { action: 'dns', check_operator: 'UNICOM' },
      { action: 'all', check_operator: 'UNICOM' },
    ]);
  });

  it('an account call that fails shows the error with a retry', async () => {
    const { user, sim, call } = await setup(withSecret);
    // WeChat takes longer to answer than the shortest headers timeout the settings allow.
    await call('saveSettings', { headersTimeoutMs: 100 });
    sim.scenario.slowHeaders(1000, { path: '/cgi-bin/getcallbackip', times: 1 });
    await openAccountTab(user);
    const callback = screen.getByTestId('ips-callbackIp');
    await user.click(within(callback).getByTestId('ips-fetch'));
    expect((await within(callback).findByRole('alert')).textContent).toContain('Network failure: timed out');
    await user.click(within(callback).getByTestId('error-retry'));
    expect(await within(callback).findAllByTestId('ip-item')).toHaveLength(callbackIps.length);
    expect(sim.calls('/cgi-bin/getcallbackip')).toBe(2);
  });
});
