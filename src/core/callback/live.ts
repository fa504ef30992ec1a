/**
 * wxcred plays WeChat against the developer's server: the GET handshake and POST pushes exactly
 * as WeChat sends them, with WeChat's 5-second deadline, and a verdict on what came back. It only
 * ever connects to the URL the developer typed; redirects are reported, never followed.
 */
import { performance } from 'node:perf_hooks';
import { randomInt } from 'node:crypto';
import { isIP } from 'node:net';
import type { AppKind, Bilingual, CallbackFormat, CallbackMessage, CallbackMode, HandshakeResult, LiveVerdict, PushResult, RawExchange } from '../../contract';
import { CALLBACK_DEADLINE_MS, CALLBACK_MAX_BODY, CALLBACK_PORTS } from '../../contract/constants';
import { Agent, request, type Dispatcher } from '../wechat/undici';
import { codesOf, tlsCodes } from '../wechat/http';
import { notes, verdict } from './causes';
import { callSignal, cancelledError } from '../calls/scope';
import { CallbackCryptoError } from './crypto';
import { judgeReply, pushEnvelope, sampleMessage } from './messages';
import { callbackSignature } from './signature';

/** What WeChat's servers send as User-Agent on every callback, handshake and push alike. */
export const WECHAT_USER_AGENT = 'Mozilla/4.0';

export interface LiveOptions {
  url: string;
  token: string;
  kind: AppKind;
  clock?: () => number;
  /** WeChat's 5 s unless a test shortens it. */
  deadlineMs?: number;
  /** Every exchange, as it happens (the request log). */
  onExchange?: (exchange: RawExchange, what: 'handshake' | 'push') => void;
  /** Trusted CAs for https (tests pass their own); the system's otherwise. */
  ca?: string;
}

const digits = (length: number): string => {
  let out = String(randomInt(1, 10));
  while (out.length < length) out += String(randomInt(0, 10));
  return out;
};

/** Loopback, private (RFC 1918), link-local and unique-local literals, and localhost: not where WeChat can connect. */
export function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (isIP(host) === 6) return host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || host.startsWith('::ffff:127.');
  return false;
}

type Target = { ok: true; url: URL; notes: Bilingual[]; portProblem: number | null } | { ok: false; verdict: LiveVerdict };

/**
 * The URL as WeChat's console would take it; the port rule (公众号 server URLs: 80 and 443 only)
 * waits until we know the server works, and does not apply to addresses WeChat cannot reach anyway.
 */
export function checkTarget(raw: string, kind: AppKind = 'official-account'): Target {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, verdict: verdict('bad-url', 'wrong', { detail: 'not an absolute URL' }) };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, verdict: verdict('bad-url', 'wrong', { detail: `${url.protocol} is not http: or https:` }) };
  if (url.hash || raw.includes('#')) return { ok: false, verdict: verdict('bad-url', 'wrong', { detail: 'WeChat does not accept a # in the URL' }) };
  const port = url.port === '' ? CALLBACK_PORTS[url.protocol] : Number(url.port);
  const local = isPrivateHost(url.hostname);
  const wrongPort = kind !== 'mini-program' && port !== CALLBACK_PORTS[url.protocol];
  return { ok: true, url, notes: local ? [notes.privateHost] : [], portProblem: wrongPort && !local ? port : null };
}

interface Sent {
  exchange: RawExchange;
  failure: LiveVerdict | null;
}

const flatHeaders = (headers: Record<string, string | string[] | undefined>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
};

