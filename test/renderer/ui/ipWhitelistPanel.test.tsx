import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WxError } from '../../../src/contract/errors';
import { I18nProvider } from '../../../src/renderer/i18n/I18nProvider';
import { IpWhitelistPanel } from '../../../src/renderer/ui/IpWhitelistPanel';

type WechatError = Extract<WxError, { kind: 'wechat' }>;

const error = (ip: string, errcode = 40164): WechatError => ({
  kind: 'wechat',
  errcode,
  errmsg: `invalid ip ${ip}, not in whitelist`,
  endpoint: '/cgi-bin/stable_token',
  ip,
  route: { kind: 'direct' },
  entry: null,
});

const show = (e: WechatError, appKind?: Parameters<typeof IpWhitelistPanel>[0]['appKind']) =>
  render(
    <I18nProvider>
      <IpWhitelistPanel error={e} appKind={appKind} />
    </I18nProvider>,
  );

afterEach(cleanup);

describe('IpWhitelistPanel guidance', () => {
  it('tells a 测试号 that it has no whitelist, and offers no menu path that does not exist', () => {
    show(error('203.0.113.9'), 'test-account');
    const panel = screen.getByTestId('ip-diagnosis');
    expect(within(panel).queryByTestId('whitelist-steps')).toBeNull();
    const none = within(panel).getByTestId('whitelist-none').textContent ?? '';
    expect(none).toContain('has no IP whitelist');
    expect(none).toContain('测试号信息');
    expect(panel.textContent).not.toContain('基本配置');
  });

  it('explains 0.0.0.0 instead of asking to whitelist it', () => {
    show(error('0.0.0.0'), 'official-account');
    const panel = screen.getByTestId('ip-diagnosis');
    expect(within(panel).getByTestId('diag-zero-ip').textContent).toContain('could not tell');
    expect(panel.textContent).not.toContain('Add this IP to the app’s IP whitelist');
  });

  it('still gives the real path for an app kind that has a whitelist', () => {
    show(error('203.0.113.9'), 'official-account');
    const steps = screen.getByTestId('whitelist-steps');
    expect(steps.textContent).toContain('基本配置');
    expect(screen.queryByTestId('diag-zero-ip')).toBeNull();
  });
});
