/** The pure helpers the renderer shares with main: the authorize URL and reading a pasted code. */
import { describe, expect, it } from 'vitest';
import { buildAuthorizeUrl, generateState, matchState, parseCodeInput, scopesFor, type AuthorizeInput } from '../../src/contract/oauthUrl';

const APPID = 'wx0123456789abcdef';
const base: AuthorizeInput = { appid: APPID, kind: 'official-account', redirectUri: 'https://example.com/cb', scope: 'snsapi_base', state: 'abc' };

function built(input: Partial<AuthorizeInput> = {}) {
  const result = buildAuthorizeUrl({ ...base, ...input });
  if (!result.ok) throw new Error(`expected a URL, got ${result.problem.path}: ${result.problem.message}`);
  return result.value;
}

function problemOf(input: Partial<AuthorizeInput>) {
  const result = buildAuthorizeUrl({ ...base, ...input });
  if (result.ok) throw new Error(`expected a problem, got ${result.value.url}`);
  return result.problem;
}

describe('buildAuthorizeUrl', () => {
  it('builds the 网页授权 URL with the parameters in the documented order', () => {
    const url = built({ scope: 'snsapi_userinfo', state: 'STATE' });
    expect(url.url).toBe(
      'https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx0123456789abcdef&redirect_uri=https%3A%2F%2Fexample.com%2Fcb' +
        '&response_type=code&scope=snsapi_userinfo&state=STATE#wechat_redirect',
    );
    expect(url).toMatchObject({ state: 'STATE', scope: 'snsapi_userinfo', flow: 'oauth2', codeLifetimeMs: 300_000 });
  });

  it('builds the qrconnect URL for a 网站应用, with a 10-minute code lifetime', () => {
    const url = built({ kind: 'website-app', scope: 'snsapi_login', state: 'x' });
    expect(url.url).toMatch(/^https:\/\/open\.weixin\.qq\.com\/connect\/qrconnect\?appid=wx0123456789abcdef&redirect_uri=.*&response_type=code&scope=snsapi_login&state=x#wechat_redirect$/);
    expect(url).toMatchObject({ flow: 'qrconnect', codeLifetimeMs: 600_000 });
  });

  it('encodes a redirect_uri with a query and unicode exactly once', () => {
    const redirectUri = 'https://例子.cn/回调?from=wx&next=/a%2Fb#/page';
    const url = built({ redirectUri });
    const encoded = /redirect_uri=([^&]+)&/.exec(url.url)?.[1] ?? '';
    expect(encoded).toBe(encodeURIComponent(redirectUri));
    expect(encoded).toContain('%3Ffrom%3Dwx%26next%3D%2Fa%252Fb%23%2Fpage');
    expect(encoded).toContain('%E4%BE%8B%E5%AD%90.cn'); // UTF-8, not punycode: the URI as typed
    expect(decodeURIComponent(encoded)).toBe(redirectUri);
    // The query WeChat parses holds the URI intact.
    expect(new URL(url.url).searchParams.get('redirect_uri')).toBe(redirectUri);
  });

  it.each([
    ['not absolute', '/cb', /absolute http/],
    ['not http(s)', 'ftp://example.com/cb', /http:\/\/ or https:\/\//],
    ['javascript:', 'javascript:alert(1)', /http/],
    ['already encoded', 'https%3A%2F%2Fexample.com%2Fcb', /already URL-encoded/],
    ['empty', '  ', /redirect_uri/],
    ['holding a space', 'https://example.com/a b', /spaces/],
  ])('rejects a redirect_uri that is %s', (_what, redirectUri, message) => {
    const problem = problemOf({ redirectUri });
    expect(problem.path).toBe('redirectUri');
    expect(problem.message).toMatch(message);
  });

  it('generates a random URL-safe state when none is given, within 128 bytes', () => {
    const a = built({ state: undefined });
    const b = built({ state: '' });
    expect(a.state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(b.state).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.state).not.toBe(b.state);
    expect(a.url).toContain(`&state=${a.state}#wechat_redirect`);
    expect(generateState(() => new Uint8Array(24))).toBe('A'.repeat(32));
  });

  it('accepts a 128-byte state and refuses 129 bytes or unsafe characters', () => {
    expect(built({ state: 'a'.repeat(128) }).state).toHaveLength(128);
    expect(problemOf({ state: 'a'.repeat(129) })).toMatchObject({ path: 'state', message: expect.stringMatching(/128 bytes/) });
    expect(problemOf({ state: 'a b' })).toMatchObject({ path: 'state' });
    expect(problemOf({ state: 'a&b=c' })).toMatchObject({ path: 'state' });
  });

  it('fits the scope to the app kind', () => {
    expect(scopesFor('official-account')).toEqual(['snsapi_base', 'snsapi_userinfo']);
    expect(scopesFor('test-account')).toEqual(['snsapi_base', 'snsapi_userinfo']);
    expect(scopesFor('website-app')).toEqual(['snsapi_login']);
    expect(scopesFor('mini-program')).toEqual([]);
    expect(built({ kind: 'test-account', scope: 'snsapi_userinfo' }).flow).toBe('oauth2');
    expect(problemOf({ scope: 'snsapi_login' })).toMatchObject({ path: 'scope', message: expect.stringMatching(/snsapi_base or snsapi_userinfo/) });
    expect(problemOf({ kind: 'website-app', scope: 'snsapi_userinfo' })).toMatchObject({ path: 'scope', message: expect.stringMatching(/snsapi_login/) });
  });

  it('says clearly that a mini-program has no web OAuth', () => {
    const problem = problemOf({ kind: 'mini-program', scope: 'snsapi_base' });
    expect(problem.path).toBe('kind');
    expect(problem.message).toMatch(/mini-program has no web OAuth.*wx\.login\(\) and jscode2session/);
  });

  it('checks the appid', () => {
    expect(problemOf({ appid: 'wxNOPE' }).path).toBe('appid');
  });
});

describe('parseCodeInput', () => {
  const CODE = '061AbCdEfGhIjK2lMnOpQr3sTuVw4xYz';

  it.each([
    ['a bare code', CODE, null],
    ['a bare code with whitespace around it', `  \n${CODE}\t `, null],
    ['the redirected URL', `https://example.com/cb?code=${CODE}&state=s1`, 's1'],
    ['the URL with #wechat_redirect noise', `https://example.com/cb?code=${CODE}&state=s1#wechat_redirect`, 's1'],
    ['a URL without a scheme', `example.com/wx/cb?state=s2&code=${CODE}`, 's2'],
    ['a URL without a scheme, with a port', `localhost:8080/cb?code=${CODE}`, null],
    ['a hash-router URL (code before the fragment)', `https://example.com/?code=${CODE}&state=s3#/login`, 's3'],
    ['a hash-router URL (code inside the fragment)', `https://example.com/#/cb?code=${CODE}&state=s4`, 's4'],
    ['a fragment of parameters', `https://example.com/cb#code=${CODE}&state=s5`, 's5'],
    ['a bare query string', `code=${CODE}&state=s6`, 's6'],
    ['a query string with its ?', `?code=${CODE}`, null],
    ['an empty state', `https://example.com/cb?code=${CODE}&state=`, null],
  ])('reads %s', (_what, text, state) => {
    expect(parseCodeInput(text)).toEqual({ ok: true, code: CODE, state, source: expect.any(String) });
  });

  it.each([
    ['empty', '', 'empty'],
    ['only whitespace', ' \n ', 'empty'],
    ['a code with a space', '061abc def', 'not-a-code'],
    ['a quoted code', `"${CODE}"`, 'not-a-code'],
    ['a code with a quote inside', "061ab'c", 'not-a-code'],
    ['a URL without a code', 'https://example.com/cb?foo=1', 'no-code'],
    ['a declined authorization (state, no code)', 'https://example.com/cb?state=s1', 'no-code'],
    ['the authorize URL itself', `https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx0123456789abcdef&redirect_uri=x&response_type=code&scope=snsapi_base&state=1#wechat_redirect`, 'authorize-url'],
    ['a URL whose code is junk', 'https://example.com/cb?code=%22abc%22', 'not-a-code'],
  ])('refuses %s', (_what, text, problem) => {
    const parsed = parseCodeInput(text);
    expect(parsed).toMatchObject({ ok: false, problem, message: expect.any(String) });
  });

  it('says why a declined authorization has no code', () => {
    const parsed = parseCodeInput('https://example.com/cb?state=s1');
    expect(parsed.ok || parsed.message).toMatch(/declined/);
  });
});

describe('matchState', () => {
  const issued = [{ state: 'mine', issuedAt: 1_000, codeLifetimeMs: 300_000 }];
  it('matches an issued state within its code lifetime, and says when it is too old, unknown or absent', () => {
    expect(matchState('mine', issued, 2_000)).toBe('match');
    expect(matchState('mine', issued, 1_000 + 300_001)).toBe('expired');
    expect(matchState('theirs', issued, 2_000)).toBe('unknown');
    expect(matchState(null, issued, 2_000)).toBe('none');
  });
});