/** One request with the deadline covering connect to last byte; transport failures become verdicts. */
async function send(dispatcher: Dispatcher, url: URL, method: 'GET' | 'POST', headers: Record<string, string>, body: string | null, deadlineMs: number): Promise<Sent> {
  const started = performance.now();
  const exchange: RawExchange = { request: { method, url: url.toString(), headers: { host: url.host, ...headers }, body }, response: null, ms: 0, error: null };
  const controller = new AbortController();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    controller.abort();
  }, deadlineMs);
  // The user cancelling the check aborts the request too; that is no verdict on their server.
  const cancelled = callSignal();
  const cancel = () => controller.abort();
  cancelled?.addEventListener('abort', cancel, { once: true });
  if (cancelled?.aborted) controller.abort();
  const ms = () => Math.round(performance.now() - started);
  try {
    const res = await request(dispatcher, url, { method, headers, body: body ?? undefined, signal: controller.signal, headersTimeout: deadlineMs, bodyTimeout: deadlineMs });
    const chunks: Buffer[] = [];
    let bytes = 0;
    let truncated = false;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      bytes += buf.length;
      if (bytes > CALLBACK_MAX_BODY) {
        truncated = true;
        chunks.push(buf.subarray(0, buf.length - (bytes - CALLBACK_MAX_BODY)));
        res.body.destroy();
        break;
      }
      chunks.push(buf);
    }
    // ignoreBOM keeps a BOM in the text, where the verdict can see it.
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(Buffer.concat(chunks));
    exchange.response = { status: res.statusCode, headers: flatHeaders(res.headers), body: text, bytes: Math.min(bytes, CALLBACK_MAX_BODY), truncated };
    exchange.ms = ms();
    return { exchange, failure: null };
  } catch (thrown) {
    if (cancelled?.aborted && !late) throw cancelledError();
    exchange.ms = ms();
    const codes = codesOf(thrown);
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    const detail = `${codes[0] ?? 'error'}: ${message}`.slice(0, 300);
    exchange.error = late ? `no complete answer within ${deadlineMs} ms` : detail;
    const has = (...wanted: string[]) => codes.some((c) => wanted.includes(c));
    let failure: LiveVerdict;
    if (late || has('UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT')) failure = verdict('timeout', 'unreachable', { ms: exchange.ms });
    else if (has('ENOTFOUND', 'EAI_AGAIN', 'EAI_NODATA', 'EAI_NONAME')) failure = verdict('dns', 'unreachable', { detail });
    else if (codes.some((c) => tlsCodes.test(c)) || has('EPROTO') || /ssl|tls|certificate/i.test(message)) failure = verdict('tls', 'unreachable', { detail });
    else failure = verdict('unreachable', 'unreachable', { detail });
    return { exchange, failure };
  } finally {
    clearTimeout(timer);
    cancelled?.removeEventListener('abort', cancel);
  }
}

function withQuery(url: URL, params: Record<string, string>): URL {
  const out = new URL(url);
  for (const [k, v] of Object.entries(params)) out.searchParams.set(k, v);
  return out;
}

const visible = (text: string): string => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** What a handshake reply means, given the echostr that was sent. */
export function judgeHandshake(status: number, headers: Record<string, string>, body: string, echostr: string): LiveVerdict {
  if (status >= 300 && status < 400) return verdict('redirect', 'wrong', { status, location: headers.location ?? '(no Location)' });
  if (body === echostr) return status === 200 ? verdict('ok', 'passed') : verdict('http-status', 'wrong', { status, method: 'GET' });
  if (!body.includes(echostr)) {
    if (status !== 200 && status !== 401 && status !== 403) return verdict('http-status', 'wrong', { status, method: 'GET' });
    return verdict('signature-rejected', 'wrong', { detail: body === '' ? `an empty body, HTTP ${status}` : `${visible(body)}, HTTP ${status}` });
  }
  if (body.startsWith('\uFEFF')) return verdict('bom', 'wrong');
  if (body.trim() === echostr) return verdict('whitespace', 'wrong', { detail: visible(body) });
  if (body.trim() === JSON.stringify(echostr) || body.trim() === `'${echostr}'`) return verdict('json-quoted', 'wrong');
  if (/<\s*(html|body|head|p|div|pre|span|!doctype)\b/i.test(body)) return verdict('html-wrapped', 'wrong');
  return verdict('body-mismatch', 'wrong', { detail: visible(body) });
}

function agentFor(options: LiveOptions): Agent {
  // A fresh connection per check, as WeChat's servers make; no proxy: WeChat connects directly.
  return new Agent({ connect: { timeout: options.deadlineMs ?? CALLBACK_DEADLINE_MS, ...(options.ca ? { ca: options.ca } : {}) }, pipelining: 0 });
}

const withNotes = (v: LiveVerdict, extra: Bilingual[]): LiveVerdict => ({ ...v, notes: [...v.notes, ...extra] });

