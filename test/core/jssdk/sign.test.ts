/** The signature as WeChat computes it, card signatures, and each known mistake the diagnosis must name. */
import { describe, expect, it } from 'vitest';
import { checkDomain, diagnose, diffMarks, type DiagnoseInput } from '../../../src/core/jssdk/diagnose';
import { parsePasted } from '../../../src/core/jssdk/pasted';
import { cardSign, jssdkSign, parseString1, sha1 } from '../../../src/core/jssdk/sign';

// JS-SDK 附录1, word for word.
const EXAMPLE = {
  ticket: 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg',
  noncestr: 'Wm3WZYTPz0wzccnW',
  timestamp: '1414587457',
  url: 'http://mp.weixin.qq.com?params=value',
};

describe('jssdkSign', () => {
  it("reproduces WeChat's published example (附录1)", () => {
    const { string1, signature } = jssdkSign(EXAMPLE);
    expect(string1).toBe(
      'jsapi_ticket=sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457&url=http://mp.weixin.qq.com?params=value',
    );
    expect(signature).toBe('0f9de62fce790f9a083d5c99e95740ceb90c27ed');
  });

  it('reads a string1 back into its fields, the url keeping its own & and =', () => {
    const { string1 } = jssdkSign({ ...EXAMPLE, url: 'https://a.example/p?x=1&y=2' });
    expect(parseString1(string1)).toEqual({ ...EXAMPLE, url: 'https://a.example/p?x=1&y=2' });
    expect(parseString1('noncestr=a&jsapi_ticket=b')).toBeNull();
  });
});

describe('cardSign (附录4)', () => {
  it("addCard: the values sorted as strings and joined, as in WeChat's example", () => {
    const result = cardSign('addCard', {
      ticket: 'ojZ8YtyVyr30HheH3CM73y7h4jJE',
      appId: '',
      timestamp: '1404896688',
      nonceStr: '123',
      cardId: 'pjZ8Yt1XGILfi-FUsewpnnolGgZk',
      code: '1434008071',
      openid: '',
      balance: '',
      shopId: '',
      cardType: '',
    });
    expect(result.string1).toBe('12314048966881434008071ojZ8YtyVyr30HheH3CM73y7h4jJEpjZ8Yt1XGILfi-FUsewpnnolGgZk');
    expect(result.signature).toBe(sha1(result.string1));
    expect(result.sorted).toEqual(['123', '1404896688', '1434008071', 'ojZ8YtyVyr30HheH3CM73y7h4jJE', 'pjZ8Yt1XGILfi-FUsewpnnolGgZk']);
  });

  it('chooseCard signs the appid, location (shop), card type and card id, not code or openid', () => {
    const fields = { ticket: 'TICKETxyz', appId: 'wx0123456789abcdef', timestamp: '1573537940', nonceStr: 'n0nce', cardId: '', code: 'C1', openid: 'O1', balance: '', shopId: '0', cardType: 'GROUPON' };
    const result = cardSign('chooseCard', fields);
    expect(result.sorted).toEqual(['0', '1573537940', 'GROUPON', 'TICKETxyz', 'n0nce', 'wx0123456789abcdef']);
    expect(result.string1).not.toContain('C1');
  });
});

describe('parsePasted', () => {
  it('reads a wx.config({...}) call as it is in page source, never evaluating it', () => {
    const pasted = parsePasted(`wx.config({ debug: true, appId: 'wx0123456789abcdef', timestamp: 1414587457, nonceStr: "Wm3W", signature: '0f9d', jsApiList: ['a'] })`);
    expect(pasted).toEqual({ appId: 'wx0123456789abcdef', timestamp: '1414587457', nonceStr: 'Wm3W', signature: '0f9d', url: undefined, nonceKeyMisspelt: false });
  });
  it("reads the devtools snippet's JSON line, url included", () => {
    const line = JSON.stringify({ url: 'https://a.example/x', href: 'https://a.example/x#/y', config: { appId: 'wxa', timestamp: '1', nonceStr: 'n', signature: 's' } });
    expect(parsePasted(line)).toMatchObject({ url: 'https://a.example/x', appId: 'wxa', timestamp: '1', nonceStr: 'n', signature: 's' });
  });
  it('notices noncestr spelt in lower case, which wx.config does not read', () => {
    expect(parsePasted('{appId:"wxa", timestamp:"1", noncestr:"n", signature:"s"}')).toMatchObject({ nonceStr: '', nonceKeyMisspelt: true });
  });
});

