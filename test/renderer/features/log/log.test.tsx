import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLogPage } from '../../../../src/renderer/features/log/RequestLogPage';
import { buildCurl } from '../../../../src/renderer/features/log/curl';
import type { RequestLogEntry } from '../../../../src/contract';
import { FAKE_APP, FAKE_MINI_APP, setup, type Rig, type SetupOptions } from '../../support/harness';

/** Two apps; every log entry below comes from a real call the core made to the simulator. */
const apps: SetupOptions['apps'] = [
  { app: FAKE_APP, label: 'Prod 公众号' },
  { app: FAKE_MINI_APP, label: 'Shop 小程序' },
];
type Core = Pick<Rig, 'call' | 'fail' | 'profiles' | 'sim'>;

/** `times` calls of one app, in batches so the loopback traffic stays bounded. */
async function repeat(times: number, run: () => Promise<unknown>) {
  for (let done = 0; done < times; done += 10) await Promise.all(Array.from({ length: Math.min(10, times - done) }, run));
}

/**
 * 152 entries: each app's stable_token fetch, 50 getcallbackip of Prod, 50 getcallbackip of Shop
 * that WeChat refuses with 40164, and 50 get_api_domain_ip of Shop.
 */
async function mixedLog({ call, fail, profiles, sim }: Core) {
  const [prod, shop] = profiles;
  await call('getToken', { profileId: prod!.id });
  await call('getToken', { profileId: shop!.id });
  await repeat(50, () => call('callbackIp', { profileId: prod!.id }));
  sim.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/getcallbackip', times: 50 });
  await repeat(50, () => fail('callbackIp', { profileId: shop!.id }));
  await repeat(50, () => call('apiDomainIp', { profileId: shop!.id }));
}

// jsdom lays nothing out: give every element a 480 px box so the virtualizer has a viewport.
beforeEach(() => {
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(480);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(900);
});
afterEach(() => vi.restoreAllMocks());

const rows = () => screen.queryAllByTestId('log-row');

