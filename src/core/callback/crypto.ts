/**
 * WeChat's message encryption (消息加解密) with the EncodingAESKey: AES-256-CBC, the key is the
 * 43-character EncodingAESKey base64-decoded (with "=" appended), the IV its first 16 bytes.
 * Plaintext: 16 random bytes, the message length (4 bytes, big-endian), the message, the AppID;
 * padded PKCS#7-style to a multiple of 32 bytes (not AES's 16), so a pad byte is 1–32.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { CryptoFailure } from '../../contract';
import { AES_KEY_LENGTH } from '../../contract/constants';

const BLOCK = 32;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A failure with the detail that explains it (lengths, never key material). */
export class CallbackCryptoError extends Error {
  constructor(
    readonly reason: CryptoFailure,
    readonly detail: Record<string, string | number> = {},
  ) {
    super(reason);
    this.name = 'CallbackCryptoError';
  }
}

export function aesKeyBytes(encodingAesKey: string): Buffer {
  const key = encodingAesKey.trim();
  if (key.length !== AES_KEY_LENGTH) throw new CallbackCryptoError('key-length', { length: key.length });
  if (!/^[A-Za-z0-9+/]+$/.test(key)) throw new CallbackCryptoError('key-base64');
  const bytes = Buffer.from(`${key}=`, 'base64');
  // 43 base64 characters always decode to 32 bytes; checked anyway so a wrong key can never reach the cipher.
  if (bytes.length !== 32) throw new CallbackCryptoError('key-length', { length: key.length });
  return bytes;
}

export interface Decrypted {
  message: string;
  appid: string;
}

export function decryptMessage(encodingAesKey: string, encrypt: string): Decrypted {
  const key = aesKeyBytes(encodingAesKey);
  const text = encrypt.replace(/\s+/g, '');
  if (text === '' || !BASE64.test(text) || text.length % 4 !== 0) throw new CallbackCryptoError('not-base64');
  const data = Buffer.from(text, 'base64');
  if (data.length === 0 || data.length % 16 !== 0) throw new CallbackCryptoError('bad-block', { bytes: data.length });
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  // A wrong key (or a ciphertext for another app) almost always shows here first.
  if (pad < 1 || pad > BLOCK || pad > plain.length || !plain.subarray(plain.length - pad).every((b) => b === pad)) {
    throw new CallbackCryptoError('bad-padding', { pad });
  }
  const body = plain.subarray(0, plain.length - pad);
  if (body.length < 20) throw new CallbackCryptoError('bad-length', { length: 0, available: body.length });
  const length = body.readUInt32BE(16);
  if (length > body.length - 20) throw new CallbackCryptoError('bad-length', { length, available: body.length - 20 });
  return {
    message: body.subarray(20, 20 + length).toString('utf8'),
    appid: body.subarray(20 + length).toString('utf8'),
  };
}

export function encryptMessage(encodingAesKey: string, appid: string, message: string, random: Buffer = randomBytes(16)): string {
  const key = aesKeyBytes(encodingAesKey);
  if (random.length !== 16) throw new Error('the random prefix is 16 bytes');
  const msg = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(msg.length);
  const body = Buffer.concat([random, length, msg, Buffer.from(appid, 'utf8')]);
  const pad = BLOCK - (body.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([body, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}