describe('diffMarks', () => {
  it('marks only the characters that differ', () => {
    expect(diffMarks('url=https://a.example/p', 'url=http://a.example/p/')).toEqual({ a: [[8, 9]], b: [[22, 23]] });
    expect(diffMarks('same', 'same')).toEqual({ a: [], b: [] });
  });
});

describe('checkDomain (JS接口安全域名)', () => {
  it('a page on a plain host: register the host, nothing else', () => {
    expect(checkDomain('https://www.example.com/a?b=1', undefined)).toEqual({ host: 'www.example.com', register: 'www.example.com', problems: [], registered: null });
  });
  it('IP addresses, ports and localhost cannot be registered', () => {
    expect(checkDomain('http://192.168.1.2:8080/', undefined)).toMatchObject({ register: null, problems: ['ip-address', 'port'] });
    expect(checkDomain('http://localhost/', undefined)).toMatchObject({ register: null, problems: ['localhost'] });
  });
  it('what was entered: a domain only — no scheme, no port, no path — and the page host', () => {
    expect(checkDomain('https://m.example.com/', 'https://m.example.com:443/mp')?.registered).toEqual({
      value: 'https://m.example.com:443/mp',
      problems: ['scheme', 'port', 'path'],
    });
    expect(checkDomain('https://m.example.com/', 'other.example.com')?.registered?.problems).toEqual(['mismatch']);
    expect(checkDomain('https://m.example.com/', 'm.example.com')?.registered?.problems).toEqual([]);
  });
});

const CURRENT = 'CURRENTticket_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const PREVIOUS = 'PREVIOUSticket_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345678';
const OTHER = 'OTHERAPPticket_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345678';
const APPID = 'wx0123456789abcdef';

/** A page at `url` whose server signed `signedUrl` (and maybe other values): what does the diagnosis say? */
function page(url: string, signed: Partial<{ url: string; ticket: string; noncestr: string; timestamp: string }> = {}, extra: Partial<DiagnoseInput> = {}) {
  const nonceStr = extra.nonceStr ?? 'n0nce';
  const timestamp = extra.timestamp ?? '1700000000';
  const signature = jssdkSign({
    ticket: signed.ticket ?? CURRENT,
    noncestr: signed.noncestr ?? nonceStr,
    timestamp: signed.timestamp ?? timestamp,
    url: signed.url ?? url.split('#')[0] ?? url,
  }).signature;
  return diagnose({
    url,
    appId: APPID,
    expectedAppId: APPID,
    nonceStr,
    timestamp,
    signature,
    tickets: { current: CURRENT, previous: PREVIOUS, others: [{ appid: 'wxfedcba9876543210', ticket: OTHER }] },
    ...extra,
  });
}

