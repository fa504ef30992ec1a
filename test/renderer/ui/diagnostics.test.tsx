import { cleanup, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ErrorView } from '../../../src/renderer/ui/ErrorView';
import { RID_DIAGNOSIS_URL } from '../../../src/renderer/ui/RidPanel';
import type { WxError } from '../../../src/contract/errors';
import { lookupErrcode } from '../../../src/core/errcodes/index';
import { FAKE_APP, FAKE_MINI_APP, START, setup, type Rig, type SetupOptions, type SimApp } from '../support/harness';

const HOUR = 60 * 60 * 1000;
const entry40164 = lookupErrcode(40164)!;

/** The error a real core call ends in, rendered on its own; `provoke` sets the simulator up and makes the call. */
async function realError(
  provoke: (rig: Rig) => Promise<WxError>,
  view: (error: WxError, rig: Rig) => ReactNode = (error) => <ErrorView error={error} />,
  app: SimApp = FAKE_APP,
  extra: SetupOptions = {},
) {
  let error: WxError | undefined;
  const rig = await setup(
    {
      apps: [{ app }],
      ...extra,
      before: async (core) => {
        error = await provoke(core as Rig);
      },
    },
    (r) => view(error!, r),
  );
  return { rig, error: error! };
}

/** A 40164 for the app's token fetch: WeChat saw 203.0.113.9. */
const refuseToken = ({ sim, fail, profiles }: Rig) => {
  sim.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/stable_token', times: 1 });
  return fail('getToken', { profileId: profiles[0]!.id });
};

/** A 45009 (with its rid) on getcallbackip, made `ago` ms before the page opens. */
const quotaRefusal = (ago: number) => async (rig: Rig) => {
  rig.sim.scenario.quota45009({ path: '/cgi-bin/getcallbackip', times: 1 });
  const error = await rig.fail('callbackIp', { profileId: rig.profiles[0]!.id });
  rig.clock.advance(ago);
  return error;
};
const ridOf = (error: WxError) => (error.kind === 'wechat' ? error.rid! : '');

