/**
 * Mini-program user-data crypto, as WeChat specifies it: encryptedData is AES-128-CBC with PKCS#7
 * padding, key = base64 session_key, iv = base64 iv; signature = sha1(rawData + session_key).
 * Every failure becomes a validation error that says which input is wrong; none names the key.
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';
import { validationError } from '../../contract/errors';

export interface Watermark {
  appid: string | null;
  timestamp: number | null;
}

const SESSION_KEY_HELP =
  'The session_key changes at every wx.login(): use the one from the login that preceded getting this data.';

function decode16(value: string, path: 'sessionKey' | 'iv', label: string): Buffer {
  const bytes = Buffer.from(value.trim(), 'base64');
  if (bytes.length !== 16) {
    throw validationError(
      `The ${label} must be base64 of 16 bytes (24 characters ending in "=="); this one decodes to ${bytes.length} bytes. Is it complete?`,
      path,
    );
  }
  return bytes;
}

/** Indexes of 16-byte blocks holding control bytes, which WeChat's JSON never contains: garbled blocks. */
function garbledBlocks(plain: Buffer): number[] {
  const out: number[] = [];
  for (let i = 0; i * 16 < plain.length; i++) {
    const block = plain.subarray(i * 16, i * 16 + 16);
    if (block.some((b) => (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f)) out.push(i);
  }
  return out;
}

/** Decrypts and parses encryptedData; throws a validation error naming what is wrong. */
export function decryptUserData(sessionKey: string, encryptedData: string, iv: string): unknown {
  const key = decode16(sessionKey, 'sessionKey', 'session_key');
  const ivBytes = decode16(iv, 'iv', 'iv');
  const cipherText = Buffer.from(encryptedData.trim(), 'base64');
  if (cipherText.length === 0 || cipherText.length % 16 !== 0) {
    throw validationError(
      `encryptedData must decode to a whole number of 16-byte AES blocks; it decodes to ${cipherText.length} bytes. It was probably truncated or altered when copied.`,
      'encryptedData',
    );
  }
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-128-cbc', key, ivBytes);
    plain = Buffer.concat([decipher.update(cipherText), decipher.final()]);
  } catch {
    // A bad PKCS#7 pad after decryption: the key does not fit, or the last blocks were changed.
    throw validationError(
      `Decryption failed (bad padding): the session_key does not belong to this encryptedData, or the data was altered. ${SESSION_KEY_HELP}`,
      'sessionKey',
    );
  }
  try {
    return JSON.parse(plain.toString('utf8'));
  } catch {
    throw notJson(plain);
  }
}

/**
 * Says why a decrypted payload is not JSON. In CBC a wrong iv garbles only the first block, and a
 * changed ciphertext block garbles itself (and one byte after it); a wrong key garbles everything.
 */
function notJson(plain: Buffer) {
  const garbled = garbledBlocks(plain);
  const blocks = Math.ceil(plain.length / 16);
  if (garbled.length > blocks / 2) {
    return validationError(`The data decrypted to garbage: the session_key does not belong to this encryptedData. ${SESSION_KEY_HELP}`, 'sessionKey');
  }
  if (garbled.length === 1 && garbled[0] === 0) {
    return validationError(
      'The data decrypted, but its first 16 bytes are garbled: the iv does not belong to this encryptedData (send the iv that came with it).',
      'iv',
    );
  }
  if (garbled.length > 0) {
    return validationError(
      `The data decrypted, but ${garbled.length === 1 ? 'one block is' : `${garbled.length} blocks are`} garbled in the middle: the encryptedData was altered or damaged when copied.`,
      'encryptedData',
    );
  }
  return validationError('The data decrypted to text that is not JSON; WeChat\'s encryptedData always holds a JSON object.', 'encryptedData');
}

/** The `watermark` WeChat puts inside decrypted data, or null when there is none. */
export function watermarkOf(data: unknown): Watermark | null {
  if (typeof data !== 'object' || data === null) return null;
  const mark = (data as { watermark?: unknown }).watermark;
  if (typeof mark !== 'object' || mark === null) return null;
  const { appid, timestamp } = mark as { appid?: unknown; timestamp?: unknown };
  return {
    appid: typeof appid === 'string' ? appid : null,
    timestamp: typeof timestamp === 'number' && Number.isFinite(timestamp) ? timestamp : null,
  };
}

/** sha1(rawData + session_key), compared in constant time with the signature the client sent. */
export function checkSignature(rawData: string, sessionKey: string, signature: string): boolean {
  const expected = createHash('sha1').update(rawData + sessionKey, 'utf8').digest();
  const given = Buffer.from(signature.trim().toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** "ab…== (len 24)": enough to tell session_keys apart, useless to decrypt with. */
export function maskSessionKey(key: string): string {
  if (key.length < 8) return `*** (len ${key.length})`;
  return `${key.slice(0, 2)}…${key.slice(-2)} (len ${key.length})`;
}
