/**
 * Looking for secrets where they must not be: each secret is searched in the forms it could take
 * on its way out (raw, URL-encoded, base64 / base64url / hex of it or of its bytes, JSON-escaped),
 * in text and, binary-safe, in files (UTF-8 and UTF-16 copies of each form, plus raw key bytes).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

export interface Needle {
  /** What this is, e.g. "AppSecret (base64)". */
  name: string;
  bytes: Buffer;
}

export interface Haystack {
  /** Where it came from, e.g. "DOM after: token stable" or "file: profiles.json". */
  where: string;
  data: string | Buffer;
}

export interface Leak {
  where: string;
  needle: string;
  /** A little context either side of the first hit, printable. */
  context: string;
}

const unique = (forms: [string, string][]): [string, string][] => {
  const seen = new Set<string>();
  return forms.filter(([, text]) => text.length > 0 && !seen.has(text) && (seen.add(text), true));
};

function textNeedles(label: string, forms: [string, string][]): Needle[] {
  return unique(forms).flatMap(([form, text]) => [
    { name: `${label} (${form})`, bytes: Buffer.from(text, 'utf8') },
    { name: `${label} (${form}, UTF-16)`, bytes: Buffer.from(text, 'utf16le') },
  ]);
}

/** A secret string (an AppSecret): raw, URL-encoded, JSON-escaped, base64, base64url and hex of its text. */
export function secretNeedles(label: string, secret: string): Needle[] {
  const utf8 = Buffer.from(secret, 'utf8');
  return textNeedles(label, [
    ['raw', secret],
    ['URL-encoded', encodeURIComponent(secret)],
    ['form-encoded', new URLSearchParams({ s: secret }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify(secret).slice(1, -1)],
    ['base64', utf8.toString('base64').replace(/=+$/, '')],
    ['base64url', utf8.toString('base64url')],
    ['hex', utf8.toString('hex')],
  ]);
}

/**
 * A base64 key (a session_key): its text as above, and its 16 decoded bytes, as hex, as base64url,
 * and raw (a binary copy in a file).
 */
export function base64KeyNeedles(label: string, key: string): Needle[] {
  const bytes = Buffer.from(key, 'base64');
  return [
    ...textNeedles(label, [
      ['raw', key],
      ['unpadded', key.replace(/=+$/, '')],
      ['URL-encoded', encodeURIComponent(key)],
      ['form-encoded', new URLSearchParams({ s: key }).toString().slice(2)],
      ['JSON-escaped slashes', key.replace(/\//g, '\\/')],
      ['base64url of its bytes', bytes.toString('base64url')],
      ['hex of its bytes', bytes.toString('hex')],
      ['upper-case hex of its bytes', bytes.toString('hex').toUpperCase()],
      ['base64 of its text', Buffer.from(key, 'utf8').toString('base64').replace(/=+$/, '')],
    ]),
    { name: `${label} (decoded bytes)`, bytes },
  ];
}

/** A marker that only ever appears inside the canary values (catches partial copies too). */
export const markerNeedles = (label: string, marker: string): Needle[] => textNeedles(label, [['marker', marker]]);

const printable = (buffer: Buffer): string => buffer.toString('utf8').replace(/[^\x20-\x7e\u4e00-\u9fff]/g, '·');

export function findLeaks(haystacks: Haystack[], needles: Needle[]): Leak[] {
  const leaks: Leak[] = [];
  for (const { where, data } of haystacks) {
    const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (const needle of needles) {
      const at = buffer.indexOf(needle.bytes);
      if (at === -1) continue;
      const context = printable(buffer.subarray(Math.max(0, at - 60), Math.min(buffer.length, at + needle.bytes.length + 60)));
      leaks.push({ where, needle: needle.name, context });
    }
  }
  return leaks;
}

/** Every file under `dir`, recursively, as a binary haystack named by its relative path. */
export async function fileHaystacks(dir: string, prefix = 'file'): Promise<Haystack[]> {
  const out: Haystack[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ where: `${prefix}: ${relative(dir, path)}`, data: await readFile(path) });
  }
  return out;
}

export const describeLeaks = (leaks: Leak[]): string =>
  leaks.map((l) => `  ${l.needle} found in ${l.where}\n      …${l.context}…`).join('\n');
