import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { lookupErrcode } from '../../../../src/core/errcodes/index';
import { setup } from '../../support/harness';

// The page searches the generated table the core ships, not a sample.
describe('errcode search page', () => {
  const open = async () => {
    const rig = await setup();
    await rig.user.click(await screen.findByTestId('nav-errcodes'));
    return rig;
  };

  it('searches on every keystroke and lists the matches', async () => {
    const { user, callsTo } = await open();
    expect(await screen.findAllByTestId('errcode-result')).toHaveLength(50);
    await user.type(screen.getByLabelText('Search errcodes'), '4016');
    expect(callsTo('searchErrcodes')).toEqual([
      { query: '', limit: 50 },
      { query: '4', limit: 50 },
      { query: '40', limit: 50 },
      { query: '401', limit: 50 },
      { query: '4016', limit: 50 },
    ]);
    expect(await screen.findByText('12 matches')).toBeTruthy();
    const results = screen.getAllByTestId('errcode-result');
    expect(results[0]?.textContent).toBe('40160invalid image file');
    expect(results.map((r) => r.textContent)).toContain('40164invalid ip, not in whitelist');

    await user.type(screen.getByLabelText('Search errcodes'), '40');
    expect(await screen.findByText('No errcode matches “401640”.')).toBeTruthy();
    expect(screen.queryAllByTestId('errcode-result')).toHaveLength(0);
  });

  it('shows the detail: both languages, cause and fix, category, doc link, copy', async () => {
    const { user } = await open();
    const entry = lookupErrcode(40001)!;
    await user.type(screen.getByLabelText('Search errcodes'), '40001');
    const [first] = await screen.findAllByTestId('errcode-result');
    await user.click(first!);
    const detail = screen.getByTestId('errcode-detail');
    expect(first!.getAttribute('aria-current')).toBe('true');
    expect(within(detail).getByRole('heading').textContent).toBe('40001');
    expect(detail.textContent).toContain('获取 access_token 时 AppSecret 错误');
    expect(detail.textContent).toContain('invalid credential, access_token is invalid or not latest');
    expect(detail.textContent).toContain(entry.cause!.en);
    expect(detail.textContent).toContain(entry.fix!.en);
    expect(detail.textContent).toContain('credentials');
    expect(detail.textContent).toContain('WeChat’s documentation');
    expect(within(detail).getByRole('link').getAttribute('href')).toContain('Global_Return_Code');
    expect(screen.queryByTestId('errcode-zh-missing')).toBeNull();

    await user.click(screen.getByTestId('errcode-copy'));
    expect(await navigator.clipboard.readText()).toBe(`errcode 40001 · ${entry.zh} · ${entry.en}`);
    expect(screen.getByTestId('errcode-copy').textContent).toBe('Copied');
  });

  it('says where WeChat publishes no Chinese text, and where sources conflict', async () => {
    const { user } = await open();
    await user.type(screen.getByLabelText('Search errcodes'), '40034');
    const english = await screen.findAllByTestId('errcode-result');
    expect(english).toHaveLength(1);
    await user.click(english[0]!);
    expect(screen.getByTestId('errcode-zh-missing').textContent).toBe('WeChat publishes only an English description for this code.');
    expect(screen.queryByTestId('errcode-conflict')).toBeNull();

    await user.clear(screen.getByLabelText('Search errcodes'));
    await user.type(screen.getByLabelText('Search errcodes'), '40125');
    const results = await screen.findAllByTestId('errcode-result');
    const exact = results.filter((r) => r.textContent?.startsWith('40125'));
    expect(exact).toHaveLength(1);
    await user.click(exact[0]!);
    expect(screen.getByTestId('errcode-conflict').textContent).toContain('Sources disagree: the Open Platform global return-code list says');
    expect(screen.queryByTestId('errcode-zh-missing')).toBeNull();
  });
});
