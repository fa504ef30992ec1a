/**
 * 网页授权 helpers shared by main and the renderer: building the authorize URL WeChat documents,
 * and reading a pasted code (bare, or the whole URL the user landed on). Pure: no Node, no DOM.
 */
import type { OAuthScope } from './constants';
import type { AuthorizeUrl } from './oauth';
import { APPID_HINT, APPID_PATTERN, type AppKind } from './constants';

export type OAuthFlow = AuthorizeUrl['flow'];

export const OAUTH2_AUTHORIZE_URL = 'https://open.weixin.qq.com/connect/oauth2/authorize';
export const QRCONNECT_URL = 'https://open.weixin.qq.com/connect/qrconnect';

/** How long a code lives: 5 minutes for 网页授权, 10 for 网站应用 QR login. */
export const codeLifetimeMs: Readonly<Record<OAuthFlow, number>> = { oauth2: 5 * 60_000, qrconnect: 10 * 60_000 };

/** WeChat allows at most 128 bytes of state. */
export const STATE_MAX_BYTES = 128;
const STATE_PATTERN = /^[A-Za-z0-9_-]*$/;
/** 24 random bytes, base64url: 32 characters, 192 bits. */
const GENERATED_STATE_BYTES = 24;

/** Which scopes each app kind may ask for; a mini-program has no web OAuth at all. */
export function scopesFor(kind: AppKind): readonly OAuthScope[] {
  switch (kind) {
    case 'official-account':
    case 'test-account':
      return ['snsapi_base', 'snsapi_userinfo'];
    case 'website-app':
      return ['snsapi_login'];
    case 'mini-program':
      return [];
  }
}

export function flowFor(kind: AppKind): OAuthFlow | null {
  if (kind === 'website-app') return 'qrconnect';
  if (kind === 'mini-program') return null;
  return 'oauth2';
}

export interface AuthorizeInput {
  appid: string;
  kind: AppKind;
  redirectUri: string;
  scope: OAuthScope;
  /** Letters, digits, _ and -, at most 128 bytes; generated when absent or empty. */
  state?: string;
  /** 网页授权 only: ask the user to confirm even if they authorised before (forcePopup=true). */
  forcePopup?: boolean;
  /** 网页授权 only: force the 快照页 (snapshot page) flow, to test how the page handles it (forceSnapShot=true). */
  forceSnapShot?: boolean;
  /** Where the authorize pages live: https://open.weixin.qq.com unless the app is on the simulator. */
  openBase?: string;
}

export type BuiltAuthorizeUrl = Omit<AuthorizeUrl, 'issuedAt'>;

/** `path` names the input field at fault, as in a validation error's issues. */
export interface AuthorizeProblem {
  path: 'appid' | 'kind' | 'redirectUri' | 'scope' | 'state' | 'forcePopup' | 'forceSnapShot';
  message: string;
}

export type AuthorizeResult = { ok: true; value: BuiltAuthorizeUrl } | { ok: false; problem: AuthorizeProblem };

export interface RandomSource {
  /** n cryptographically random bytes. */
  (n: number): Uint8Array;
}

const defaultRandom: RandomSource = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding; written out because btoa/Buffer are not on both sides. */
function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    const chars = i + 1 >= bytes.length ? 2 : i + 2 >= bytes.length ? 3 : 4;
    for (let k = 0; k < chars; k++) out += BASE64URL[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** A fresh state: random, URL-safe, 32 characters. */
export function generateState(random: RandomSource = defaultRandom): string {
  return base64url(random(GENERATED_STATE_BYTES));
}

/** Why a redirect_uri cannot be used, or null. The URI itself is sent as typed, encoded once. */
export function redirectUriProblem(raw: string): string | null {
  const uri = raw.trim();
  if (uri === '') return 'Enter the redirect_uri: the page WeChat sends the user back to, with the code.';
  if (/^https?%3A/i.test(uri)) return 'This redirect_uri is already URL-encoded; paste it as a plain URL (wxcred encodes it once).';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'The redirect_uri must be an absolute http:// or https:// URL, e.g. https://example.com/wechat/callback.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `The redirect_uri must use http:// or https://, not ${url.protocol}//.`;
  }
  if (/\s/.test(uri)) return 'The redirect_uri contains spaces or line breaks.';
  return null;
}

