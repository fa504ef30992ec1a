import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FAKE_TEST_APP, setup } from '../../support/harness';

const testApp = { apps: [{ app: FAKE_TEST_APP, label: 'Sandbox 测试号' }] };

describe('API console tab', () => {
  it('runs a read-only call with the app’s token added by main and pretty-prints the reply', async () => {
    const { user, sim, callsTo } = await setup(testApp);
    await user.click(await screen.findByTestId('tab-console'));
    await user.selectOptions(screen.getByTestId('console-catalog'), 'GET /cgi-bin/user/get');
    await user.click(screen.getByTestId('console-send'));
    const result = await screen.findByTestId('console-result');
    expect(within(result).getByTestId('console-reply').textContent).toContain('"total": 2');
    expect(callsTo('callApi').at(-1)).toMatchObject({ method: 'GET', path: '/cgi-bin/user/get', confirm: false });
    const sent = sim.requests.filter((r) => r.path === '/cgi-bin/user/get').at(-1);
    expect(sent?.query.access_token).toBeTruthy();
    expect(JSON.stringify(callsTo('callApi'))).not.toContain(sent?.query.access_token ?? 'none');
  });

  it('asks before a call that changes production, naming what it changes; Cancel sends nothing', async () => {
    const { user, sim } = await setup(testApp);
    await user.click(await screen.findByTestId('tab-console'));
    await user.selectOptions(screen.getByTestId('console-catalog'), 'POST /cgi-bin/menu/create');
    expect(screen.getByTestId('console-send').textContent).toContain('asks first');
    await user.click(screen.getByTestId('console-send'));
    const dialog = await screen.findByRole('alertdialog');
    expect(within(dialog).getByTestId('console-confirm-what').textContent).toContain('replaces the live custom menu');
    await user.click(within(dialog).getByText('Cancel'));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).toBeNull());
    expect(sim.calls('/cgi-bin/menu/create')).toBe(0);
  });
});
