import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setup } from '../../support/harness';

const input = (name: string) => screen.getByTestId(`setting-${name}`) as HTMLInputElement;

describe('settings page', () => {
  it('opens from the sidebar with main’s settings, and sends only what changed', async () => {
    const { user, fake } = setup();
    await user.click(screen.getByTestId('nav-settings'));
    expect(screen.getByTestId('nav-settings').getAttribute('aria-current')).toBe('page');
    await screen.findByTestId('settings-form');
    expect(input('refreshMarginMinutes').value).toBe('5');
    expect(input('maxBodyBytes').value).toBe('1048576');
    expect(screen.getByLabelText('Connect timeout')).toBe(input('connectTimeoutMs'));
    expect((screen.getByTestId('settings-save') as HTMLButtonElement).disabled).toBe(true);

    await user.clear(input('refreshMarginMinutes'));
    await user.type(input('refreshMarginMinutes'), '10');
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('settings-saved')).toBeTruthy();
    expect(fake.callsTo('saveSettings')).toEqual([{ refreshMarginMinutes: 10 }]);
    expect(input('refreshMarginMinutes').value).toBe('10');
  });

  it('checks bounds while typing and does not send a value main would reject', async () => {
    const { user, fake } = setup();
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-form');
    await user.clear(input('connectTimeoutMs'));
    await user.type(input('connectTimeoutMs'), '50');
    expect(screen.getByTestId('setting-problem-connectTimeoutMs').textContent).toBe('Between 100 and 120000.');
    expect(input('connectTimeoutMs').getAttribute('aria-invalid')).toBe('true');
    await user.clear(input('maxBodyBytes'));
    await user.type(input('maxBodyBytes'), '1.5');
    expect(screen.getByTestId('setting-problem-maxBodyBytes').textContent).toBe('A whole number.');
    await user.click(screen.getByTestId('settings-save'));
    expect(fake.callsTo('saveSettings')).toEqual([]);
  });

  it('shows main’s validation issues under the field each one names', async () => {
    const { user, fake } = setup();
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-form');
    // Within each field's bounds, but the fake main rejects a deadline shorter than the connect timeout.
    await user.clear(input('deadlineMs'));
    await user.type(input('deadlineMs'), '1000');
    await user.clear(input('connectTimeoutMs'));
    await user.type(input('connectTimeoutMs'), '3000');
    await user.click(screen.getByTestId('settings-save'));

    const problem = await screen.findByTestId('setting-problem-deadlineMs');
    expect(problem.textContent).toBe('The deadline must be at least the connect timeout.');
    expect(input('deadlineMs').getAttribute('aria-describedby')).toContain(problem.id);
    expect(input('deadlineMs').getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByTestId('setting-problem-connectTimeoutMs')).toBeNull();
    expect(input('connectTimeoutMs').getAttribute('aria-invalid')).toBeNull();
    expect(fake.callsTo('saveSettings')).toEqual([{ connectTimeoutMs: 3000, deadlineMs: 1000 }]);

    // Editing clears main's verdict; a valid pair saves.
    await user.clear(input('deadlineMs'));
    await user.type(input('deadlineMs'), '8000');
    expect(screen.queryByTestId('setting-problem-deadlineMs')).toBeNull();
    await user.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(fake.callsTo('saveSettings')).toHaveLength(2));
    expect(await screen.findByTestId('settings-saved')).toBeTruthy();
  });

  it('switches the language from the settings page too', async () => {
    const { user } = setup();
    await user.click(screen.getByTestId('nav-settings'));
    await user.selectOptions(screen.getByTestId('settings-language'), 'zh-CN');
    expect(within(screen.getByTestId('settings-page')).getByRole('heading', { level: 1 }).textContent).toBe('设置');
    expect((screen.getByTestId('language-select') as HTMLSelectElement).value).toBe('zh-CN');
    expect(screen.getByTestId('nav-log').textContent).toBe('请求日志');
  });
});
