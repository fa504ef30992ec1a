/**
 * The pushes wxcred sends as WeChat (a text message, a subscribe event) in each mode and format,
 * and the judgment of the server's reply: success, empty, or a valid passive reply.
 */
import { randomInt } from 'node:crypto';
import type { AppKind, CallbackFormat, CallbackMessage, CallbackMode, LiveVerdict } from '../../contract';
import { verdict, notes } from './causes';
import { CallbackCryptoError, decryptMessage, encryptMessage } from './crypto';
import { msgSignature, sameSignature } from './signature';
import { XmlProblem, buildWechatXml, field, parseWechatXml, type XmlFields } from './xml';

/** Obviously sample identities: a real server may look them up and find nothing, which is fine. */
export const SAMPLE_ACCOUNT = 'gh_wxcred0sample';
export const SAMPLE_OPENID = 'oWxcred_sample_openid_0000000';

export type Fields = Record<string, string | number>;

export function sampleMessage(kind: AppKind, message: CallbackMessage, nowSeconds: number): Fields {
  const base = { ToUserName: SAMPLE_ACCOUNT, FromUserName: SAMPLE_OPENID, CreateTime: nowSeconds };
  if (message === 'text') {
    // Real MsgIds are 64-bit; a 16-digit one stays exact as a JS number, so XML and JSON both carry it bare.
    const msgId = 1_000_000_000_000_000 + randomInt(0, 2 ** 47);
    return { ...base, MsgType: 'text', Content: 'wxcred 测试消息 <&>', MsgId: msgId };
  }
  // A mini-program has no follow event; entering the customer-service chat is its first push.
  if (kind === 'mini-program') return { ...base, MsgType: 'event', Event: 'user_enter_tempsession', SessionFrom: 'wxcred' };
  return { ...base, MsgType: 'event', Event: 'subscribe' };
}

/** XML with numbers bare and the rest in CDATA, or the JSON a mini-program receives. */
export function serialize(fields: Fields, format: CallbackFormat): string {
  return format === 'json' ? JSON.stringify(fields) : buildWechatXml(fields);
}

export interface PushEnvelope {
  body: string;
  /** Added to the query next to signature, timestamp, nonce (and openid). */
  query: Record<string, string>;
  plaintext: string;
}

export function pushEnvelope(options: {
  fields: Fields;
  format: CallbackFormat;
  mode: CallbackMode;
  token: string;
  aesKey?: string;
  appid: string;
  timestamp: string;
  nonce: string;
}): PushEnvelope {
  const plaintext = serialize(options.fields, options.format);
  if (options.mode === 'plain') return { body: plaintext, query: {}, plaintext };
  if (!options.aesKey) throw new CallbackCryptoError('key-length', { length: 0 });
  const encrypt = encryptMessage(options.aesKey, options.appid, plaintext);
  const signature = msgSignature(options.token, options.timestamp, options.nonce, encrypt).signature;
  // 兼容模式 carries the plaintext fields and the ciphertext side by side; 安全模式 the ciphertext only.
  const outer: Fields = options.mode === 'compatible' ? { ...options.fields, Encrypt: encrypt } : { ToUserName: String(options.fields.ToUserName), Encrypt: encrypt };
  return { body: serialize(outer, options.format), query: { encrypt_type: 'aes', msg_signature: signature }, plaintext };
}

