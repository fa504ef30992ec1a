import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setup } from '../support/harness';

describe('header', () => {
  it('shows the run mode and no banner when calls go to WeChat', async () => {
    // Each profile names its own base URL here, so nothing overrides the API base.
    await setup({ mode: 'electron', version: '1.2.3', via: 'profile' });
    expect((await screen.findByTestId('app-mode')).textContent).toBe('desktop · v1.2.3');
    expect(screen.queryByTestId('api-base-banner')).toBeNull();
  });

  it('warns in a banner when WXCRED_API_BASE redirects every call', async () => {
    const { sim } = await setup({ mode: 'web' });
    const banner = await screen.findByTestId('api-base-banner');
    expect(banner.textContent).toBe(`All calls go to ${sim.url} (WXCRED_API_BASE)`);
    expect(screen.getByTestId('app-mode').textContent).toBe('web mode · v0.1.0');
  });

  it('shows start-up notices from the core', async () => {
    await setup({ files: { 'profiles.json': '{ not json' } });
    const notices = await screen.findAllByTestId('app-notice');
    expect(notices).toHaveLength(1);
    // The real store moved the broken file aside and says where to.
    expect(notices[0]?.textContent).toMatch(/^profiles\.json was unreadable \(.+\); moved to .*profiles\.json\.corrupt-\S+; starting with no apps\.$/);
    expect(await screen.findByText('No apps yet. Add one by its AppID.')).toBeTruthy();
  });
});

describe('sidebar', () => {
  it('collapses and opens from its toggle and Ctrl+B, and remembers the choice', async () => {
    localStorage.removeItem('wxcred.sidebar');
    await setup({});
    const toggle = await screen.findByTestId('sidebar-toggle');
    const nav = screen.getByRole('navigation', { hidden: true });
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(toggle.getAttribute('aria-controls')).toBe(nav.id);
    expect(nav.hidden).toBe(false);

    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(nav.hidden).toBe(true);
    expect(localStorage.getItem('wxcred.sidebar')).toBe('closed');

    fireEvent.keyDown(window, { key: 'b', ctrlKey: true });
    expect(nav.hidden).toBe(false);
    expect(localStorage.getItem('wxcred.sidebar')).toBe('open');
    localStorage.removeItem('wxcred.sidebar');
  });
});