describe('IP-whitelist diagnosis (40164 / 61004)', () => {
  it('shows the IP in both forms, each copyable, and the 小程序 steps for a mini program', async () => {
    const onRetry = vi.fn();
    const { rig } = await realError(refuseToken, (error) => <ErrorView error={error} appKind="mini-program" onRetry={onRetry} />, FAKE_MINI_APP);
    const { user } = rig;
    const panel = screen.getByTestId('ip-diagnosis');
    expect(within(panel).getByTestId('error-ip').textContent).toContain('203.0.113.9');
    expect(within(panel).getByTestId('error-ipv6').textContent).toContain('::ffff:203.0.113.9');

    const steps = within(panel).getByTestId('whitelist-steps');
    expect(steps.textContent).toContain('开发管理 (Development Management) → 开发设置 (Development Settings) → IP白名单');
    expect(steps.textContent).not.toContain('基本配置');
    expect(within(steps).getByRole('link').getAttribute('href')).toBe('https://mp.weixin.qq.com/');
    expect(within(panel).getByTestId('diag-fix').textContent).toContain(entry40164.fix!.en);
    expect(within(panel).getByTestId('diag-route').textContent).toBe('direct');

    await user.click(within(panel).getByTestId('copy-ipv6'));
    expect(await navigator.clipboard.readText()).toBe('::ffff:203.0.113.9');
    await user.click(within(panel).getByTestId('copy-ip'));
    expect(await navigator.clipboard.readText()).toBe('203.0.113.9');

    await user.click(within(panel).getByTestId('diag-retry'));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('公众号 gets 设置与开发 → 基本配置, 测试号 is told it has no whitelist; 网站应用 the Open Platform; in Chinese too', async () => {
    localStorage.setItem('wxcred.lang', 'zh-CN');
    const { error } = await realError(refuseToken, (e) => <ErrorView error={e} appKind="official-account" />);
    expect(screen.getByTestId('whitelist-steps').textContent).toContain('公众号');
    expect(screen.getByTestId('whitelist-steps').textContent).toContain('设置与开发 → 基本配置 → IP白名单');
    cleanup();
    await setup({}, <ErrorView error={error} appKind="test-account" />);
    expect(screen.queryByTestId('whitelist-steps')).toBeNull();
    expect(screen.getByTestId('whitelist-none').textContent).toContain('测试号没有 IP 白名单');
    expect(screen.getByTestId('error-ip').previousElementSibling?.textContent).toBe('微信看到的 IP');

    cleanup();
    await setup({}, <ErrorView error={error} appKind="website-app" />);
    const steps = screen.getByTestId('whitelist-steps');
    expect(steps.textContent).toContain('网站应用');
    expect(within(steps).getByRole('link').getAttribute('href')).toBe('https://open.weixin.qq.com/');
    expect(steps.textContent).not.toContain('基本配置');
  });

  it('61004 gets the panel too; a proxied call says to whitelist the proxy’s egress IP', async () => {
    await realError(
      ({ sim, fail, profiles }) => {
        sim.route('POST', '/cgi-bin/stable_token', () => ({ errcode: 61004, errmsg: 'access clientip is not registered requestIP: 198.51.100.7' }));
        return fail('getToken', { profileId: profiles[0]!.id });
      },
      // The route is shown as given; a proxied call is what this test wants described.
      (error) => <ErrorView error={{ ...error, route: { kind: 'proxy', proxy: 'http://10.0.0.2:3128', source: 'profile' } } as WxError} />,
    );
    const panel = screen.getByTestId('ip-diagnosis');
    expect(within(panel).getByTestId('error-ip').textContent).toContain('198.51.100.7');
    expect(within(panel).queryByTestId('error-ipv6')).toBeNull();
    expect(within(panel).getByTestId('diag-route').textContent).toBe('via proxy http://10.0.0.2:3128');
    expect(panel.textContent).toContain('the proxy’s egress IP');
    // No kind given: every console is listed.
    expect(within(panel).getAllByRole('listitem').length).toBeGreaterThanOrEqual(3);
  });

  it('other errcodes get no whitelist panel', async () => {
    const { error } = await realError(({ sim, fail, profiles }) => {
      sim.route('POST', '/cgi-bin/stable_token', () => ({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' }));
      return fail('getToken', { profileId: profiles[0]!.id });
    });
    expect(error).toMatchObject({ kind: 'wechat', errcode: 40001 });
    expect(screen.queryByTestId('ip-diagnosis')).toBeNull();
  });
});

describe('rid panel', () => {
  it('decodes the rid’s time, labels it inferred, shows its age and looks it up', async () => {
    const { rig, error } = await realError(quotaRefusal(2 * HOUR), (e, r) => <ErrorView error={e} profileId={r.profiles[0]!.id} />);
    const { user, callsTo, profiles, sim } = rig;
    const rid = ridOf(error);
    const panel = screen.getByTestId('rid-panel');
    expect(within(panel).getByTestId('rid-value').textContent).toBe(rid);
    const time = within(panel).getByTestId('rid-time');
    // The simulator stamps its rids with the time of the call, as WeChat does.
    expect(time.querySelector('time')?.getAttribute('datetime')).toBe(new Date(START).toISOString());
    expect(time.textContent).toContain('inferred from the rid');
    expect(within(panel).getByTestId('rid-age').textContent).toBe('2 hours ago');
    expect(within(panel).queryByTestId('rid-expired')).toBeNull();
    expect(callsTo('lookupRid')).toEqual([]);

    // Offered once the panel knows a token can be had (the getcallbackip call left one cached).
    await user.click(await within(panel).findByTestId('rid-lookup'));
    const result = await within(panel).findByTestId('rid-result');
    expect(callsTo('lookupRid')).toEqual([{ profileId: profiles[0]!.id, rid }]);
    expect(sim.requests.filter((r) => r.path === '/cgi-bin/openapi/rid/get').map((r) => r.body)).toEqual([{ rid }]);
    expect(within(result).getByTestId('rid-client-ip').textContent).toContain('127.0.0.1');
    expect(within(result).getByTestId('rid-cost').textContent).toBe('3 ms');
    // invoke_time comes in seconds: the moment of the refused call.
    expect(within(result).getByTestId('rid-invoke-time').querySelector('time')?.getAttribute('datetime')).toBe(new Date(START).toISOString());
    expect(result.textContent).toContain('"errcode": 45009');
    // WeChat echoes the request it recorded; the token in it never reaches the page.
    expect(result.textContent).not.toMatch(/access_token=(?!\*\*\*)[A-Za-z0-9_]/);
    const links = within(panel).getAllByRole('link').map((a) => a.getAttribute('href'));
    expect(links).toContain('https://developers.weixin.qq.com/console/devtools/debug?tab=errorDiag');
  });

  it('a rid older than 7 days can no longer be looked up', async () => {
    await realError(quotaRefusal(8 * 24 * HOUR), (e, r) => <ErrorView error={e} profileId={r.profiles[0]!.id} />);
    const panel = screen.getByTestId('rid-panel');
    expect(within(panel).getByTestId('rid-expired').textContent).toBe(
      'This rid is more than 7 days old: it can no longer be looked up.',
    );
    expect(within(panel).getByTestId('rid-age').textContent).toBe('8 days ago');
    expect(within(panel).queryByTestId('rid-lookup')).toBeNull();
  });

  it('a rid without a time, or without an app to ask with, says so', async () => {
    // WeChat's own rids always carry a time; older or foreign formats may not.
    await setup({}, <ErrorView error={{ kind: 'wechat', errcode: 45009, errmsg: 'reach max api daily quota limit rid: abc-123', endpoint: '/cgi-bin/getcallbackip', rid: 'abc-123', entry: null }} />);
    expect(screen.getByTestId('rid-time').textContent).toBe('No time can be read from this rid.');
    expect(screen.queryByTestId('rid-age')).toBeNull();
    expect(screen.queryByTestId('rid-lookup')).toBeNull();
    expect(screen.getByTestId('rid-panel').textContent).toContain('Open the app this call belongs to');
  });

  it('a failed token fetch: no Look up (it would spend another stable_token call on the same error), why, and WeChat’s tool', async () => {
    const { rig, error } = await realError(refuseToken, (e, r) => <ErrorView error={e} profileId={r.profiles[0]!.id} />);
    expect(error.kind === 'wechat' && error.endpoint).toBe('/cgi-bin/stable_token');
    const panel = screen.getByTestId('rid-panel');
    const why = await within(panel).findByTestId('rid-no-lookup');
    expect(why.dataset.reason).toBe('tokenFailed');
    expect(why.textContent).toContain('fetching it is the call that just failed');
    expect(within(why).getByRole('link').getAttribute('href')).toBe(RID_DIAGNOSIS_URL);
    expect(within(why).getByRole('link').textContent).toContain('工具箱 → API 报错诊断');
    expect(within(panel).queryByTestId('rid-lookup')).toBeNull();
    expect(rig.sim.calls('/cgi-bin/stable_token')).toBe(1);
    expect(rig.callsTo('lookupRid')).toEqual([]);
  });

  it('a failed token fetch on another lane is looked up with the stable token already cached', async () => {
    const { rig } = await realError(
      async ({ sim, call, fail, profiles }) => {
        await call('getToken', { profileId: profiles[0]!.id });
        sim.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/token', times: 1 });
        return fail('getToken', { profileId: profiles[0]!.id, lane: 'classic', confirmInvalidate: true });
      },
      (e, r) => <ErrorView error={e} profileId={r.profiles[0]!.id} />,
    );
    const lookup = await screen.findByTestId('rid-lookup');
    expect(screen.queryByTestId('rid-no-lookup')).toBeNull();
    await rig.user.click(lookup);
    expect(await screen.findByTestId('rid-result')).toBeTruthy();
    // The cached stable token asked: no token fetch of its own.
    expect(rig.sim.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('a /sns/ call’s rid: rid/get does not cover it, so no Look up; WeChat’s tool instead', async () => {
    const { rig, error } = await realError(
      ({ fail, profiles }) => fail('exchangeOAuthCode', { profileId: profiles[0]!.id, code: '001NotIssuedByWeChat' }),
      (e, r) => <ErrorView error={e} profileId={r.profiles[0]!.id} />,
    );
    expect(error.kind === 'wechat' && error.endpoint).toBe('/sns/oauth2/access_token');
    const why = await within(screen.getByTestId('rid-panel')).findByTestId('rid-no-lookup');
    expect(why.dataset.reason).toBe('sns');
    expect(why.textContent).toContain('76022 or 76001');
    expect(within(why).getByRole('link').getAttribute('href')).toBe(RID_DIAGNOSIS_URL);
    expect(screen.queryByTestId('rid-lookup')).toBeNull();
    expect(rig.callsTo('lookupRid')).toEqual([]);
  });

  it('no AppSecret stored and no token cached: no Look up, and what would make it possible', async () => {
    const { rig } = await realError(
      async (r) => {
        const error = await quotaRefusal(HOUR)(r);
        await r.call('deleteSecret', { profileId: r.profiles[0]!.id });
        return error;
      },
      (e, r) => <ErrorView error={e} profileId={r.profiles[0]!.id} />,
    );
    const why = await within(screen.getByTestId('rid-panel')).findByTestId('rid-no-lookup');
    expect(why.dataset.reason).toBe('noSecret');
    expect(why.textContent).toContain('no stored AppSecret can be read');
    expect(screen.queryByTestId('rid-lookup')).toBeNull();
    expect(rig.callsTo('lookupRid')).toEqual([]);
  });

  it('a failed lookup is shown without nesting another rid panel', async () => {
    const { rig } = await realError(quotaRefusal(HOUR), (e, r) => <ErrorView error={e} profileId={r.profiles[0]!.id} />);
    // WeChat no longer knows the rid: rid/get answers 76001 with a rid of its own.
    rig.sim.account.rids.clear();
    await rig.user.click(await screen.findByTestId('rid-lookup'));
    const nested = await screen.findByTestId('rid-lookup-error');
    expect(nested.textContent).toContain('WeChat errcode 76001');
    expect(screen.getAllByTestId('rid-panel')).toHaveLength(1);
  });
});

describe('errors in the app', () => {
  it('a 40164 on the token tab: steps for the app’s kind, retry, and a link to the errcode page', async () => {
    const { user, callsTo, sim, clock } = await setup({ apps: [{ app: FAKE_MINI_APP }] });
    sim.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/stable_token', times: 1 });
    const button = await screen.findByTestId('get-token');
    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    await user.click(button);

    const panel = await screen.findByTestId('ip-diagnosis');
    expect(within(panel).getByTestId('whitelist-steps').textContent).toContain('开发设置');
    await user.click(within(panel).getByTestId('diag-retry'));
    expect(await screen.findByTestId('token-value')).toBeTruthy();
    expect(callsTo('getToken')).toHaveLength(2);
    expect(sim.calls('/cgi-bin/stable_token')).toBe(2);

    // Once that token has expired, the next fetch is refused again.
    clock.advance(121 * 60 * 1000);
    sim.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/stable_token', times: 1 });
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
    const { user } = await setup();
    await user.click(screen.getByTestId('nav-errcodes'));
    await user.type(screen.getByTestId('errcode-search'), '40164');
    // The table relates 61004 and 89503 to 40164, so they are listed too; 40164 comes first.
    const [first] = await screen.findAllByTestId('errcode-result');
    expect(first?.textContent).toBe('40164invalid ip, not in whitelist');
    await user.click(first!);
    const cause = screen.getByTestId('errcode-cause');
    expect(cause.textContent).toBe(entry40164.cause!.en);
    await user.click(screen.getByTestId('errcode-both'));
    expect(cause.textContent).toBe(entry40164.cause!.en + entry40164.cause!.zh);
    expect(cause.querySelector('[lang="zh-CN"]')?.textContent).toBe(entry40164.cause!.zh);
    expect(screen.getByTestId('errcode-fix').textContent).toContain(entry40164.fix!.zh);
  });
});
