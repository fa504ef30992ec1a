import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestLogPage } from '../../../../src/renderer/features/log/RequestLogPage';
import { buildCurl } from '../../../../src/renderer/features/log/curl';
import type { RequestLogEntry } from '../../../../src/contract';
import { makeProfile, profileId, sampleErrcodes } from '../../support/fakeBridge';
import { setup } from '../../support/harness';

const START = Date.UTC(2025, 0, 1, 9, 0, 0);
const APPID = 'wx0123456789abcdef';
const OTHER = 'wxfedcba9876543210';
const SECRET = 'secret-0123456789abcdef';

/** A log the way main records it: secrets already replaced by ***. */
function entry(id: number, overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  const kind = id % 4;
  const classic = kind === 1;
  return {
    id,
    at: START - (10_000 - id) * 1000,
    appid: id % 2 === 0 ? APPID : OTHER,
    endpoint: classic ? '/cgi-bin/token' : kind === 2 ? '/cgi-bin/getcallbackip' : '/cgi-bin/stable_token',
    method: classic || kind === 2 ? 'GET' : 'POST',
    url: classic
      ? `https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=${OTHER}&secret=***`
      : kind === 2
        ? 'https://api.weixin.qq.com/cgi-bin/getcallbackip?access_token=***'
        : 'https://api.weixin.qq.com/cgi-bin/stable_token',
    requestBody: classic || kind === 2 ? null : { grant_type: 'client_credential', appid: APPID, secret: '***', force_refresh: false },
    status: 200,
    durationMs: 40 + (id % 17),
    route: { kind: 'direct' },
    response: kind === 3 ? { errcode: 40164, errmsg: 'invalid ip 203.0.113.9, not in whitelist' } : { access_token: 'ACCE…WXYZ (len 136)', expires_in: 7200 },
    errcode: kind === 3 ? 40164 : null,
    error:
      kind === 3
        ? {
            kind: 'wechat',
            errcode: 40164,
            errmsg: 'invalid ip 203.0.113.9, not in whitelist',
            endpoint: '/cgi-bin/stable_token',
            ip: '203.0.113.9',
            route: { kind: 'direct' },
            entry: sampleErrcodes[1]!,
          }
        : null,
    ...overrides,
  };
}

const manyEntries = (n: number) => Array.from({ length: n }, (_, i) => entry(i + 1));
const profiles = [makeProfile(), makeProfile({ id: profileId(2), appid: OTHER, label: 'Shop 小程序', kind: 'mini-program' })];

// jsdom lays nothing out: give every element a 480 px box so the virtualizer has a viewport.
beforeEach(() => {
  vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(480);
  vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(900);
});
afterEach(() => vi.restoreAllMocks());

const rows = () => screen.queryAllByTestId('log-row');

