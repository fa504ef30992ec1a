import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setup } from '../support/harness';

describe('header', () => {
  it('shows the run mode and no banner when calls go to WeChat', async () => {
    setup({ appInfo: { mode: 'electron', version: '1.2.3' } });
    expect((await screen.findByTestId('app-mode')).textContent).toBe('desktop · v1.2.3');
    expect(screen.queryByTestId('api-base-banner')).toBeNull();
  });

  it('warns in a banner when WXCRED_API_BASE redirects every call', async () => {
    setup({ appInfo: { mode: 'web', apiBaseOverride: 'http://127.0.0.1:18080' } });
    const banner = await screen.findByTestId('api-base-banner');
    expect(banner.textContent).toBe('All calls go to http://127.0.0.1:18080 (WXCRED_API_BASE)');
    expect(screen.getByTestId('app-mode').textContent).toBe('web mode · v0.1.0');
  });

  it('shows start-up notices from main', async () => {
    setup({ appInfo: { notices: ['profiles.json was unreadable and was moved to profiles.json.corrupt-1.'] } });
    const notices = await screen.findAllByTestId('app-notice');
    expect(notices.map((n) => n.textContent)).toEqual(['profiles.json was unreadable and was moved to profiles.json.corrupt-1.']);
  });
});
