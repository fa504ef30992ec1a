import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { format, langFromNavigator, messages } from '../../../src/renderer/i18n/messages';
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

  it('has every key in both languages and fills placeholders', () => {
    expect(Object.keys(messages['zh-CN']).sort()).toEqual(Object.keys(messages.en).sort());
    for (const text of Object.values(messages['zh-CN'])) expect(text.trim()).not.toBe('');
    expect(format('en', 'secret.stored', { hint: '3f9a' })).toBe('stored ✓ …3f9a');
    expect(format('zh-CN', 'token.confirmClassic', { quota: 200 })).toContain('200');
  });
});