/** Reads a pasted or received message, XML or JSON, into its top-level fields. */
export function readMessage(text: string): { format: CallbackFormat; fields: XmlFields } {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (thrown) {
      throw new XmlProblem(`not valid JSON (${thrown instanceof Error ? thrown.message : 'parse error'})`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new XmlProblem('the JSON is not an object');
    const fields: XmlFields = {};
    for (const [k, v] of Object.entries(parsed)) fields[k] = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
    return { format: 'json', fields };
  }
  return { format: 'xml', fields: parseWechatXml(trimmed) };
}

const passiveTypes: Record<string, string | null> = {
  text: 'Content',
  image: 'Image',
  voice: 'Voice',
  video: 'Video',
  music: 'Music',
  news: 'Articles',
  transfer_customer_service: null,
};

export interface ReplyJudgment {
  verdict: LiveVerdict;
  decryptedReply: string | null;
}

interface JudgeOptions {
  kind: AppKind;
  mode: CallbackMode;
  token: string;
  aesKey?: string;
  appid: string;
  sent: Fields;
}

const clip = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The reply to a push, as WeChat would take it. */
export function judgeReply(status: number, body: string, options: JudgeOptions): ReplyJudgment {
  const none = (v: LiveVerdict): ReplyJudgment => ({ verdict: v, decryptedReply: null });
  if (status >= 300 && status < 400) return none(verdict('redirect', 'wrong', { status, location: '' }));
  if (status !== 200) return none(verdict('http-status', 'wrong', { status, method: 'POST' }));
  if (body === '') return none(verdict('reply-empty', 'passed'));
  if (body.trim() === 'success') return none(verdict('reply-success', 'passed', {}, body === 'success' ? [] : [notes.successWhitespace]));

  let reply: { format: CallbackFormat; fields: XmlFields };
  try {
    reply = readMessage(body);
  } catch (thrown) {
    return none(verdict('reply-not-xml', 'wrong', { detail: thrown instanceof XmlProblem ? thrown.message : `"${clip(body)}"` }));
  }
  const encrypt = field(reply.fields, 'Encrypt');
  if (encrypt === null) {
    if (options.mode === 'safe') return none(verdict('reply-not-encrypted', 'wrong'));
    return none(judgePassive(reply.fields, options));
  }
  // An encrypted reply: <Encrypt>, <MsgSignature>, <TimeStamp>, <Nonce>.
  const given = field(reply.fields, 'MsgSignature') ?? '';
  const timestamp = field(reply.fields, 'TimeStamp') ?? '';
  const nonce = field(reply.fields, 'Nonce') ?? '';
  const expected = msgSignature(options.token, timestamp, nonce, encrypt).signature;
  if (!sameSignature(given, expected)) {
    return none(verdict('reply-crypto', 'wrong', { detail: given ? 'MsgSignature does not match (Token, TimeStamp, Nonce, Encrypt)' : 'MsgSignature, TimeStamp or Nonce is missing' }));
  }
  if (!options.aesKey) return none(verdict('reply-crypto', 'wrong', { detail: 'no EncodingAESKey stored to decrypt it' }));
  let inner: { message: string; appid: string };
  try {
    inner = decryptMessage(options.aesKey, encrypt);
  } catch (thrown) {
    if (thrown instanceof CallbackCryptoError) return none(verdict('reply-crypto', 'wrong', { detail: thrown.reason }));
    throw thrown;
  }
  if (inner.appid !== options.appid) {
    return { verdict: verdict('reply-crypto', 'wrong', { detail: `AppID inside is ${clip(inner.appid, 40)}, not ${options.appid}` }), decryptedReply: inner.message };
  }
  let fields: XmlFields;
  try {
    fields = readMessage(inner.message).fields;
  } catch (thrown) {
    return { verdict: verdict('reply-not-xml', 'wrong', { detail: thrown instanceof XmlProblem ? thrown.message : 'unreadable' }), decryptedReply: inner.message };
  }
  return { verdict: judgePassive(fields, options), decryptedReply: inner.message };
}

function judgePassive(fields: XmlFields, options: JudgeOptions): LiveVerdict {
  const to = field(fields, 'ToUserName') ?? '';
  const from = field(fields, 'FromUserName') ?? '';
  const openid = String(options.sent.FromUserName);
  const gh = String(options.sent.ToUserName);
  if (to !== openid || from !== gh) return verdict('reply-users', 'wrong', { openid, gh, to: clip(to, 40) || '(none)', from: clip(from, 40) || '(none)' });
  const createTime = field(fields, 'CreateTime') ?? '';
  if (!/^\d{1,12}$/.test(createTime.trim())) return verdict('reply-createtime', 'wrong', { detail: clip(createTime, 40) || '(none)' });
  const msgType = (field(fields, 'MsgType') ?? '').trim();
  if (!(msgType in passiveTypes)) return verdict('reply-msgtype', 'wrong', { detail: clip(msgType, 40) || '(none)' });
  const required = passiveTypes[msgType];
  if (required && fields[required] === undefined) return verdict('reply-msgtype', 'wrong', { detail: `${msgType} without <${required}>` });
  if (options.kind === 'mini-program' && msgType !== 'transfer_customer_service') return verdict('mini-program-passive', 'wrong', { msgType });
  return verdict('reply-passive', 'passed', { msgType });
}
