import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Settings } from '../../../../src/contract';
import { setup } from '../../support/harness';

const input = (name: string) => screen.getByTestId(`setting-${name}`) as HTMLInputElement;

describe('settings page', () => {
  it('opens from the sidebar with the core’s settings, and sends only what changed', async () => {
    const { user, callsTo, call } = await setup();
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
    expect(callsTo('saveSettings')).toEqual([{ refreshMarginMinutes: 10 }]);
    expect(input('refreshMarginMinutes').value).toBe('10');
    expect((await call('getSettings', {})).refreshMarginMinutes).toBe(10);
  });

  it('checks bounds while typing and does not send a value the core would reject', async () => {
    const { user, callsTo } = await setup();
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-form');
    await user.clear(input('connectTimeoutMs'));
    await user.type(input('connectTimeoutMs'), '50');
    expect(screen.getByTestId('setting-problem-connectTimeoutMs').textContent).toBe('Too small: must be at least 100 (allowed 100–120000).');
    expect(input('connectTimeoutMs').getAttribute('aria-invalid')).toBe('true');
    await user.clear(input('maxBodyBytes'));
    await user.type(input('maxBodyBytes'), '1.5');
    expect(screen.getByTestId('setting-problem-maxBodyBytes').textContent).toBe('No decimal point: a whole number from 1024 to 67108864.');
    await user.click(screen.getByTestId('settings-save'));
    expect(callsTo('saveSettings')).toEqual([]);
  });

  it('each refusal says what is wrong with the text: "-5" is too small, not "a whole number"', async () => {
    const { user, callsTo } = await setup();
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-form');
    const said = async (text: string) => {
      await user.clear(input('refreshMarginMinutes'));
      if (text !== '') await user.type(input('refreshMarginMinutes'), text);
      return screen.queryByTestId('setting-problem-refreshMarginMinutes')?.textContent ?? null;
    };
    expect(await said('-5')).toBe('Too small: must be at least 0 (allowed 0–110).');
    expect(await said('111')).toBe('Too large: must be at most 110 (allowed 0–110).');
    expect(await said('2.5')).toBe('No decimal point: a whole number from 0 to 110.');
    expect(await said('10m')).toBe('Digits only (0–9): a whole number from 0 to 110.');
    expect(await said('')).toBe('Required: a whole number from 0 to 110.');
    expect(await said('0')).toBeNull();
    expect(input('refreshMarginMinutes').value).toBe('0');
    expect(await said('15')).toBeNull();
    await user.click(screen.getByTestId('settings-save'));
    expect(await screen.findByTestId('settings-saved')).toBeTruthy();
    expect(callsTo('saveSettings')).toEqual([{ refreshMarginMinutes: 15 }]);
  });

  it('the page’s bounds are the contract’s: what the page refuses the core refuses, and what it accepts the core takes', async () => {
    const { user, fail, call } = await setup();
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-form');
    const fields: (keyof Settings)[] = ['refreshMarginMinutes', 'connectTimeoutMs', 'headersTimeoutMs', 'bodyTimeoutMs', 'deadlineMs', 'maxBodyBytes'];
    for (const field of fields) {
      await user.clear(input(field));
      await user.type(input(field), '999999999');
      const said = /^Too large: must be at most \d+ \(allowed (\d+)–(\d+)\)\.$/.exec(screen.getByTestId(`setting-problem-${field}`).textContent ?? '');
      expect(said, field).not.toBeNull();
      const [min, max] = [Number(said![1]), Number(said![2])];
      for (const value of [min - 1, max + 1]) {
        expect((await fail('saveSettings', { [field]: value })).kind, `${field} = ${value}`).toBe('validation');
      }
      for (const value of [min, max]) expect((await call('saveSettings', { [field]: value }))[field]).toBe(value);
    }
  });

  it('saves a deadline shorter than the connect timeout: the core has no rule tying the two', async () => {
    const { user, callsTo, call } = await setup();
    await user.click(screen.getByTestId('nav-settings'));
    await screen.findByTestId('settings-form');
    await user.clear(input('deadlineMs'));
    await user.type(input('deadlineMs'), '1000');
    await user.clear(input('connectTimeoutMs'));
    await user.type(input('connectTimeoutMs'), '3000');
    await user.click(screen.getByTestId('settings-save'));

    expect(await screen.findByTestId('settings-saved')).toBeTruthy();
    expect(screen.queryByTestId('setting-problem-deadlineMs')).toBeNull();
    expect(input('deadlineMs').getAttribute('aria-invalid')).toBeNull();
    expect(callsTo('saveSettings')).toEqual([{ connectTimeoutMs: 3000, deadlineMs: 1000 }]);
    expect(await call('getSettings', {})).toMatchObject({ connectTimeoutMs: 3000, deadlineMs: 1000 });
  });

  it('switches the language from the settings page too', async () => {
    const { user } = await setup();
    await user.click(screen.getByTestId('nav-settings'));
    await user.selectOptions(screen.getByTestId('settings-language'), 'zh-CN');
    // Chinese is its own chunk: the strings follow once it has loaded.
    expect(await within(screen.getByTestId('settings-page')).findByRole('heading', { level: 1, name: '设置' })).toBeTruthy();
    expect((screen.getByTestId('language-select') as HTMLSelectElement).value).toBe('zh-CN');
    expect(screen.getByTestId('nav-log').textContent).toBe('请求日志');
  });
});
