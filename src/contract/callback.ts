/**
 * The server URL lab: wxcred plays WeChat against the developer's callback server. The Token and
 * the EncodingAESKey never come back: results carry signatures, ciphertexts and plaintexts only.
 */
import type { Bilingual } from './errcodes';
import type { CallbackFormat, CallbackMessage, CallbackMode, CallbackSecretKind } from './constants';
import type { SecretStatus } from './secrets';

export type { CallbackFormat, CallbackMessage, CallbackMode, CallbackSecretKind };

/** Whether a Token and an EncodingAESKey are stored for the app, with their last characters. */
export type CallbackSecrets = Record<CallbackSecretKind, SecretStatus>;

/** One input of a signature, in sorted order; the Token's value is never shown. */
export interface SignaturePart {
  name: 'token' | 'timestamp' | 'nonce' | 'encrypt';
  /** null for the Token. */
  value: string | null;
}

export interface CallbackSignature {
  signature: string;
  /** The inputs in the order they were concatenated (dictionary order). */
  sorted: SignaturePart[];
}

/** Why a decryption (or an encryption) could not be done, or what did not match. */
export type CryptoFailure =
  | 'key-length'
  | 'key-base64'
  | 'not-base64'
  | 'bad-block'
  | 'bad-padding'
  | 'bad-length'
  | 'appid-mismatch'
  | 'signature-mismatch'
  | 'malformed'
  | 'no-encrypt';

export interface CryptoProblem {
  reason: CryptoFailure;
  /** What went wrong, in both languages; may quote a length or a field name, never a secret. */
  text: Bilingual;
}

export interface QueryCheck {
  name: 'signature' | 'msg_signature';
  got: string;
  expected: string;
  valid: boolean;
}

export interface QueryVerification {
  /** The parameters WeChat signs or sends, as found in the pasted URL or query. */
  params: Partial<Record<'signature' | 'timestamp' | 'nonce' | 'echostr' | 'msg_signature' | 'encrypt_type' | 'openid', string>>;
  checks: QueryCheck[];
  /** Parameters that are needed for a check but missing. */
  missing: string[];
  /** E.g. msg_signature present but no body pasted to check it against. */
  notes: Bilingual[];
}

export interface DecryptResult {
  format: CallbackFormat | 'base64';
  /** null when no msg_signature was given to check. */
  signatureValid: boolean | null;
  expectedSignature: string | null;
  /** The AppID found inside the ciphertext. */
  appid: string | null;
  appidMatches: boolean | null;
  plaintext: string | null;
  /** The first thing that went wrong, or null. */
  problem: CryptoProblem | null;
}

export interface EncryptResult {
  encrypt: string;
  msgSignature: string;
  timestamp: string;
  nonce: string;
  /** The reply body as WeChat expects it (XML or JSON). */
  envelope: string;
}

/** One HTTP exchange exactly as it went over the wire (after the request, as much as arrived). */
export interface RawExchange {
  request: { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; body: string | null };
  response: { status: number; headers: Record<string, string>; body: string; bytes: number; truncated: boolean } | null;
  ms: number;
  /** Transport failure (DNS, refused, TLS, deadline) as the socket reported it. */
  error: string | null;
}

export type LiveCause =
  | 'ok'
  | 'bad-url'
  | 'port'
  | 'unreachable'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'redirect'
  | 'http-status'
  | 'signature-rejected'
  | 'json-quoted'
  | 'html-wrapped'
  | 'bom'
  | 'whitespace'
  | 'body-mismatch'
  | 'reply-success'
  | 'reply-empty'
  | 'reply-passive'
  | 'reply-not-xml'
  | 'reply-users'
  | 'reply-createtime'
  | 'reply-msgtype'
  | 'reply-not-encrypted'
  | 'reply-crypto'
  | 'mini-program-passive';

/** A verdict's reason and what to do; bilingual like the errcode table. */
export interface LiveVerdict {
  /** The server would pass WeChat's check. */
  ok: boolean;
  /** What the CLI's exit status says: passed, answered wrong, or never answered in time. */
  outcome: 'passed' | 'wrong' | 'unreachable';
  cause: { code: LiveCause; zh: string; en: string };
  fix: Bilingual | null;
  /** Things that do not fail the check but matter (a private address, no signature check…). */
  notes: Bilingual[];
}

export interface HandshakeResult extends LiveVerdict {
  echostr: string;
  status: number | null;
  ms: number;
  body: string | null;
  exchanges: RawExchange[];
}

export interface PushResult extends LiveVerdict {
  mode: CallbackMode;
  format: CallbackFormat;
  message: CallbackMessage;
  status: number | null;
  ms: number;
  reply: string | null;
  /** The plaintext inside an encrypted reply, when there was one and it decrypted. */
  decryptedReply: string | null;
  /** The message pushed, before encryption. */
  sent: string;
  exchanges: RawExchange[];
}