describe('diagnose: one case per known mistake', () => {
  it('a right signature is "exact"', () => {
    const d = page('https://www.example.com/shop?id=1#/cart');
    expect(d.match).toBe('exact');
    expect(d.url).toBe('https://www.example.com/shop?id=1');
    expect(d.diff).toBeNull();
  });
  it('the #fragment left in', () => {
    expect(page('https://www.example.com/shop?id=1#/cart', { url: 'https://www.example.com/shop?id=1#/cart' }).match).toBe('fragment');
  });
  it('the URL signed URL-encoded', () => {
    expect(page('https://www.example.com/shop?id=1', { url: encodeURIComponent('https://www.example.com/shop?id=1') }).match).toBe('url-encoded');
  });
  it('the URL signed decoded', () => {
    expect(page('https://www.example.com/s?q=%E4%B8%AD', { url: 'https://www.example.com/s?q=中' }).match).toBe('url-decoded');
  });
  it('http vs https', () => {
    const d = page('https://www.example.com/shop', { url: 'http://www.example.com/shop' });
    expect(d.match).toBe('scheme');
    expect(d.tried.find((t) => t.cause === 'scheme')?.url).toBe('http://www.example.com/shop');
  });
  it('a trailing slash', () => {
    expect(page('https://www.example.com/shop', { url: 'https://www.example.com/shop/' }).match).toBe('trailing-slash');
    expect(page('http://mp.weixin.qq.com?params=value', { url: 'http://mp.weixin.qq.com/?params=value' }).match).toBe('trailing-slash');
  });
  it('www vs the bare host', () => {
    expect(page('https://example.com/shop', { url: 'https://www.example.com/shop' }).match).toBe('www');
  });
  it('share parameters WeChat appended (from=singlemessage, isappinstalled=0)', () => {
    const url = 'https://www.example.com/shop?id=1&from=singlemessage&isappinstalled=0';
    expect(page(url, { url: 'https://www.example.com/shop?id=1' }).match).toBe('share-params');
    expect(page('https://www.example.com/a?from=timeline', { url: 'https://www.example.com/a' }).match).toBe('share-params');
  });
  it('timestamp in milliseconds on the page, seconds on the server', () => {
    expect(page('https://www.example.com/', { timestamp: '1700000000' }, { timestamp: '1700000000123' }).match).toBe('timestamp-ms');
  });
  it('a nonceStr that differs from the signed noncestr (server string1 pasted)', () => {
    const signedString1 = jssdkSign({ ticket: CURRENT, noncestr: 'SERVERnonce', timestamp: '1700000000', url: 'https://www.example.com/' }).string1;
    const d = page('https://www.example.com/', { noncestr: 'SERVERnonce' }, { string1: signedString1 });
    expect(d.match).toBe('noncestr');
  });
  it('a nonceStr that wx.config never got (key spelt noncestr)', () => {
    expect(page('https://www.example.com/', { noncestr: 'n0nce' }, { nonceStr: '', nonceKeyMisspelt: true }).match).toBe('noncestr');
  });
  it('a stale ticket (the previous one)', () => {
    expect(page('https://www.example.com/', { ticket: PREVIOUS }).match).toBe('stale-ticket');
  });
  it("another app's ticket", () => {
    expect(page('https://www.example.com/', { ticket: OTHER }).match).toBe('other-ticket');
  });
  it("another app's appId in wx.config", () => {
    expect(page('https://www.example.com/', {}, { appId: 'wxfedcba9876543210' }).match).toBe('other-app');
  });
  it('uppercase hex', () => {
    const right = jssdkSign({ ticket: CURRENT, noncestr: 'n0nce', timestamp: '1700000000', url: 'https://www.example.com/' }).signature;
    expect(page('https://www.example.com/', {}, { signature: right.toUpperCase() }).match).toBe('uppercase-hex');
  });
  it('an SPA route change: iOS signed the landing URL, the page is now on another route', () => {
    const d = page('https://www.example.com/app/orders', { url: 'https://www.example.com/app/home?x=1' }, { landingUrl: 'https://www.example.com/app/home?x=1' });
    expect(d.match).toBe('spa-route');
    expect(d.fix).toMatch(/iOS/);
  });
  it('nothing matches: both string1s side by side, the differing characters marked', () => {
    const serverString1 = jssdkSign({ ticket: CURRENT, noncestr: 'n0nce', timestamp: '1700000000', url: 'https://www.example.com/shopping' }).string1;
    const d = page('https://www.example.com/shop', { url: 'https://www.example.com/shopping' }, { string1: serverString1 });
    expect(d.match).toBeNull();
    expect(d.diff).toMatchObject({ comparedSource: 'pasted', expected: d.expectedString1, compared: serverString1 });
    expect(d.diff?.expectedMarks).toEqual([]);
    const [mark] = d.diff?.comparedMarks ?? [];
    expect(mark && serverString1.slice(mark[0], mark[1])).toBe('ping');
    expect(d.tried.map((t) => t.cause)).toEqual(expect.arrayContaining(['exact', 'url-encoded', 'scheme', 'trailing-slash', 'www', 'spa-route', 'stale-ticket', 'other-ticket']));
  });
});
