import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrorView } from '../../../src/renderer/ui/ErrorView';
import type { WxError } from '../../../src/contract/errors';
import { sampleErrcodes } from '../support/fakeBridge';
import { setup } from '../support/harness';

const show = (error: WxError) => {
  setup({}, <ErrorView error={error} />);
  const alert = screen.getByRole('alert');
  expect(alert.dataset.kind).toBe(error.kind);
  return alert;
};

const ipError: WxError = {
  kind: 'wechat',
  errcode: 40164,
  errmsg: 'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist rid: 6650-abc hint: [xyz]',
  endpoint: '/cgi-bin/stable_token',
  ip: '203.0.113.9',
  ipv6: '::ffff:203.0.113.9',
  rid: '6650-abc',
  hint: 'xyz',
  link: 'https://developers.weixin.qq.com/community/search?query=40164',
  route: { kind: 'proxy', proxy: 'http://10.0.0.2:3128', source: 'profile' },
  entry: sampleErrcodes[1]!,
};

describe('ErrorView', () => {
  it('wechat: errcode, meaning, cause and fix, the IP WeChat saw and every parsed part', () => {
    const alert = show(ipError);
    const text = alert.textContent ?? '';
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('WeChat errcode 40164 · invalid ip, not in whitelist');
    expect(text).toContain('调用接口的 IP 地址不在白名单中');
    expect(screen.getByTestId('error-ip').textContent).toContain('203.0.113.9');
    expect(screen.getByTestId('error-ipv6').textContent).toContain('::ffff:203.0.113.9');
    expect(text).toContain('The calling IP is not on the IP whitelist.');
    expect(text).toContain('Add the IP on the WeChat platform.');
    expect(text).toContain('6650-abc');
    expect(text).toContain('/cgi-bin/stable_token');
    expect(text).toContain('via proxy http://10.0.0.2:3128');
    expect(text).toContain('Add this IP to the app’s IP whitelist');
    const link = screen.getByRole('link', { name: ipError.kind === 'wechat' ? ipError.link : '' });
    expect(link.getAttribute('href')).toBe(ipError.kind === 'wechat' ? ipError.link : '');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('wechat: an errcode missing from the table still shows errmsg', () => {
    const alert = show({ kind: 'wechat', errcode: 99999, errmsg: 'something new', endpoint: '/cgi-bin/token', entry: null });
    expect(alert.textContent).toContain('WeChat errcode 99999');
    expect(alert.textContent).toContain('Not in wxcred’s errcode table.');
    expect(alert.textContent).toContain('something new');
    expect(screen.queryByTestId('error-ip')).toBeNull();
    expect(alert.textContent).not.toContain('whitelist');
  });

  it('network: the reason in words, the message, status and endpoint', () => {
    const alert = show({
      kind: 'network',
      reason: 'timeout',
      message: 'No answer from api.weixin.qq.com within 10 s.',
      endpoint: '/cgi-bin/stable_token',
      status: 502,
    });
    expect(screen.getByRole('heading').textContent).toBe('Network failure: timed out');
    expect(alert.textContent).toContain('No answer from api.weixin.qq.com within 10 s.');
    expect(alert.textContent).toContain('502');
    expect(alert.textContent).toContain('/cgi-bin/stable_token');
  });

  it('validation: the message and each issue by field', () => {
    const alert = show({
      kind: 'validation',
      message: 'The profile is not valid.',
      issues: [
        { path: 'appid', message: 'An AppID is "wx" followed by 16 hexadecimal characters.' },
        { path: 'proxy', message: 'Must be an absolute http:// or https:// URL.' },
      ],
    });
    expect(alert.textContent).toContain('Invalid input');
    const items = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual([
      'appid: An AppID is "wx" followed by 16 hexadecimal characters.',
      'proxy: Must be an absolute http:// or https:// URL.',
    ]);
  });

  it('validation: a single issue that repeats the message is not listed twice', () => {
    show({ kind: 'validation', message: 'Confirm first.', issues: [{ path: '', message: 'Confirm first.' }] });
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    expect(screen.getByRole('alert').textContent).toContain('Confirm first.');
  });

  it('keychain: the reason and main’s message, which says what to install or unlock', () => {
    const alert = show({ kind: 'keychain', reason: 'timeout', message: 'The keychain did not answer; unlock it and retry.' });
    expect(screen.getByRole('heading').textContent).toBe('Keychain: timed out');
    expect(alert.textContent).toContain('unlock it and retry');
  });

  it('internal: the message, marked as a bug in wxcred', () => {
    const alert = show({ kind: 'internal', message: 'handler threw TypeError' });
    expect(screen.getByRole('heading').textContent).toBe('Internal error in wxcred');
    expect(alert.textContent).toContain('handler threw TypeError');
    expect(alert.textContent).toContain('This is a bug in wxcred');
  });

  it('follows the UI language: Chinese meaning, cause and fix in zh-CN', () => {
    localStorage.setItem('wxcred.lang', 'zh-CN');
    show(ipError);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('微信错误码 40164 · 调用接口的 IP 地址不在白名单中');
    expect(screen.getByRole('alert').textContent).toContain('在公众平台添加该 IP。');
    expect(screen.getByTestId('error-ip').previousElementSibling?.textContent).toBe('微信看到的 IP');
  });
});