const utf8Length = (text: string): number => new TextEncoder().encode(text).length;

/**
 * The URL to open in WeChat (网页授权) or a browser (网站应用 QR login), with its parameters in the
 * order WeChat documents them: appid, redirect_uri, response_type, scope, state, #wechat_redirect.
 */
export function buildAuthorizeUrl(input: AuthorizeInput, random: RandomSource = defaultRandom): AuthorizeResult {
  const fail = (path: AuthorizeProblem['path'], message: string): AuthorizeResult => ({ ok: false, problem: { path, message } });
  const appid = input.appid.trim();
  if (!APPID_PATTERN.test(appid)) return fail('appid', APPID_HINT);

  const flow = flowFor(input.kind);
  if (flow === null) {
    return fail(
      'kind',
      'A mini-program has no web OAuth (网页授权): it logs users in with wx.login() and jscode2session. ' +
        'Use the mini-program login page instead, or pick the 公众号 or 网站应用 that serves the web page.',
    );
  }
  const allowed = scopesFor(input.kind);
  if (!allowed.includes(input.scope)) {
    const why =
      input.kind === 'website-app'
        ? 'A 网站应用 signs users in by QR code (qrconnect) with scope snsapi_login only.'
        : 'A 公众号 or 测试号 asks for snsapi_base (openid only, silent) or snsapi_userinfo (asks the user, gives the profile); snsapi_login is for 网站应用 QR login.';
    return fail('scope', `${why} Use ${allowed.join(' or ')}.`);
  }

  const redirectProblem = redirectUriProblem(input.redirectUri);
  if (redirectProblem) return fail('redirectUri', redirectProblem);

  let state = input.state ?? '';
  if (state === '') state = generateState(random);
  if (!STATE_PATTERN.test(state)) return fail('state', 'state may hold letters, digits, _ and - only.');
  if (utf8Length(state) > STATE_MAX_BYTES) return fail('state', `WeChat allows at most ${STATE_MAX_BYTES} bytes of state.`);

  if (flow === 'qrconnect' && (input.forcePopup || input.forceSnapShot)) {
    return fail(input.forcePopup ? 'forcePopup' : 'forceSnapShot', 'forcePopup and forceSnapShot belong to 网页授权 (oauth2/authorize); QR login (qrconnect) has neither.');
  }

  const pages = input.openBase?.replace(/\/+$/, '');
  const base = pages ? `${pages}${flow === 'qrconnect' ? '/connect/qrconnect' : '/connect/oauth2/authorize'}` : flow === 'qrconnect' ? QRCONNECT_URL : OAUTH2_AUTHORIZE_URL;
  // encodeURIComponent, not URLSearchParams (which writes spaces as "+" and leaves some reserved
  // characters alone): WeChat's docs say to encode redirect_uri with urlEncode, exactly once.
  const query = [
    ['appid', appid],
    ['redirect_uri', input.redirectUri.trim()],
    ['response_type', 'code'],
    ['scope', input.scope],
    ['state', state],
    // WeChat documents both as optional query parameters before #wechat_redirect, default false.
    ...(input.forcePopup ? [['forcePopup', 'true']] : []),
    ...(input.forceSnapShot ? [['forceSnapShot', 'true']] : []),
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v ?? '')}`)
    .join('&');
  return {
    ok: true,
    value: { url: `${base}?${query}#wechat_redirect`, state, scope: input.scope, flow, codeLifetimeMs: codeLifetimeMs[flow] },
  };
}

