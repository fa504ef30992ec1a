/**
 * Why does wx.config say "invalid signature"? Recompute the page's signature the right way, then
 * with each mistake developers are known to make, and report the one that reproduces what the
 * page passed. Pure: the handler brings the tickets.
 */
import { wechatShareParams, type DomainCheck, type JssdkAttempt, type JssdkCause, type JssdkDiagnosis, type String1Diff } from '../../contract';
import { jssdkSign, parseString1, withoutFragment, type JssdkFields } from './sign';

export interface DiagnoseInput {
  /** location.href as the browser shows it. */
  url: string;
  landingUrl?: string;
  /** The appId the page passed, and the app whose ticket this is (null for a pasted ticket). */
  appId?: string;
  expectedAppId: string | null;
  timestamp: string;
  nonceStr: string;
  signature: string;
  string1?: string;
  registeredDomain?: string;
  /** The pasted config spelled the key noncestr / nonce_str, so wx.config got no nonceStr at all. */
  nonceKeyMisspelt?: boolean;
  tickets: { current: string; previous: string | null; others: { appid: string; ticket: string }[] };
}

interface Candidate {
  cause: JssdkCause;
  fields: JssdkFields;
}

export const causeText: Record<JssdkCause | 'exact' | 'none', { explanation: string; fix: string }> = {
  exact: {
    explanation: 'The signature is right for this URL, nonceStr, timestamp and the current ticket.',
    fix: 'Nothing to fix in the signature. If wx.config still fails, check the JS接口安全域名 and that jsApiList names APIs the account may use.',
  },
  none: {
    explanation: 'No known mistake reproduces the page\'s signature with the current or the previous ticket.',
    fix: 'Compare the two string1s below; paste the string1 your server signed (most SDKs can log it) to see which characters differ.',
  },
  'other-app': {
    explanation: 'wx.config names a different appId than the app whose ticket signs the page.',
    fix: 'Pass the appId of the 公众号 whose jsapi_ticket your server uses (and sign with that app\'s ticket).',
  },
  fragment: {
    explanation: 'The server signed the URL with its #fragment; WeChat signs it without.',
    fix: 'Sign location.href.split(\'#\')[0] — drop everything from # on, keep the query.',
  },
  'url-encoded': {
    explanation: 'The server signed the URL URL-encoded (encodeURIComponent on the page, never decoded on the server).',
    fix: 'Decode the url parameter on the server before signing, or send location.href.split(\'#\')[0] in a POST body unencoded.',
  },
  'url-decoded': {
    explanation: 'The server signed the URL decoded; WeChat signs it exactly as the browser shows it, %-escapes included.',
    fix: 'Sign the URL as the page sent it; do not decode it before signing.',
  },
  scheme: {
    explanation: 'The server signed the URL with the other scheme (http vs https).',
    fix: 'Sign the URL with the scheme the page was opened on; behind a TLS-terminating proxy, take it from the page, not from the request the server saw.',
  },
  'trailing-slash': {
    explanation: 'The signed URL and the page URL differ by a trailing slash.',
    fix: 'Sign the exact location.href.split(\'#\')[0] from the page instead of rebuilding the URL on the server.',
  },
  www: {
    explanation: 'The signed URL and the page URL differ in the host: www. versus the bare domain.',
    fix: 'Sign the host the page was opened on (or redirect to one host before the page loads), and register that host as JS接口安全域名.',
  },
  'share-params': {
    explanation: 'WeChat appended share parameters (from=singlemessage, isappinstalled=0, …) to the shared page; the server signed the URL without them.',
    fix: 'Sign the URL the browser shows, with every query parameter WeChat added, not a URL fixed on the server.',
  },
  'spa-route': {
    explanation: 'The signature is for another route of this single-page app: iOS WeChat keeps the URL the page was first opened on, Android uses the current one.',
    fix: 'On iOS sign the landing URL (save location.href at first load); on Android sign location.href after each route change and call wx.config again.',
  },
  'timestamp-ms': {
    explanation: 'The timestamp was taken in milliseconds on one side and in seconds on the other.',
    fix: 'Use seconds everywhere: Math.floor(Date.now() / 1000), and pass wx.config the very timestamp that was signed.',
  },
  noncestr: {
    explanation: 'The nonceStr passed to wx.config is not the noncestr that was signed.',
    fix: 'Pass the page the same nonceStr the server signed (the config key is nonceStr, capital S; the string1 key is noncestr).',
  },
  'stale-ticket': {
    explanation: 'The page was signed with the previous jsapi_ticket, which WeChat has replaced.',
    fix: 'Cache the ticket with its expiry and fetch a new one before it runs out; never sign with a ticket from another cache or process that outlived it.',
  },
  'other-ticket': {
    explanation: 'The page was signed with another app\'s jsapi_ticket.',
    fix: 'Sign with the ticket of the app named in wx.config (key your ticket cache by appid).',
  },
  'uppercase-hex': {
    explanation: 'The signature is right but in uppercase hex; WeChat compares the lowercase sha1.',
    fix: 'Send the sha1 in lowercase hex (e.g. drop .toUpperCase(), or use hexdigest()).',
  },
};

