/**
 * WeChat's callback signatures: sha1 over the inputs sorted in dictionary order and joined with
 * nothing in between. `signature` covers Token, timestamp and nonce; `msg_signature` adds the
 * Encrypt field of an encrypted message.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CallbackSignature, SignaturePart } from '../../contract';

export function signParts(token: string, parts: { name: Exclude<SignaturePart['name'], 'token'>; value: string }[]): CallbackSignature {
  const all = [{ name: 'token' as const, value: token }, ...parts];
  // Dictionary order of the strings themselves, as WeChat's samples sort them (code units; WeChat's inputs are ASCII).
  const sorted = [...all].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const signature = createHash('sha1').update(sorted.map((p) => p.value).join(''), 'utf8').digest('hex');
  return { signature, sorted: sorted.map((p) => ({ name: p.name, value: p.name === 'token' ? null : p.value })) };
}

export const callbackSignature = (token: string, timestamp: string, nonce: string): CallbackSignature =>
  signParts(token, [
    { name: 'timestamp', value: timestamp },
    { name: 'nonce', value: nonce },
  ]);

export const msgSignature = (token: string, timestamp: string, nonce: string, encrypt: string): CallbackSignature =>
  signParts(token, [
    { name: 'timestamp', value: timestamp },
    { name: 'nonce', value: nonce },
    { name: 'encrypt', value: encrypt },
  ]);

/** Constant-time comparison of two hex signatures (case-insensitive, as servers compare them). */
export function sameSignature(got: string, expected: string): boolean {
  const a = Buffer.from(got.trim().toLowerCase());
  const b = Buffer.from(expected.toLowerCase());
  return a.length === b.length && timingSafeEqual(a, b);
}
