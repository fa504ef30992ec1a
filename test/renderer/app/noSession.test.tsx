import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { NoSession } from '../../../src/renderer/app/NoSession';
import { I18nProvider } from '../../../src/renderer/i18n/I18nProvider';

afterEach(() => {
  cleanup();
  localStorage.clear();
});

/** Renders the page in `lang`; waits for it, as a language's strings may load on demand. */
const show = async (problem: 'no-token' | 'spent' | 'lost', lang: 'en' | 'zh-CN') => {
  localStorage.setItem('wxcred.lang', lang);
  render(
    <I18nProvider>
      <NoSession problem={problem} />
    </I18nProvider>,
  );
  return screen.findByTestId('no-session');
};

describe('web mode without a session', () => {
  it('says what happened for each reason and both ways back, in English', async () => {
    const page = await show('spent', 'en');
    expect(within(page).getByRole('heading', { level: 1 }).textContent).toBe('This tab is not connected to wxcred');
    expect(screen.getByTestId('no-session-why').textContent).toMatch(/already used, or belongs to an earlier run/);
    const steps = within(page).getAllByRole('listitem').map((li) => li.textContent);
    expect(steps[0]).toMatch(/^Open the URL that the command printed .* in the browser where you first opened it/);
    expect(steps[1]).toBe('Or stop npm run web (Ctrl+C) and run it again: it prints a new URL with a fresh token.');
    // The command reads as code, not as backquotes.
    expect(within(page).getAllByText('npm run web', { selector: 'code' }).length).toBeGreaterThan(0);
  });

  it('is in Chinese when the UI is, and switches language in place', async () => {
    await show('no-token', 'zh-CN');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('此标签页没有连上 wxcred');
    expect(screen.getByTestId('no-session-why').textContent).toMatch(/^打开时没有带启动令牌/);
    await userEvent.selectOptions(screen.getByTestId('language-select'), 'en');
    await expect.poll(() => screen.getByTestId('no-session-why').textContent).toMatch(/^It was opened without the launch token/);
  });

  it('names a lost session (restart, another browser) apart from a missing token', async () => {
    await show('lost', 'en');
    expect(screen.getByTestId('no-session-why').textContent).toMatch(/no longer knows this tab’s session/);
  });
});