/** Decodes what can be decoded; a malformed escape leaves the text as it is. */
const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Splits "scheme://host/path?query" by hand: URL() would normalise away the very differences we look for. */
function urlParts(url: string): { scheme: string; host: string; path: string; query: string } | null {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(\?[^#]*)?/i.exec(url);
  if (!m) return null;
  return { scheme: m[1] ?? '', host: m[2] ?? '', path: m[3] ?? '', query: m[4] ?? '' };
}
const joinParts = (p: { scheme: string; host: string; path: string; query: string }): string => `${p.scheme}://${p.host}${p.path}${p.query}`;

function urlVariants(rawUrl: string, landingUrl: string | undefined): { cause: JssdkCause; url: string }[] {
  const url = withoutFragment(rawUrl);
  const out: { cause: JssdkCause; url: string }[] = [];
  if (rawUrl !== url) out.push({ cause: 'fragment', url: rawUrl });
  out.push({ cause: 'url-encoded', url: encodeURIComponent(url) });
  const encoded = encodeURI(url);
  if (encoded !== url) out.push({ cause: 'url-encoded', url: encoded });
  const decoded = safeDecode(url);
  if (decoded !== url) out.push({ cause: 'url-decoded', url: decoded });
  const parts = urlParts(url);
  if (parts) {
    const scheme = parts.scheme.toLowerCase() === 'https' ? 'http' : 'https';
    out.push({ cause: 'scheme', url: joinParts({ ...parts, scheme }) });
    const path = parts.path.endsWith('/') ? parts.path.slice(0, -1) : `${parts.path}/`;
    out.push({ cause: 'trailing-slash', url: joinParts({ ...parts, path }) });
    const host = parts.host.toLowerCase().startsWith('www.') ? parts.host.slice(4) : `www.${parts.host}`;
    out.push({ cause: 'www', url: joinParts({ ...parts, host }) });
    if (parts.query) {
      const pairs = parts.query.slice(1).split('&');
      const isShare = (pair: string) => (wechatShareParams as readonly string[]).includes(safeDecode(pair.split('=')[0] ?? ''));
      const kept = pairs.filter((pair) => !isShare(pair));
      if (kept.length !== pairs.length) {
        out.push({ cause: 'share-params', url: joinParts({ ...parts, query: kept.length ? `?${kept.join('&')}` : '' }) });
        // Or only some of them were there when the server saw the URL (one share, then another).
        for (let i = 0; i < pairs.length; i++) {
          if (!isShare(pairs[i] ?? '')) continue;
          const some = pairs.filter((_, j) => j !== i);
          out.push({ cause: 'share-params', url: joinParts({ ...parts, query: some.length ? `?${some.join('&')}` : '' }) });
        }
      }
    }
    if (landingUrl !== undefined && withoutFragment(landingUrl) !== url) out.push({ cause: 'spa-route', url: withoutFragment(landingUrl) });
    // A hash-less router that started at the site's root.
    const root = `${parts.scheme}://${parts.host}/`;
    if (root !== url) out.push({ cause: 'spa-route', url: root });
  }
  return out;
}

/** Character ranges that differ, by a longest common subsequence (bounded; past the bound, the middle differs whole). */
export function diffMarks(a: string, b: string): { a: [number, number][]; b: [number, number][] } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const range = (s: number, e: number): [number, number][] => (e > s ? [[s, e]] : []);
  if (midA.length * midB.length > 1_000_000 || midA.length === 0 || midB.length === 0) {
    return { a: range(start, endA), b: range(start, endB) };
  }
  const n = midA.length;
  const m = midB.length;
  const table = new Uint16Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] =
        midA[i] === midB[j] ? (table[(i + 1) * (m + 1) + j + 1] ?? 0) + 1 : Math.max(table[(i + 1) * (m + 1) + j] ?? 0, table[i * (m + 1) + j + 1] ?? 0);
    }
  }
  const keepA = new Array<boolean>(n).fill(false);
  const keepB = new Array<boolean>(m).fill(false);
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (midA[i] === midB[j]) {
      keepA[i++] = true;
      keepB[j++] = true;
    } else if ((table[(i + 1) * (m + 1) + j] ?? 0) >= (table[i * (m + 1) + j + 1] ?? 0)) i++;
    else j++;
  }
  const ranges = (keep: boolean[]): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = 0; i < keep.length; i++) {
      if (keep[i]) continue;
      const s = i;
      while (i < keep.length && !keep[i]) i++;
      out.push([start + s, start + i]);
    }
    return out;
  };
  return { a: ranges(keepA), b: ranges(keepB) };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** JS接口安全域名 takes a domain only: no scheme, no port, no path, no IP address. */
