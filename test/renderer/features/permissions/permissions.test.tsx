import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { permissionProbes } from '../../../../src/contract/apiCatalog';
import { FAKE_APP, setup } from '../../support/harness';

describe('permissions tab', () => {
  it('lists the probes before running anything, then shows allowed and 48001 with what it usually needs', async () => {
    const { user, sim } = await setup({ apps: [{ app: FAKE_APP, label: 'Prod 公众号' }] });
    await user.click(await screen.findByTestId('tab-permissions'));
    const matrix = screen.getByTestId('permissions-matrix');
    const probes = permissionProbes.filter((p) => p.appliesTo.includes('official-account'));
    expect(within(matrix).getAllByRole('row')).toHaveLength(probes.length + 1);
    expect(matrix.textContent).toContain('Counts against');
    expect(sim.calls('/cgi-bin/menu/get')).toBe(0);

    await user.click(screen.getByTestId('permissions-run'));
    await waitFor(() => expect(screen.getByTestId('probe-menu').getAttribute('data-verdict')).toBe('unauthorized'));
    expect(screen.getByTestId('probe-callback-ip').getAttribute('data-verdict')).toBe('allowed');
    expect(screen.getByTestId('probe-menu').textContent).toContain('Usually needs: usually a verified');
    expect(screen.getByTestId('probe-menu').textContent).toContain('48001');
    expect(screen.getByTestId('permissions-summary').textContent).toMatch(/of \d+ allowed/);
    expect(sim.calls('/cgi-bin/menu/get')).toBe(1);
  });
});