describe('request log', () => {
  it('renders 10,000 entries without rendering 10,000 rows, newest first, and scrolls', async () => {
    const { fake } = setup({ profiles, requestLog: manyEntries(10_000) }, <RequestLogPage />);
    expect((await screen.findByText('10000 calls')).dataset.testid).toBe('log-count');
    await waitFor(() => expect(rows().length).toBeGreaterThan(0));
    expect(rows().length).toBeLessThan(60);
    expect(rows()[0]?.dataset.entryId).toBe('10000');
    expect(screen.getByTestId('log-scroll').getAttribute('aria-label')).toBe('Logged calls (10000)');
    expect(fake.callsTo('requestLog')[0]).toEqual({ limit: 10_000 });

    // The first row's cells, as the columns promise.
    const first = rows()[0]!;
    expect(first.textContent).toContain('Prod 公众号');
    expect(first.textContent).toContain('/cgi-bin/stable_token');
    expect(first.textContent).toContain('POST');

    const scroller = screen.getByTestId('log-scroll');
    scroller.scrollTop = 24 * 5000;
    scroller.dispatchEvent(new Event('scroll'));
    await waitFor(() => expect(rows().some((r) => r.dataset.entryId === '5000')).toBe(true));
    expect(rows().length).toBeLessThan(60);
  });

  it('filters by app name or appid, endpoint and errcode', async () => {
    const { user } = setup({ profiles, requestLog: manyEntries(200) }, <RequestLogPage />);
    await screen.findByText('200 calls');

    await user.type(screen.getByTestId('log-filter-endpoint'), '/cgi-bin/token');
    expect(screen.getByTestId('log-count').textContent).toBe('50 of 200 calls');
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().every((r) => r.textContent?.includes('/cgi-bin/token'))).toBe(true);
    await user.clear(screen.getByTestId('log-filter-endpoint'));

    await user.type(screen.getByTestId('log-filter-errcode'), '40164');
    expect(screen.getByTestId('log-count').textContent).toBe('50 of 200 calls');
    expect(rows().length).toBeGreaterThan(0);
    expect(rows().every((r) => r.textContent?.includes('40164'))).toBe(true);

    await user.type(screen.getByTestId('log-filter-app'), 'shop');
    // errcode 40164 entries are id % 4 === 3, all odd ids: all belong to the Shop app.
    expect(screen.getByTestId('log-count').textContent).toBe('50 of 200 calls');
    await user.clear(screen.getByTestId('log-filter-app'));
    await user.type(screen.getByTestId('log-filter-app'), APPID);
    expect(screen.getByTestId('log-count').textContent).toBe('0 of 200 calls');
    expect(rows()).toHaveLength(0);

    await user.clear(screen.getByTestId('log-filter-errcode'));
    expect(screen.getByTestId('log-count').textContent).toBe('100 of 200 calls');
  });

  it('shows an entry’s detail with its typed error, and copies it as curl with placeholders', async () => {
    const { user } = setup({ profiles, requestLog: manyEntries(8) }, <RequestLogPage />);
    await screen.findByText('8 calls');
    // id 7: stable_token POST with a 40164.
    await user.click(rows().find((r) => r.dataset.entryId === '7')!);
    const detail = screen.getByTestId('log-detail');
    expect(within(detail).getByTestId('log-url').textContent).toBe('https://api.weixin.qq.com/cgi-bin/stable_token');
    expect(within(detail).getByTestId('log-request-body').textContent).toContain('"secret": "***"');
    expect(within(detail).getByTestId('log-response').textContent).toContain('"errcode": 40164');
    const error = within(detail).getByTestId('log-error');
    expect(error.textContent).toContain('WeChat errcode 40164');
    // The entry's app is a mini program: the whitelist steps follow it.
    expect(within(error).getByTestId('whitelist-steps').textContent).toContain('开发设置');

    await user.click(within(detail).getByTestId('copy-curl'));
    const curl = await navigator.clipboard.readText();
    expect(curl).toContain('curl -sS -X POST "https://api.weixin.qq.com/cgi-bin/stable_token"');
    expect(curl).toContain(`"secret":"'"\${WX_APPSECRET}"'"`);
    expect(curl).toContain(`"appid":"${APPID}"`);
    expect(curl).not.toContain('***');
    expect(curl).not.toContain(SECRET);
    expect(within(detail).getByTestId('curl-vars').textContent).toBe('Set $WX_APPSECRET before running it.');

    // id 5: classic GET, secret in the query string.
    await user.click(rows().find((r) => r.dataset.entryId === '5')!);
    await user.click(within(screen.getByTestId('log-detail')).getByTestId('copy-curl'));
    const classic = await navigator.clipboard.readText();
    expect(classic).toBe(
      `curl -sS "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=${OTHER}&secret=\${WX_APPSECRET}"`,
    );

    // Arrow keys move the selection: newest first, so one row up from 5 is 6, a getcallbackip.
    screen.getByTestId('log-scroll').focus();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByTestId('log-detail').textContent).toContain('/cgi-bin/getcallbackip');
    await user.click(within(screen.getByTestId('log-detail')).getByTestId('copy-curl'));
    expect(await navigator.clipboard.readText()).toContain('access_token=${ACCESS_TOKEN}');
  });

  it('exports the JSON main produced as a file with main’s filename', async () => {
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

    const { user, fake } = setup({ profiles, requestLog: manyEntries(3) }, <RequestLogPage />);
    await screen.findByText('3 calls');
    await user.click(screen.getByTestId('log-export'));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(fake.callsTo('exportRequestLog')).toEqual([{}]);
    expect(downloads[0]).toEqual({ href: 'blob:wxcred/1', download: 'wxcred-request-log-2025-01-01.json' });
    expect(blobs[0]?.type).toBe('application/json');
    const text = await blobs[0]!.text();
    const parsed = JSON.parse(text) as { count: number; entries: RequestLogEntry[] };
    expect(parsed.count).toBe(3);
    expect(parsed.entries.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(text).not.toContain(SECRET);
    await waitFor(() => expect(revokeObjectURL).toHaveBeenCalledWith('blob:wxcred/1'));
  });

  it('clears after confirmation, and refreshes itself while open', async () => {
    const { user, fake } = setup({ profiles, requestLog: manyEntries(3) }, <RequestLogPage />);
    await screen.findByText('3 calls');
    await user.click(screen.getByTestId('log-clear'));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('The 3 recorded calls are removed.');
    expect(fake.callsTo('clearRequestLog')).toEqual([]);
    await user.click(within(dialog).getByTestId('confirm-ok'));
    expect(await screen.findByTestId('log-empty')).toBeTruthy();
    expect(fake.callsTo('clearRequestLog')).toEqual([{}]);

    // A call made elsewhere shows up on the next poll (every 2 s), without any click.
    fake.record(entry(42));
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toBe('1 calls'), { timeout: 3500 });
    expect(rows()[0]?.dataset.entryId).toBe('42');
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
