/**
 * The server URL lab: signatures, message crypto and the live check against the developer's
 * callback server. The Token and EncodingAESKey are read from the keychain here and never leave:
 * results carry only what they produce, and any echo of them in a server's reply is scrubbed.
 */
import { randomInt } from 'node:crypto';
import type { CallbackSecretKind, CallbackSecrets, DecryptResult, Profile, QueryVerification, RawExchange } from '../../contract';
import { WxcredError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/schema';
import { cryptoProblem, problemOf } from '../callback/causes';
import { CallbackCryptoError, decryptMessage, encryptMessage } from '../callback/crypto';
import { handshake, push } from '../callback/live';
import { readMessage } from '../callback/messages';
import { callbackAccount } from '../callback/secrets';
import { callbackSignature, msgSignature, sameSignature } from '../callback/signature';
import { XmlProblem, buildWechatXml, field } from '../callback/xml';
import { secretHint } from '../keychain/secretHint';
import type { HandlerContext } from './context';

const names: Record<CallbackSecretKind, string> = { token: 'Token', aesKey: 'EncodingAESKey' };

/** Secrets shorter than this are too common as substrings to scrub without mangling the text around them. */
const SCRUB_MIN = 6;

function scrubber(secrets: (string | undefined)[]): (text: string) => string {
  const wanted = secrets.filter((s): s is string => typeof s === 'string' && s.length >= SCRUB_MIN);
  return (text) => wanted.reduce((t, s) => t.split(s).join('***'), text);
}

/** Every string in a result (raw bodies, and causes that quote them) with the secrets cut out. */
function scrubDeep<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubDeep(v, scrub)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubDeep(v, scrub)])) as T;
  }
  return value;
}

function parseQuery(text: string): URLSearchParams {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      return new URL(trimmed).searchParams;
    } catch {
      // Fall through: a URL too broken to parse may still carry a readable query.
    }
  }
  const q = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1) : trimmed;
  return new URLSearchParams(q.split('#')[0]);
}

const nowDigits = (length: number): string => String(randomInt(10 ** (length - 1), 10 ** length - 1));

/** A pasted message (XML, JSON or the bare Encrypt value), its msg_signature and the AppID inside. */
function decryptPasted(
  profile: Profile,
  aesKey: string,
  token: string | null,
  { body, timestamp, nonce, msgSignature: given }: { body: string; timestamp?: string; nonce?: string; msgSignature?: string },
): DecryptResult {
  const result: DecryptResult = { format: 'base64', signatureValid: null, expectedSignature: null, appid: null, appidMatches: null, plaintext: null, problem: null };
  let encrypt: string | null;
  if (/^[A-Za-z0-9+/=\s]+$/.test(body)) {
    encrypt = body;
  } else {
    try {
      const message = readMessage(body);
      result.format = message.format;
      encrypt = field(message.fields, 'Encrypt');
    } catch (thrown) {
      if (!(thrown instanceof XmlProblem)) throw thrown;
      return { ...result, format: body.trim().startsWith('{') ? 'json' : 'xml', problem: cryptoProblem('malformed', { detail: thrown.message }) };
    }
    if (encrypt === null) return { ...result, problem: cryptoProblem('no-encrypt') };
  }
  if (token !== null && given !== undefined && timestamp !== undefined && nonce !== undefined) {
    result.expectedSignature = msgSignature(token, timestamp, nonce, encrypt.trim()).signature;
    result.signatureValid = sameSignature(given, result.expectedSignature);
  }
  try {
    const inner = decryptMessage(aesKey, encrypt);
    result.plaintext = inner.message;
    result.appid = inner.appid;
    result.appidMatches = inner.appid === profile.appid;
  } catch (thrown) {
    if (!(thrown instanceof CallbackCryptoError)) throw thrown;
    return { ...result, problem: problemOf(thrown) };
  }
  if (result.signatureValid === false) result.problem = cryptoProblem('signature-mismatch');
  else if (result.appidMatches === false) result.problem = cryptoProblem('appid-mismatch', { found: result.appid ?? '', expected: profile.appid });
  return result;
}