export function checkDomain(pageUrl: string, registered: string | undefined): DomainCheck | null {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  const problems: DomainCheck['problems'] = [];
  if (IPV4.test(host) || host.startsWith('[')) problems.push('ip-address');
  if (host === 'localhost' || host.endsWith('.localhost')) problems.push('localhost');
  if (url.port !== '') problems.push('port');
  let check: DomainCheck['registered'] = null;
  if (registered !== undefined && registered !== '') {
    const value = registered.trim();
    const issues: NonNullable<DomainCheck['registered']>['problems'] = [];
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) issues.push('scheme');
    const rest = value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const hostPart = rest.split(/[/?#]/)[0] ?? '';
    if (/:\d*$/.test(hostPart)) issues.push('port');
    if (rest.length > hostPart.length && rest.slice(hostPart.length) !== '/') issues.push('path');
    const bare = hostPart.replace(/:\d*$/, '').toLowerCase();
    if (bare !== host && !host.endsWith(`.${bare}`)) issues.push('mismatch');
    check = { value, problems: issues };
  }
  const registrable = !problems.includes('ip-address') && !problems.includes('localhost') && !problems.includes('port');
  return { host, register: registrable ? host : null, problems, registered: check };
}

export function diagnose(input: DiagnoseInput): JssdkDiagnosis {
  const url = withoutFragment(input.url);
  const { current, previous, others } = input.tickets;
  const page = { noncestr: input.nonceStr, timestamp: input.timestamp };
  const expected = jssdkSign({ ticket: current, url, ...page });
  const given = input.signature.trim();
  const tried: JssdkAttempt[] = [{ cause: 'exact', url, signature: expected.signature }];
  const domain = checkDomain(input.url, input.registeredDomain);
  const tickets = { current: true, previous: previous !== null, others: others.length };

  const result = (match: JssdkDiagnosis['match'], diff: String1Diff | null = null): JssdkDiagnosis => {
    const text = causeText[match ?? 'none'];
    return {
      match,
      explanation: text.explanation,
      fix: text.fix,
      tried,
      url,
      expectedString1: expected.string1,
      expectedSignature: expected.signature,
      diff,
      domain,
      tickets,
    };
  };

  const appIdWrong = input.appId !== undefined && input.expectedAppId !== null && input.appId.trim() !== input.expectedAppId;
  // wx.config read no nonceStr at all: whatever the server signed, the page cannot match it.
  if (input.nonceKeyMisspelt) return result('noncestr');
  if (given === expected.signature) return result(appIdWrong ? 'other-app' : 'exact');
  if (appIdWrong) return result('other-app');
  if (given.toLowerCase() === expected.signature) return result('uppercase-hex');

  const candidates: Candidate[] = urlVariants(input.url, input.landingUrl).map(({ cause, url: u }) => ({
    cause,
    fields: { ticket: current, url: u, ...page },
  }));
  if (/^\d{13}$/.test(input.timestamp)) {
    candidates.push({ cause: 'timestamp-ms', fields: { ticket: current, url, noncestr: input.nonceStr, timestamp: String(Math.floor(Number(input.timestamp) / 1000)) } });
  }
  const trimmed = input.nonceStr.trim();
  if (trimmed !== input.nonceStr) candidates.push({ cause: 'noncestr', fields: { ticket: current, url, noncestr: trimmed, timestamp: input.timestamp } });
  const pasted = input.string1 !== undefined ? parseString1(input.string1) : null;
  if (pasted) {
    if (pasted.noncestr !== input.nonceStr) candidates.push({ cause: 'noncestr', fields: { ticket: current, url, noncestr: pasted.noncestr, timestamp: input.timestamp } });
    if (pasted.timestamp !== input.timestamp && /^\d+$/.test(pasted.timestamp) && pasted.timestamp.length !== input.timestamp.length) {
      candidates.push({ cause: 'timestamp-ms', fields: { ticket: current, url, noncestr: input.nonceStr, timestamp: pasted.timestamp } });
    }
  }
  if (previous !== null && previous !== current) candidates.push({ cause: 'stale-ticket', fields: { ticket: previous, url, ...page } });
  for (const other of others) {
    if (other.ticket !== current) candidates.push({ cause: 'other-ticket', fields: { ticket: other.ticket, url, ...page } });
  }

  const seen = new Set<string>();
  for (const candidate of candidates) {
    const { string1, signature } = jssdkSign(candidate.fields);
    if (seen.has(string1)) continue;
    seen.add(string1);
    tried.push({ cause: candidate.cause, url: candidate.fields.url, signature });
    if (signature === given.toLowerCase()) return result(candidate.cause);
  }

  // Nothing reproduces it: put what should be signed beside what was (the server's string1 if pasted).
  const compared = pasted && input.string1 !== undefined ? input.string1.trim() : `jsapi_ticket=${current}&noncestr=${input.nonceStr}&timestamp=${input.timestamp}&url=${input.url}`;
  const marks = diffMarks(expected.string1, compared);
  return result(null, {
    expected: expected.string1,
    compared,
    comparedSource: pasted ? 'pasted' : 'page',
    expectedMarks: marks.a,
    comparedMarks: marks.b,
  });
}
