import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorView } from '../../../src/renderer/ui/ErrorView';
import type { WxError } from '../../../src/contract/errors';
import { makeProfile, profileId, sampleErrcodes } from '../support/fakeBridge';
import { setup } from '../support/harness';

// The harness clock starts at 2025-01-01 09:00:00 UTC.
const START = Date.UTC(2025, 0, 1, 9, 0, 0);
const HOUR = 60 * 60 * 1000;
/** A rid whose first segment is the hex Unix time of `at`, as real rids have. */
const ridAt = (at: number) => `${Math.floor(at / 1000).toString(16)}-1b2c3d4e-5f6a7b8c`;

type WechatError = Extract<WxError, { kind: 'wechat' }>;

const ipError = (overrides: Partial<WechatError> = {}): WechatError => ({
  kind: 'wechat',
  errcode: 40164,
  errmsg: 'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist',
  endpoint: '/cgi-bin/stable_token',
  ip: '203.0.113.9',
  ipv6: '::ffff:203.0.113.9',
  route: { kind: 'direct' },
  entry: sampleErrcodes[1]!,
  ...overrides,
});

describe('IP-whitelist diagnosis (40164 / 61004)', () => {
  it('shows the IP in both forms, each copyable, and the 小程序 steps for a mini program', async () => {
    const onRetry = vi.fn();
    const { user } = setup({}, <ErrorView error={ipError()} appKind="mini-program" onRetry={onRetry} />);
    const panel = screen.getByTestId('ip-diagnosis');
    expect(within(panel).getByTestId('error-ip').textContent).toContain('203.0.113.9');
    expect(within(panel).getByTestId('error-ipv6').textContent).toContain('::ffff:203.0.113.9');

    const steps = within(panel).getByTestId('whitelist-steps');
    expect(steps.textContent).toContain('开发管理 (Development Management) → 开发设置 (Development Settings) → IP白名单');
    expect(steps.textContent).not.toContain('基本配置');
    expect(within(steps).getByRole('link').getAttribute('href')).toBe('https://mp.weixin.qq.com/');
    expect(within(panel).getByTestId('diag-fix').textContent).toContain('Add the IP on the WeChat platform.');
    expect(within(panel).getByTestId('diag-route').textContent).toBe('direct');

    await user.click(within(panel).getByTestId('copy-ipv6'));
    expect(await navigator.clipboard.readText()).toBe('::ffff:203.0.113.9');
    await user.click(within(panel).getByTestId('copy-ip'));
    expect(await navigator.clipboard.readText()).toBe('203.0.113.9');

    await user.click(within(panel).getByTestId('diag-retry'));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('公众号 gets 设置与开发 → 基本配置, 测试号 is told it has no whitelist; 网站应用 the Open Platform; in Chinese too', () => {
    localStorage.setItem('wxcred.lang', 'zh-CN');
    setup({}, <ErrorView error={ipError()} appKind="official-account" />);
    expect(screen.getByTestId('whitelist-steps').textContent).toContain('公众号');
    expect(screen.getByTestId('whitelist-steps').textContent).toContain('设置与开发 → 基本配置 → IP白名单');
    cleanup();
    setup({}, <ErrorView error={ipError()} appKind="test-account" />);
    expect(screen.queryByTestId('whitelist-steps')).toBeNull();
    expect(screen.getByTestId('whitelist-none').textContent).toContain('测试号没有 IP 白名单');
    expect(screen.getByTestId('error-ip').previousElementSibling?.textContent).toBe('微信看到的 IP');

    cleanup();
    setup({}, <ErrorView error={ipError()} appKind="website-app" />);
    const steps = screen.getByTestId('whitelist-steps');
    expect(steps.textContent).toContain('网站应用');
    expect(within(steps).getByRole('link').getAttribute('href')).toBe('https://open.weixin.qq.com/');
    expect(steps.textContent).not.toContain('基本配置');
  });

  it('61004 gets the panel too; a proxied call says to whitelist the proxy’s egress IP', () => {
    setup(
      {},
      <ErrorView
        error={ipError({
          errcode: 61004,
          errmsg: 'access clientip is not registered requestIP: 198.51.100.7',
          ip: '198.51.100.7',
          ipv6: undefined,
          route: { kind: 'proxy', proxy: 'http://10.0.0.2:3128', source: 'profile' },
          entry: null,
        })}
      />,
    );
    const panel = screen.getByTestId('ip-diagnosis');
    expect(within(panel).getByTestId('error-ip').textContent).toContain('198.51.100.7');
    expect(within(panel).queryByTestId('error-ipv6')).toBeNull();
    expect(within(panel).getByTestId('diag-route').textContent).toBe('via proxy http://10.0.0.2:3128');
    expect(panel.textContent).toContain('the proxy’s egress IP');
    // No kind given: every console is listed.
    expect(within(panel).getAllByRole('listitem').length).toBeGreaterThanOrEqual(3);
  });

  it('other errcodes get no whitelist panel', () => {
    setup({}, <ErrorView error={{ ...ipError(), errcode: 40001, ip: undefined, ipv6: undefined, entry: sampleErrcodes[0]! }} />);
    expect(screen.queryByTestId('ip-diagnosis')).toBeNull();
  });
});

describe('rid panel', () => {
  it('decodes the rid’s time, labels it inferred, shows its age and looks it up', async () => {
    const rid = ridAt(START - 2 * HOUR);
    const { user, fake } = setup(
      { profiles: [makeProfile()] },
      <ErrorView error={{ ...ipError(), errcode: 45009, ip: undefined, ipv6: undefined, entry: null, rid }} profileId={profileId(1)} />,
    );
    const panel = screen.getByTestId('rid-panel');
    expect(within(panel).getByTestId('rid-value').textContent).toBe(rid);
    const time = within(panel).getByTestId('rid-time');
    expect(time.querySelector('time')?.getAttribute('datetime')).toBe('2025-01-01T07:00:00.000Z');
    expect(time.textContent).toContain('inferred from the rid');
    expect(within(panel).getByTestId('rid-age').textContent).toBe('2 hours ago');
    expect(within(panel).queryByTestId('rid-expired')).toBeNull();
    expect(fake.callsTo('lookupRid')).toEqual([]);

    await user.click(within(panel).getByTestId('rid-lookup'));
    const result = await within(panel).findByTestId('rid-result');
    expect(fake.callsTo('lookupRid')).toEqual([{ profileId: profileId(1), rid }]);
    expect(within(result).getByTestId('rid-client-ip').textContent).toContain('113.96.70.51');
    expect(within(result).getByTestId('rid-cost').textContent).toBe('30 ms');
    // invoke_time comes in seconds; shown as the minute before "now".
    expect(within(result).getByTestId('rid-invoke-time').querySelector('time')?.getAttribute('datetime')).toBe(
      '2025-01-01T08:59:00.000Z',
    );
    expect(result.textContent).toContain('"errcode": 45009');
    const links = within(panel).getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links).toContain('https://developers.weixin.qq.com/console/devtools/debug?tab=errorDiag');
  });

  it('a rid older than 7 days can no longer be looked up', () => {
    const rid = ridAt(START - 8 * 24 * HOUR);
    setup({}, <ErrorView error={{ ...ipError(), errcode: 45009, rid, entry: null }} profileId={profileId(1)} />);
    const panel = screen.getByTestId('rid-panel');
    expect(within(panel).getByTestId('rid-expired').textContent).toBe(
      'This rid is more than 7 days old: it can no longer be looked up.',
    );
    expect(within(panel).getByTestId('rid-age').textContent).toBe('8 days ago');
    expect(within(panel).queryByTestId('rid-lookup')).toBeNull();
  });

  it('a rid without a time, or without an app to ask with, says so', () => {
    setup({}, <ErrorView error={{ ...ipError(), errcode: 45009, rid: 'abc-123', entry: null }} />);
    expect(screen.getByTestId('rid-time').textContent).toBe('No time can be read from this rid.');
    expect(screen.queryByTestId('rid-age')).toBeNull();
    expect(screen.queryByTestId('rid-lookup')).toBeNull();
    expect(screen.getByTestId('rid-panel').textContent).toContain('Open the app this call belongs to');
  });

  it('a failed lookup is shown without nesting another rid panel', async () => {
    const rid = ridAt(START - HOUR);
    const { user, fake } = setup(
      { profiles: [makeProfile()] },
      <ErrorView error={{ ...ipError(), errcode: 45009, rid, entry: null }} profileId={profileId(1)} />,
    );
    fake.failNext('lookupRid', {
      kind: 'wechat',
      errcode: 76001,
      errmsg: `rid not found rid: ${ridAt(START)}`,
      endpoint: '/cgi-bin/openapi/rid/get',
      rid: ridAt(START),
      entry: null,
    });
    await user.click(screen.getByTestId('rid-lookup'));
    const nested = await screen.findByTestId('rid-lookup-error');
    expect(nested.textContent).toContain('WeChat errcode 76001');
    expect(screen.getAllByTestId('rid-panel')).toHaveLength(1);
  });
});

describe('errors in the app', () => {
  it('a 40164 on the token tab: steps for the app’s kind, retry, and a link to the errcode page', async () => {
    const profile = makeProfile({ kind: 'mini-program' });
    const { user, fake } = setup({ profiles: [profile], secrets: { [profileId(1)]: 'secret-0123456789abcdef' } });
    fake.failNext('getToken', ipError());
    const button = await screen.findByTestId('get-token');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    await user.click(button);

    const panel = await screen.findByTestId('ip-diagnosis');
    expect(within(panel).getByTestId('whitelist-steps').textContent).toContain('开发设置');
    await user.click(within(panel).getByTestId('diag-retry'));
    expect(await screen.findByTestId('token-value')).toBeTruthy();
    expect(fake.callsTo('getToken')).toHaveLength(2);

    fake.failNext('getToken', ipError());
    await user.click(screen.getByTestId('get-token'));
    await user.click(await screen.findByTestId('errcode-link'));
    expect(await screen.findByTestId('errcodes-page')).toBeTruthy();
    expect((screen.getByTestId('errcode-search') as HTMLInputElement).value).toBe('40164');
    const detail = await screen.findByTestId('errcode-detail');
    expect(within(detail).getByRole('heading', { level: 2 }).textContent).toBe('40164');
  });
});

describe('errcode detail', () => {
  it('shows cause and fix in the UI language, or both when asked', async () => {
    const { user } = setup();
    await user.click(screen.getByTestId('nav-errcodes'));
    await user.type(screen.getByTestId('errcode-search'), '40164');
    await user.click(await screen.findByTestId('errcode-result'));
    const cause = screen.getByTestId('errcode-cause');
    expect(cause.textContent).toBe('The calling IP is not on the IP whitelist.');
    await user.click(screen.getByTestId('errcode-both'));
    expect(cause.textContent).toBe('The calling IP is not on the IP whitelist.服务器出口 IP 不在 IP 白名单中。');
    expect(cause.querySelector('[lang="zh-CN"]')?.textContent).toBe('服务器出口 IP 不在 IP 白名单中。');
    expect(screen.getByTestId('errcode-fix').textContent).toContain('在公众平台添加该 IP。');
  });
});
