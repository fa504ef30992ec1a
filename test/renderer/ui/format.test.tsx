/**
 * One set of formatters for every timestamp and span on screen: the UI language decides the clock,
 * so an English screen never mixes "8:00:12 PM" with "20:00:12".
 */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatSpan, formatTime } from '../../../src/renderer/ui/format';
import { FAKE_APP, setup } from '../support/harness';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const AT = new Date(2025, 0, 1, 20, 0, 12).getTime(); // 20:00:12 local time

describe('timestamps', () => {
  it('English reads a 12-hour clock, Chinese a 24-hour one, with seconds, whatever the OS prefers', () => {
    expect(formatTime(AT, 'en')).toBe('8:00:12 PM');
    expect(formatTime(AT, 'zh-CN')).toBe('20:00:12');
    expect(formatDateTime(AT, 'en')).toBe('01/01/2025, 8:00:12 PM');
    expect(formatDateTime(AT, 'zh-CN')).toBe('2025/01/01 20:00:12');
  });

  it('spans of a day or more are days and hours, rounded to the hour; shorter ones h:mm:ss', () => {
    expect(formatSpan(30 * DAY - 5, 'en')).toBe('30 days');
    expect(formatSpan(30 * DAY - 5, 'zh-CN')).toBe('30天');
    expect(formatSpan(29 * DAY + 5 * HOUR + 10 * 60 * SECOND, 'en')).toBe('29 days 5 hours');
    expect(formatSpan(29 * DAY + 5 * HOUR, 'zh-CN')).toBe('29天5小时');
    expect(formatSpan(DAY + HOUR, 'en')).toBe('1 day 1 hour');
    expect(formatSpan(5 * HOUR + 2 * SECOND, 'en')).toBe('5:00:02');
    expect(formatSpan(-1, 'en')).toBe('0:00:00');
  });

  it('one screen, one clock: the token card and the forced-refresh line agree, in English and in Chinese', async () => {
    const { user, clock } = await setup({ apps: [{ app: FAKE_APP }] });
    await user.click(await screen.findByTestId('lane-stable-forced'));
    const button = await screen.findByTestId('get-token');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    await user.click(button);
    await user.click(within(screen.getByRole('alertdialog')).getByTestId('confirm-ok'));
    const fetchedAt = await screen.findByTestId('token-fetched-at');
    const fetched = clock.now();
    await waitFor(() => expect(screen.getByTestId('stat-next-forced').textContent).toContain('in 00:30'));

    const twelveHour = /^\d{1,2}:\d{2}:\d{2}\s[AP]M$/;
    expect(fetchedAt.textContent).toBe(formatTime(fetched, 'en'));
    expect(fetchedAt.textContent).toMatch(twelveHour);
    expect(screen.getByTestId('stat-next-forced').textContent).toContain(`(${formatTime(fetched + 30 * SECOND, 'en')})`);

    await user.click(screen.getByTestId('nav-settings'));
    await user.selectOptions(await screen.findByLabelText('Language'), 'zh-CN');
    await user.click(screen.getByTestId('app-item'));
    const zhFetched = await screen.findByTestId('token-fetched-at');
    expect(zhFetched.textContent).toBe(formatTime(fetched, 'zh-CN'));
    expect(zhFetched.textContent).toMatch(/^\d{1,2}:\d{2}:\d{2}$/);
    expect(screen.getByTestId('stat-next-forced').textContent).toContain(`（${formatTime(fetched + 30 * SECOND, 'zh-CN')}）`);
  });
});