/** Codes (网页授权 code, js_code, phone code) are opaque letters and digits; _ and - are tolerated. */
export const CODE_PATTERN = /^[A-Za-z0-9_-]{1,512}$/;

export type CodeProblem = 'empty' | 'no-code' | 'not-a-code' | 'authorize-url';

export type ParsedCode =
  | { ok: true; code: string; state: string | null; source: 'bare' | 'url' }
  | { ok: false; problem: CodeProblem; message: string };

const problem = (kind: CodeProblem, message: string): ParsedCode => ({ ok: false, problem: kind, message });

/** Query-string parameters of a fragment such as "#wechat_redirect", "#/cb?code=…" or "#code=…". */
function fragmentParams(hash: string): URLSearchParams {
  const body = hash.replace(/^#/, '');
  const q = body.indexOf('?');
  const part = q >= 0 ? body.slice(q + 1) : body.includes('=') ? body : '';
  return new URLSearchParams(part);
}

/** A code never holds these; anything that does is read as a URL or a query string. */
const looksLikeUrl = (text: string): boolean => /[/?#=&:]/.test(text);

/**
 * Reads what a developer pastes after authorising: a bare code, or the redirected URL holding it
 * (code in the query or the fragment, `#wechat_redirect` noise, no scheme, whitespace around it).
 */
export function parseCodeInput(text: string): ParsedCode {
  let input = text.trim().replace(/#wechat_redirect$/, '').trim();
  if (input === '') return problem('empty', 'Paste the code, or the whole URL WeChat redirected to.');

  if (!looksLikeUrl(input)) {
    return CODE_PATTERN.test(input)
      ? { ok: true, code: input, state: null, source: 'bare' }
      : problem('not-a-code', 'That is not a code: a code is letters and digits only (no spaces, quotes or other characters).');
  }

  // A bare query ("code=…&state=…", "?code=…") or a URL without its scheme.
  if (/^[?#]|^[^\s/:=&?#]+=/.test(input)) input = `https://redirect.invalid/${input.startsWith('#') ? '' : '?'}${input.replace(/^\?/, '')}`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) input = `https://${input}`;

  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return problem('not-a-code', 'That is neither a code nor a URL wxcred can read.');
  }
  const fromFragment = fragmentParams(url.hash);
  const code = url.searchParams.get('code') ?? fromFragment.get('code');
  const state = url.searchParams.get('state') ?? fromFragment.get('state');
  if (code === null || code === '') {
    if (url.searchParams.has('appid') && url.searchParams.has('redirect_uri')) {
      return problem(
        'authorize-url',
        'This is the authorize URL itself. Open it in WeChat, authorise, and paste the URL you land on (it carries ?code=).',
      );
    }
    return problem(
      'no-code',
      state !== null
        ? 'The URL has a state but no code: the user probably declined to authorise (snsapi_userinfo), so WeChat sent no code.'
        : 'The URL has no code parameter. Paste the URL WeChat redirected to (…?code=…&state=…), or the code alone.',
    );
  }
  if (!CODE_PATTERN.test(code)) {
    return problem('not-a-code', 'The URL\'s code parameter is not a code: a code is letters and digits only.');
  }
  return { ok: true, code, state: state === '' ? null : state, source: 'url' };
}

export type StateMatch = 'match' | 'expired' | 'unknown' | 'none';

/**
 * Whether a pasted state is one of ours: 'match' (issued, code still within its lifetime),
 * 'expired' (issued, but the code's lifetime has passed), 'unknown' (not issued here: another
 * tab, another tool, or tampering), 'none' (the paste carried no state).
 */
export function matchState(
  state: string | null,
  issued: readonly Pick<AuthorizeUrl, 'state' | 'issuedAt' | 'codeLifetimeMs'>[],
  now: number,
): StateMatch {
  if (state === null || state === '') return 'none';
  const hit = issued.find((i) => i.state === state);
  if (!hit) return 'unknown';
  return now - hit.issuedAt <= hit.codeLifetimeMs ? 'match' : 'expired';
}