export async function handshake(options: LiveOptions): Promise<HandshakeResult> {
  const clock = options.clock ?? Date.now;
  const deadlineMs = options.deadlineMs ?? CALLBACK_DEADLINE_MS;
  const echostr = digits(19);
  const target = checkTarget(options.url, options.kind);
  if (!target.ok) return { ...target.verdict, echostr, status: null, ms: 0, body: null, exchanges: [] };
  const timestamp = String(Math.floor(clock() / 1000));
  const nonce = digits(10);
  const signature = callbackSignature(options.token, timestamp, nonce).signature;
  const headers = { 'user-agent': WECHAT_USER_AGENT, accept: '*/*', pragma: 'no-cache' };
  const agent = agentFor(options);
  try {
    const first = await send(agent, withQuery(target.url, { signature, echostr, timestamp, nonce }), 'GET', headers, null, deadlineMs);
    options.onExchange?.(first.exchange, 'handshake');
    const exchanges = [first.exchange];
    const res = first.exchange.response;
    const base = { echostr, status: res?.status ?? null, ms: first.exchange.ms, body: res?.body ?? null, exchanges };
    if (first.failure || !res) return { ...withNotes(first.failure ?? verdict('unreachable', 'unreachable', { detail: 'no answer' }), target.notes), ...base };
    let result = judgeHandshake(res.status, res.headers, res.body, echostr);
    if (result.ok) {
      // A server that also echoes for a wrong signature passes WeChat's check but trusts anyone.
      const probeEcho = digits(19);
      const wrong = callbackSignature(`${options.token}-not-it`, timestamp, nonce).signature;
      const probe = await send(agent, withQuery(target.url, { signature: wrong, echostr: probeEcho, timestamp, nonce }), 'GET', headers, null, deadlineMs);
      options.onExchange?.(probe.exchange, 'handshake');
      exchanges.push(probe.exchange);
      if (probe.exchange.response?.body.includes(probeEcho)) result = withNotes(result, [notes.noSignatureCheck]);
      if (target.portProblem !== null) result = { ...verdict('port', 'wrong', { port: target.portProblem }), notes: result.notes };
    } else if (target.portProblem !== null) {
      result = withNotes(result, [verdict('port', 'wrong', { port: target.portProblem }).cause]);
    }
    return { ...withNotes(result, target.notes), ...base };
  } finally {
    await agent.close().catch(() => undefined);
  }
}

export interface PushOptions extends LiveOptions {
  mode: CallbackMode;
  format: CallbackFormat;
  message: CallbackMessage;
  appid: string;
  aesKey?: string;
}

export async function push(options: PushOptions): Promise<PushResult> {
  const clock = options.clock ?? Date.now;
  const deadlineMs = options.deadlineMs ?? CALLBACK_DEADLINE_MS;
  const format: CallbackFormat = options.kind === 'mini-program' ? options.format : 'xml';
  const fields = sampleMessage(options.kind, options.message, Math.floor(clock() / 1000));
  const timestamp = String(Math.floor(clock() / 1000));
  const nonce = digits(10);
  const common = { mode: options.mode, format, message: options.message, status: null, ms: 0, reply: null, decryptedReply: null, exchanges: [] as RawExchange[] };
  let envelope;
  try {
    envelope = pushEnvelope({ fields, format, mode: options.mode, token: options.token, aesKey: options.aesKey, appid: options.appid, timestamp, nonce });
  } catch (thrown) {
    if (thrown instanceof CallbackCryptoError) return { ...verdict('reply-crypto', 'wrong', { detail: `the EncodingAESKey cannot be used (${thrown.reason})` }), ...common, sent: '' };
    throw thrown;
  }
  const target = checkTarget(options.url, options.kind);
  if (!target.ok) return { ...target.verdict, ...common, sent: envelope.plaintext };
  const signature = callbackSignature(options.token, timestamp, nonce).signature;
  const query: Record<string, string> = { signature, timestamp, nonce };
  // 公众号 pushes name the sender in the query too; mini-program pushes do not.
  if (options.kind !== 'mini-program') query.openid = String(fields.FromUserName);
  const url = withQuery(target.url, { ...query, ...envelope.query });
  const headers = {
    'user-agent': WECHAT_USER_AGENT,
    accept: '*/*',
    pragma: 'no-cache',
    'content-type': format === 'json' ? 'application/json' : 'text/xml',
  };
  const agent = agentFor(options);
  try {
    const sent = await send(agent, url, 'POST', headers, envelope.body, deadlineMs);
    options.onExchange?.(sent.exchange, 'push');
    const res = sent.exchange.response;
    const base = { ...common, sent: envelope.plaintext, status: res?.status ?? null, ms: sent.exchange.ms, reply: res?.body ?? null, exchanges: [sent.exchange] };
    if (sent.failure || !res) return { ...withNotes(sent.failure ?? verdict('unreachable', 'unreachable', { detail: 'no answer' }), target.notes), ...base };
    if (res.status >= 300 && res.status < 400) return { ...withNotes(verdict('redirect', 'wrong', { status: res.status, location: res.headers.location ?? '(no Location)' }), target.notes), ...base };
    const judged = judgeReply(res.status, res.body, { kind: options.kind, mode: options.mode, token: options.token, aesKey: options.aesKey, appid: options.appid, sent: fields });
    let result = judged.verdict;
    if (result.ok && target.portProblem !== null) result = { ...verdict('port', 'wrong', { port: target.portProblem }), notes: result.notes };
    return { ...withNotes(result, target.notes), ...base, decryptedReply: judged.decryptedReply };
  } finally {
    await agent.close().catch(() => undefined);
  }
}
