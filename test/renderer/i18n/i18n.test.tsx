import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../../../src/renderer/i18n/en';
import { zhCN } from '../../../src/renderer/i18n/zh-CN';
import { format, langFromNavigator, messagesOf } from '../../../src/renderer/i18n/messages';
import { FAKE_APP, setup } from '../support/harness';

afterEach(() => vi.restoreAllMocks());

describe('language', () => {
  it('follows navigator.language: zh* is Chinese, anything else English', () => {
    expect(langFromNavigator('zh-TW')).toBe('zh-CN');
    expect(langFromNavigator('zh')).toBe('zh-CN');
    expect(langFromNavigator('en-GB')).toBe('en');
    expect(langFromNavigator('ja-JP')).toBe('en');
    expect(langFromNavigator(undefined)).toBe('en');
  });

  it('switches to a language whose strings are not loaded yet once they arrive, and shows the choice at once', async () => {
    // First in the file to ask for Chinese, so its chunk really is loaded by this switch.
    expect(messagesOf('zh-CN')).toBeUndefined();
    const { user } = await setup({ apps: [{ app: FAKE_APP }] });
    expect(await screen.findByRole('button', { name: 'Get token' })).toBeTruthy();
    await user.selectOptions(screen.getByTestId('language-select'), 'zh-CN');
    expect((screen.getByTestId('language-select') as HTMLSelectElement).value).toBe('zh-CN');
    expect(await screen.findByRole('button', { name: '获取 token' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('on a Chinese system shows nothing until the Chinese strings are loaded, never English first', async () => {
    localStorage.setItem('wxcred.lang', 'zh-CN');
    vi.resetModules();
    // Fresh module state: nothing but English loaded (React itself is not reloaded).
    const fresh = await import('../../../src/renderer/i18n/I18nProvider');
    const { messagesOf: freshMessagesOf } = await import('../../../src/renderer/i18n/messages');
    expect(freshMessagesOf('zh-CN')).toBeUndefined();
    function Probe() {
      return <p data-testid="probe">{fresh.useT()('settings.language')}</p>;
    }
    render(
      <fresh.I18nProvider>
        <Probe />
      </fresh.I18nProvider>,
    );
    expect(screen.queryByTestId('probe')).toBeNull();
    expect((await screen.findByTestId('probe')).textContent).toBe('语言');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('starts in Chinese on a Chinese system, switches from the header and remembers the choice', async () => {
    vi.spyOn(navigator, 'language', 'get').mockReturnValue('zh-CN');
    const first = await setup({ apps: [{ app: FAKE_APP }] });
    expect(await screen.findByRole('button', { name: '获取 token' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(screen.getByLabelText('语言')).toBe(screen.getByTestId('language-select'));

    await first.user.selectOptions(screen.getByTestId('language-select'), 'en');
    expect(screen.getByRole('button', { name: 'Get token' })).toBeTruthy();
    expect(screen.getByText('Errcode lookup')).toBeTruthy();
    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('wxcred.lang')).toBe('en');

    // A new window on the same Chinese system keeps the stored choice.
    first.unmount();
    await setup({ apps: [{ app: FAKE_APP }] });
    expect(await screen.findByRole('button', { name: 'Get token' })).toBeTruthy();
  });

  it('has every key in both languages and fills placeholders', async () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    for (const text of Object.values(zhCN)) expect(text.trim()).not.toBe('');
    expect(format('en', 'secret.stored', { hint: '3f9a' })).toBe('stored ✓ …3f9a');
    const { loadLang } = await import('../../../src/renderer/i18n/messages');
    await loadLang('zh-CN');
    expect(format('zh-CN', 'token.confirmClassic', { quota: 200 })).toContain('200');
  });

  it('loads Chinese only when it is first asked for, once', async () => {
    vi.resetModules();
    const fresh = await import('../../../src/renderer/i18n/messages');
    expect(fresh.messagesOf('en')).toEqual(en);
    expect(fresh.messagesOf('zh-CN')).toBeUndefined();
    // Until then a Chinese string reads as English rather than as its key.
    expect(fresh.format('zh-CN', 'settings.language')).toBe(en['settings.language']);
    const [a, b] = await Promise.all([fresh.loadLang('zh-CN'), fresh.loadLang('zh-CN')]);
    expect(a).toBe(b);
    expect(fresh.messagesOf('zh-CN')?.['settings.language']).toBe('语言');
    expect(fresh.format('zh-CN', 'settings.language')).toBe('语言');
  });
});