describe('request log', () => {
  it('renders the whole log (the core keeps the newest 1000) without rendering every row, newest first, and scrolls', async () => {
    const { callsTo, call } = await setup(
      {
        apps,
        before: async ({ call, profiles }) => {
          // 1 token fetch and 1004 getcallbackip: the core's ring drops the oldest 5.
          await repeat(1004, () => call('callbackIp', { profileId: profiles[0]!.id }));
        },
      },
      <RequestLogPage />,
    );
    expect((await screen.findByText('1000 calls')).dataset.testid).toBe('log-count');
    const held = await call('requestLog', { limit: 10_000 });
    expect(held).toHaveLength(1000);
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThan(60);
    expect(rows()[0]?.dataset.entryId).toBe(String(held[0]!.id));
    expect(screen.getByTestId('log-scroll').getAttribute('aria-label')).toBe('Logged calls (1000)');
    expect(callsTo('requestLog')[0]).toEqual({ limit: 10_000 });

    // The first row's cells, as the columns promise.
    const first = rows()[0]!;
    expect(first.textContent).toContain('Prod 公众号');
    expect(first.textContent).toContain('/cgi-bin/getcallbackip');
    expect(first.textContent).toContain('GET');

    const scroller = screen.getByTestId('log-scroll');
    scroller.scrollTop = 24 * 500;
    scroller.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(rows().some((r) => r.dataset.entryId === String(held[500]!.id))).toBe(true));
    expect(rows().length).toBeLessThan(60);
  });

  it('filters by app name or appid, endpoint and errcode', async () => {
    const { user } = await setup({ apps, before: mixedLog }, <RequestLogPage />);
    await screen.findByText('152 calls');

    await user.type(screen.getByTestId('log-filter-endpoint'), 'get_api_domain_ip');
    expect(screen.getByTestId('log-count').textContent).toBe('50 of 152 calls');
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().every((r) => r.textContent?.includes('/cgi-bin/get_api_domain_ip'))).toBe(true);
    await user.clear(screen.getByTestId('log-filter-endpoint'));

    await user.type(screen.getByTestId('log-filter-errcode'), '40164');
    expect(screen.getByTestId('log-count').textContent).toBe('50 of 152 calls');
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().every((r) => r.textContent?.includes('40164'))).toBe(true);

    await user.type(screen.getByTestId('log-filter-app'), 'shop');
    // Only Shop's calls were refused.
    expect(screen.getByTestId('log-count').textContent).toBe('50 of 152 calls');
    await user.clear(screen.getByTestId('log-filter-app'));
    await user.type(screen.getByTestId('log-filter-app'), FAKE_APP.appid);
    expect(screen.getByTestId('log-count').textContent).toBe('0 of 152 calls');
    expect(rows()).toHaveLength(0);

    await user.clear(screen.getByTestId('log-filter-errcode'));
    // Prod: its token fetch and its 50 getcallbackip.
    expect(screen.getByTestId('log-count').textContent).toBe('51 of 152 calls');
  });

  it('shows an entry’s detail with its typed error, and copies it as curl with placeholders', async () => {
    const { user, sim } = await setup(
      {
        apps,
        before: async ({ call, fail, profiles, sim }) => {
          const [prod, shop] = profiles;
          sim.scenario.ipNotWhitelisted('203.0.113.9', { path: '/cgi-bin/stable_token', times: 1 });
          await fail('getToken', { profileId: shop!.id });
          await call('getToken', { profileId: prod!.id, lane: 'classic', confirmInvalidate: true });
          await call('callbackIp', { profileId: prod!.id });
          // A gateway's HTML page instead of WeChat: the call ends in a typed network failure.
          sim.scenario.html502({ path: '/cgi-bin/get_api_domain_ip', times: 1 });
          await fail('apiDomainIp', { profileId: prod!.id });
        },
      },
      <RequestLogPage />,
    );
    await screen.findByText('5 calls');
    // Newest first: the 502, getcallbackip, Prod's stable_token, the classic /cgi-bin/token, Shop's refused stable_token.
    expect(rows().map((r) => /\/cgi-bin\/[a-z_]+/.exec(r.textContent ?? '')?.[0])).toEqual([
      '/cgi-bin/get_api_domain_ip',
      '/cgi-bin/getcallbackip',
      '/cgi-bin/stable_token',
      '/cgi-bin/token',
      '/cgi-bin/stable_token',
    ]);
    await user.click(rows()[0]!);
    const failed = within(screen.getByTestId('log-detail')).getByTestId('log-error');
    expect(failed.textContent).toContain('Network failure');
    expect(failed.textContent).toContain('502');

    await user.click(rows()[4]!);
    const detail = screen.getByTestId('log-detail');
    expect(within(detail).getByTestId('log-url').textContent).toBe(`${sim.url}/cgi-bin/stable_token`);
    expect(within(detail).getByTestId('log-request-body').textContent).toContain('"secret": "***"');
    expect(within(detail).getByTestId('log-response').textContent).toContain('"errcode": 40164');
    expect(rows()[4]?.textContent).toContain('40164');

    await user.click(within(detail).getByTestId('copy-curl'));
    const curl = await navigator.clipboard.readText();
    expect(curl).toContain(`curl -sS -X POST "${sim.url}/cgi-bin/stable_token"`);
    expect(curl).toContain(`"secret":"'"\${WX_APPSECRET}"'"`);
    expect(curl).toContain(`"appid":"${FAKE_MINI_APP.appid}"`);
    expect(curl).not.toContain('***');
    expect(curl).not.toContain(FAKE_MINI_APP.secret);
    expect(within(detail).getByTestId('curl-vars').textContent).toBe('Set $WX_APPSECRET before running it.');

    // The classic GET carries the secret in its query string.
    await user.click(rows()[3]!);
    await user.click(within(screen.getByTestId('log-detail')).getByTestId('copy-curl'));
    const classic = await navigator.clipboard.readText();
    expect(classic.startsWith(`curl -sS "${sim.url}/cgi-bin/token?`)).toBe(true);
    expect(classic).toContain(`appid=${FAKE_APP.appid}`);
    expect(classic).toContain('secret=${WX_APPSECRET}');
    expect(classic).not.toContain('***');
    expect(classic).not.toContain(FAKE_APP.secret);

    // Arrow keys move the selection: newest first, so two rows up from the classic call is getcallbackip.
    screen.getByTestId('log-scroll').focus();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByTestId('log-detail').textContent).toContain('/cgi-bin/stable_token');
    await user.keyboard('{ArrowUp}');
    expect(screen.getByTestId('log-detail').textContent).toContain('/cgi-bin/getcallbackip');
    await user.click(within(screen.getByTestId('log-detail')).getByTestId('copy-curl'));
    expect(await navigator.clipboard.readText()).toContain('access_token=${ACCESS_TOKEN}');
  });

  it('exports the JSON the core produced as a file with the core’s filename', async () => {
    const blobs: Blob[] = [];
    const createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:wxcred/1';
    });
    const revokeObjectURL = vi.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const downloads: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download });
    });

    const { user, callsTo, call } = await setup(
      { apps, before: async ({ call, profiles }) => void (await call('apiDomainIp', { profileId: profiles[0]!.id })) },
      <RequestLogPage />,
    );
    await screen.findByText('2 calls');
    await user.click(screen.getByTestId('log-export'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(callsTo('exportRequestLog')).toEqual([{}]);
    const exported = await call('exportRequestLog', {});
    expect(downloads[0]).toEqual({ href: 'blob:wxcred/1', download: exported.filename });
    expect(exported.filename).toMatch(/^wxcred-request-log-2025-01-01.*\.json$/);
    expect(blobs[0]?.type).toBe('application/json');
    const text = await blobs[0]!.text();
    expect(text).toBe(exported.json);
    const parsed = JSON.parse(text) as { count: number; entries: RequestLogEntry[] };
    expect(parsed.count).toBe(2);
    expect(parsed.entries.map((e) => e.endpoint)).toEqual(['/cgi-bin/stable_token', '/cgi-bin/get_api_domain_ip']);
    expect(text).not.toContain(FAKE_APP.secret);
    await waitFor(() => expect(revokeObjectURL).toHaveBeenCalledWith('blob:wxcred/1'));
  });

  it('clears after confirmation, and refreshes itself while open', async () => {
    const { user, callsTo, call, profiles } = await setup(
      { apps, before: async ({ call, profiles }) => void (await repeat(2, () => call('callbackIp', { profileId: profiles[0]!.id }))) },
      <RequestLogPage />,
    );
    await screen.findByText('3 calls');
    await user.click(screen.getByTestId('log-clear'));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('The 3 recorded calls are removed.');
    expect(callsTo('clearRequestLog')).toEqual([]);
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(await screen.findByTestId('log-empty')).toBeTruthy();
    expect(callsTo('clearRequestLog')).toEqual([{}]);
    expect(await call('requestLog', {})).toEqual([]);

    // A call made elsewhere (here: straight to the core) shows up on the next poll (every 2 s), without any click.
    await call('apiDomainIp', { profileId: profiles[0]!.id });
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toBe('1 calls'), { timeout: 3500 });
    expect(rows()[0]?.textContent).toContain('/cgi-bin/get_api_domain_ip');
  });
});

describe('buildCurl', () => {
  it('replaces every sensitive parameter, known or redacted, and quotes for the shell', () => {
    const curl = buildCurl({
      method: 'POST',
      url: 'https://api.weixin.qq.com/sns/jscode2session?appid=wx1&secret=***&js_code=***&grant_type=authorization_code&weird=***',
      requestBody: { cgi_path: "/it's", nested: { refresh_token: 'x' } },
    });
    expect(curl).toContain('secret=${WX_APPSECRET}&js_code=${JS_CODE}&grant_type=authorization_code&weird=${WX_WEIRD}');
    expect(curl).toContain(`"cgi_path":"/it'\\''s"`);
    expect(curl).toContain(`"refresh_token":"'"\${REFRESH_TOKEN}"'"`);
    expect(curl).not.toContain('***');
  });
});
