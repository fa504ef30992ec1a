/**
 * The first-run screen: "Add your app" opens the dialog, "Try the simulator" loads the demo apps
 * and opens the first, marked as a simulator app; without a simulator the choice is disabled.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DemoAppsLoaded, Profile, SimulatorStatus, WxcredApi } from '../../../../src/contract';
import { App } from '../../../../src/renderer/app/App';
import { Providers } from '../../../../src/renderer/app/Providers';
import { createQueryClient } from '../../../../src/renderer/data/queryClient';
import { createFakeBridge, makeProfile, profileId } from '../../support/fakeBridge';
import { createManualClock } from '../../support/harness';

const demoProfiles: Profile[] = [
  makeProfile({ id: profileId(41), label: 'Sim · 公众号', appid: 'wx0000de0000000001', domain: 'simulator' }),
  makeProfile({ id: profileId(42), label: 'Sim · 40164 IP not whitelisted', appid: 'wx0000de0000000005', domain: 'simulator' }),
];

function renderFirstRun(running: boolean) {
  const clock = createManualClock();
  const fake = createFakeBridge({ now: clock.now });
  let loaded: Profile[] = [];
  const status: SimulatorStatus = { running, url: running ? 'http://127.0.0.1:41234' : null, demoApps: [] };
  const api: WxcredApi = {
    ...fake.api,
    simulatorStatus: async () => ({ ok: true, value: { ...status, demoApps: demoProfiles.map((p) => ({ appid: p.appid, label: p.label, kind: p.kind, shows: { en: '', zh: '' } })) } }),
    loadDemoApps: async () => {
      loaded = demoProfiles;
      const value: DemoAppsLoaded = { profiles: demoProfiles, added: demoProfiles.length };
      return { ok: true, value };
    },
    listProfiles: async () => ({ ok: true, value: loaded }),
  };
  render(
    <Providers bridge={api} queryClient={createQueryClient()} clock={clock}>
      <App />
    </Providers>,
  );
  return userEvent.setup();
}

describe('first run', () => {
  it('offers both ways in; "Try the simulator" loads the demo apps and opens the first, marked as a simulator app', async () => {
    const user = renderFirstRun(true);
    const firstRun = await screen.findByTestId('first-run');
    expect(within(firstRun).getByTestId('first-run-add').textContent).toBe('Add your app');
    await waitFor(() => expect((screen.getByTestId('first-run-try') as HTMLButtonElement).disabled).toBe(false));
    expect(firstRun.textContent).toContain('Adds 2 demo apps');

    await user.click(screen.getByTestId('first-run-try'));
    await waitFor(() => expect(screen.getAllByTestId('app-item')).toHaveLength(2));
    expect(screen.queryByTestId('first-run')).toBeNull();
    expect(screen.getByTestId('app-appid').textContent).toBe('wx0000de0000000001');
    expect(within(screen.getByTestId('app-page')).getByTestId('simulator-badge').textContent).toBe('Simulator');
    expect(screen.getAllByTestId('simulator-badge').length).toBe(3);
  });

  it('"Add your app" opens the add dialog', async () => {
    const user = renderFirstRun(true);
    await user.click(await screen.findByTestId('first-run-add'));
    expect(screen.getByRole('dialog', { name: 'Add app' })).toBeTruthy();
  });

  it('without a simulator in this host, the choice is disabled and says why', async () => {
    renderFirstRun(false);
    await waitFor(() => expect(screen.getByTestId('first-run').textContent).toContain('This host runs no simulator.'));
    expect((screen.getByTestId('first-run-try') as HTMLButtonElement).disabled).toBe(true);
  });
});
