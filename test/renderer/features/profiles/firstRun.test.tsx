/**
 * The first-run screen: "Add your app" opens the dialog, "Try the simulator" loads the demo apps
 * and opens the first, marked as a simulator app; without a simulator the choice is disabled.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEMO_APPS } from '../../../../src/core/simulator';
import { setup } from '../../support/harness';

describe('first run', () => {
  it('offers both ways in; "Try the simulator" loads the demo apps and opens the first, marked as a simulator app', async () => {
    const { user, callsTo, call } = await setup({ simulator: true });
    const firstRun = await screen.findByTestId('first-run');
    expect(within(firstRun).getByTestId('first-run-add').textContent).toBe('Add your app');
    await waitFor(() => expect((screen.getByTestId('first-run-try') as HTMLButtonElement).disabled).toBe(false));
    expect(firstRun.textContent).toContain(`Adds ${DEMO_APPS.length} demo apps`);

    await user.click(screen.getByTestId('first-run-try'));
    await waitFor(() => expect(screen.getAllByTestId('app-item')).toHaveLength(DEMO_APPS.length));
    expect(callsTo('loadDemoApps')).toHaveLength(1);
    expect(screen.queryByTestId('first-run')).toBeNull();
    expect(screen.getByTestId('app-appid').textContent).toBe(DEMO_APPS[0]!.appid);
    expect(within(screen.getByTestId('app-page')).getByTestId('simulator-badge').textContent).toBe('Simulator');
    // One badge per listed app, one on the open app's page.
    expect(screen.getAllByTestId('simulator-badge')).toHaveLength(DEMO_APPS.length + 1);
    // The core saved them on the simulator domain, each with its secret.
    const saved = await call('listProfiles', {});
    expect(saved.map((p) => [p.appid, p.domain])).toEqual(DEMO_APPS.map((d) => [d.appid, 'simulator']));
    expect((await call('secretStatus', { profileId: saved[0]!.id })).stored).toBe(true);
  });

  it('"Add your app" opens the add dialog', async () => {
    const { user } = await setup({ simulator: true });
    await user.click(await screen.findByTestId('first-run-add'));
    expect(screen.getByRole('dialog', { name: 'Add app' })).toBeTruthy();
  });

  it('without a simulator in this host, the choice is disabled and says why', async () => {
    const { callsTo } = await setup();
    await waitFor(() => expect(screen.getByTestId('first-run').textContent).toContain('This host runs no simulator.'));
    expect((screen.getByTestId('first-run-try') as HTMLButtonElement).disabled).toBe(true);
    expect(callsTo('loadDemoApps')).toEqual([]);
  });
});
