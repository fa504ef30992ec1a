import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setup } from '../../support/harness';

describe('errcode search page', () => {
  const open = async () => {
    const ctx = setup();
    await ctx.user.click(await screen.findByTestId('nav-errcodes'));
    return ctx;
  };

  it('searches on every keystroke and lists the matches', async () => {
    const { user, fake } = await open();
    expect(await screen.findAllByTestId('errcode-result')).toHaveLength(3);
    await user.type(screen.getByLabelText('Search errcodes'), '401');
    expect(fake.callsTo('searchErrcodes')).toEqual([
      { query: '', limit: 50 },
      { query: '4', limit: 50 },
      { query: '40', limit: 50 },
      { query: '401', limit: 50 },
    ]);
    const results = await screen.findAllByTestId('errcode-result');
    expect(results.map((r) => r.textContent)).toEqual([
      '40164invalid ip, not in whitelist',
      '40125invalid appsecret',
    ]);
    expect(screen.getByText('2 matches')).toBeTruthy();

    await user.type(screen.getByLabelText('Search errcodes'), '9');
    expect(await screen.findByText('No errcode matches “4019”.')).toBeTruthy();
    expect(screen.queryAllByTestId('errcode-result')).toHaveLength(0);
  });

  it('shows the detail: both languages, cause and fix, category, doc link, copy', async () => {
    const { user } = await open();
    const [first] = await screen.findAllByTestId('errcode-result');
    await user.click(first!);
    const detail = screen.getByTestId('errcode-detail');
    expect(first!.getAttribute('aria-current')).toBe('true');
    expect(within(detail).getByRole('heading').textContent).toBe('40001');
    expect(detail.textContent).toContain('获取 access_token 时 AppSecret 错误');
    expect(detail.textContent).toContain('invalid credential, access_token is invalid or not latest');
    expect(detail.textContent).toContain('Another server refreshed the token.');
    expect(detail.textContent).toContain('Use stable_token.');
    expect(detail.textContent).toContain('credentials');
    expect(within(detail).getByRole('link').getAttribute('href')).toContain('Global_Return_Code');
    expect(screen.queryByTestId('errcode-zh-missing')).toBeNull();

    await user.click(screen.getByTestId('errcode-copy'));
    expect(await navigator.clipboard.readText()).toBe(
      'errcode 40001 · 获取 access_token 时 AppSecret 错误，或者 access_token 无效 · invalid credential, access_token is invalid or not latest',
    );
    expect(screen.getByTestId('errcode-copy').textContent).toBe('Copied');
  });

  it('says where WeChat publishes no Chinese text, and where sources conflict', async () => {
    const { user } = await open();
    await user.type(screen.getByLabelText('Search errcodes'), '40125');
    const results = await screen.findAllByTestId('errcode-result');
    expect(results).toHaveLength(1);
    await user.click(results[0]!);
    expect(screen.getByTestId('errcode-zh-missing').textContent).toBe(
      'WeChat publishes only an English description for this code.',
    );
    expect(screen.getByTestId('errcode-conflict').textContent).toContain('Some sources say it means an invalid AppSecret.');
    expect(screen.getByTestId('errcode-detail').textContent).toContain('wechatpy’s errcode enum');
  });
});