export function createCallbackHandlers(ctx: HandlerContext): FeatureHandlers<'callback'> {
  const { secrets } = ctx;

  async function status(profile: Profile): Promise<CallbackSecrets> {
    const [token, aesKey] = await Promise.all([secrets.get(callbackAccount(profile.appid, 'token')), secrets.get(callbackAccount(profile.appid, 'aesKey'))]);
    const of = (value: string | null) => (value ? { stored: true, hint: secretHint(value) } : { stored: false, hint: null });
    return { token: of(token), aesKey: of(aesKey) };
  }

  async function required(profile: Profile, kind: CallbackSecretKind): Promise<string> {
    const value = await secrets.get(callbackAccount(profile.appid, kind));
    if (!value) {
      throw new WxcredError({
        kind: 'keychain',
        reason: 'no-secret',
        message: `No ${names[kind]} is stored for ${profile.label} (${profile.appid}). Save it in the server URL lab first.`,
      });
    }
    return value;
  }

  const optional = (profile: Profile, kind: CallbackSecretKind) => secrets.get(callbackAccount(profile.appid, kind));

  /** Logs each exchange (scrubbed) as it happens, so a failed check still leaves its trace. */
  const recorder = (profile: Profile, scrub: (text: string) => string) => (raw: RawExchange, what: 'handshake' | 'push') => {
    const exchange = scrubDeep(raw, scrub);
    ctx.log.record({
      appid: profile.appid,
      endpoint: `callback ${what}`,
      method: exchange.request.method,
      url: exchange.request.url,
      requestBody: exchange.request.body,
      status: exchange.response?.status ?? null,
      durationMs: exchange.ms,
      route: { kind: 'direct' },
      response: exchange.response?.body ?? null,
      errcode: null,
      error: exchange.error ? { kind: 'network', reason: 'other', message: exchange.error, endpoint: `callback ${what}` } : null,
    });
  };

  return {
    async callbackSecrets({ profileId }) {
      return status(await ctx.profileOrThrow(profileId));
    },
    async setCallbackSecret({ profileId, kind, value }) {
      const profile = await ctx.profileOrThrow(profileId);
      await secrets.set(callbackAccount(profile.appid, kind), value);
      return status(profile);
    },
    async deleteCallbackSecret({ profileId, kind }) {
      const profile = await ctx.profileOrThrow(profileId);
      await secrets.delete(callbackAccount(profile.appid, kind));
      return status(profile);
    },

    async callbackSign({ profileId, timestamp, nonce, encrypt }) {
      const token = await required(await ctx.profileOrThrow(profileId), 'token');
      return encrypt === undefined ? callbackSignature(token, timestamp, nonce) : msgSignature(token, timestamp, nonce, encrypt);
    },

    async callbackVerifyQuery({ profileId, query, body }) {
      const profile = await ctx.profileOrThrow(profileId);
      const token = await required(profile, 'token');
      const search = parseQuery(query);
      const keys = ['signature', 'timestamp', 'nonce', 'echostr', 'msg_signature', 'encrypt_type', 'openid'] as const;
      const params: QueryVerification['params'] = {};
      for (const key of keys) {
        const value = search.get(key);
        if (value !== null) params[key] = value;
      }
      const result: QueryVerification = { params, checks: [], missing: [], notes: [] };
      const { timestamp, nonce } = params;
      if (timestamp === undefined) result.missing.push('timestamp');
      if (nonce === undefined) result.missing.push('nonce');
      if (params.signature === undefined && params.msg_signature === undefined) result.missing.push('signature');
      if (timestamp === undefined || nonce === undefined) return result;
      if (params.signature !== undefined) {
        const expected = callbackSignature(token, timestamp, nonce).signature;
        result.checks.push({ name: 'signature', got: params.signature, expected, valid: sameSignature(params.signature, expected) });
      }
      if (params.msg_signature !== undefined) {
        let encrypt: string | null = null;
        if (body !== undefined && body.trim() !== '') {
          try {
            encrypt = field(readMessage(body).fields, 'Encrypt');
          } catch (thrown) {
            if (!(thrown instanceof XmlProblem)) throw thrown;
            result.notes.push(cryptoProblem('malformed', { detail: thrown.message }).text);
          }
          if (encrypt === null && result.notes.length === 0) result.notes.push(cryptoProblem('no-encrypt').text);
        } else {
          result.notes.push({
            zh: 'msg_signature 是对 Encrypt 的签名：粘贴推送的消息体才能校验它。',
            en: 'msg_signature signs the Encrypt field: paste the pushed body to check it.',
          });
        }
        if (encrypt !== null) {
          const expected = msgSignature(token, timestamp, nonce, encrypt).signature;
          result.checks.push({ name: 'msg_signature', got: params.msg_signature, expected, valid: sameSignature(params.msg_signature, expected) });
        }
      }
      return result;
    },

    async callbackDecrypt(request) {
      const profile = await ctx.profileOrThrow(request.profileId);
      const aesKey = await required(profile, 'aesKey');
      const token = request.msgSignature === undefined ? null : await required(profile, 'token');
      return scrubDeep(decryptPasted(profile, aesKey, token, request), scrubber([aesKey, token ?? undefined]));
    },

    async callbackEncrypt({ profileId, reply, timestamp, nonce, format }) {
      const profile = await ctx.profileOrThrow(profileId);
      const [token, aesKey] = [await required(profile, 'token'), await required(profile, 'aesKey')];
      const ts = timestamp ?? String(Math.floor(ctx.clock() / 1000));
      const n = nonce ?? nowDigits(10);
      const encrypt = encryptMessage(aesKey, profile.appid, reply);
      const signature = msgSignature(token, ts, n, encrypt).signature;
      const fields = { Encrypt: encrypt, MsgSignature: signature, TimeStamp: /^\d+$/.test(ts) ? Number(ts) : ts, Nonce: n };
      const envelope = format === 'json' ? JSON.stringify(fields) : buildWechatXml(fields);
      return { encrypt, msgSignature: signature, timestamp: ts, nonce: n, envelope };
    },

    async callbackHandshake({ profileId, url }) {
      const profile = await ctx.profileOrThrow(profileId);
      const token = await required(profile, 'token');
      const scrub = scrubber([token, await optional(profile, 'aesKey') ?? undefined]);
      const result = await handshake({ url, token, kind: profile.kind, clock: ctx.clock, deadlineMs: ctx.callbackLive?.deadlineMs, ca: ctx.callbackLive?.ca, onExchange: recorder(profile, scrub) });
      return scrubDeep(result, scrub);
    },

    async callbackPush({ profileId, url, mode, message, format }) {
      const profile = await ctx.profileOrThrow(profileId);
      const token = await required(profile, 'token');
      const aesKey = mode === 'plain' ? ((await optional(profile, 'aesKey')) ?? undefined) : await required(profile, 'aesKey');
      const scrub = scrubber([token, aesKey]);
      const result = await push({
        url,
        token,
        aesKey,
        appid: profile.appid,
        kind: profile.kind,
        mode,
        message,
        format,
        clock: ctx.clock,
        deadlineMs: ctx.callbackLive?.deadlineMs,
        ca: ctx.callbackLive?.ca,
        onExchange: recorder(profile, scrub),
      });
      return scrubDeep(result, scrub);
    },
  };
}
