/**
 * The values this app must never let out: its AppSecrets (and other secrets typed in), and the
 * tokens and session keys WeChat handed it. Whatever leaves main passes `redact`, which finds
 * each value in the spellings upstream text and our own formatting produce: raw, URL- and
 * form-encoded, JSON-escaped (also twice, also \u-escaped), HTML-escaped, hex and base64 (at
 * any alignment inside a longer blob, standard and URL-safe).
 */
export type SensitiveKind =
  /** Never shown anywhere: AppSecrets, proxy passwords, callback Token / EncodingAESKey. */
  | 'secret'
  /** Shown only in the one field whose purpose is to show it (getToken's accessToken, revealSessionKey…). */
  | 'credential';

export const REDACTED = '***';
/** Shorter values would redact ordinary words; WeChat's secrets, tokens and keys are far longer. */
export const MIN_SENSITIVE_LENGTH = 8;
const LIMIT = 1000;

export interface SensitiveRegistry {
  add(value: string, kind: SensitiveKind): void;
  /** Replaces every known form of every value of these kinds (default both) by ***. */
  redact(text: string, kinds?: 'all' | 'secrets'): string;
  readonly size: number;
}

const lowerPercent = (text: string): string => text.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());

const html = (text: string, apostrophe: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, apostrophe);

const jsonEscaped = (text: string): string => JSON.stringify(text).slice(1, -1);
const jsonAscii = (text: string): string =>
  jsonEscaped(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The stretch of base64 that only the value's own bytes decide, for each of the three alignments
 * it can have inside a longer encoded blob (e.g. base64 of "appid=…&secret=…").
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString('base64');
    const start = [0, 2, 3][lead] as number;
    const end = Math.floor(((lead + bytes.length) * 8) / 6);
    cores.push(encoded.slice(start, end));
  }
  return cores;
}

export function formsOf(value: string): string[] {
  const forms = new Set<string>();
  const add = (form: string): void => {
    if (form.length >= MIN_SENSITIVE_LENGTH) forms.add(form);
  };
  const json = jsonEscaped(value);
  for (const form of [value, json, jsonAscii(value), jsonEscaped(json), html(value, '&#39;'), html(value, '&#x27;'), html(json, '&#39;')]) add(form);
  try {
    const uri = encodeURIComponent(value);
    const form = new URLSearchParams([['', value]]).toString().slice(1);
    for (const f of [uri, lowerPercent(uri), encodeURIComponent(uri), form, lowerPercent(form), jsonEscaped(form)]) add(f);
  } catch {
    // A lone surrogate cannot be URL-encoded, so it cannot appear URL-encoded either.
  }
  const bytes = Buffer.from(value, 'utf8');
  const hex = bytes.toString('hex');
  add(hex);
  add(hex.toUpperCase());
  for (const core of base64Cores(bytes)) {
    add(core);
    add(core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms];
}

const PREFIX = MIN_SENSITIVE_LENGTH;

/**
 * A hash of PREFIX UTF-16 units that rolls one unit along a text at the cost of two multiplies:
 * h(i+1) = (h(i) − c(i)·B^(PREFIX−1))·B + c(i+PREFIX), all mod 2^32.
 */
const B = 0x01000193;
const B_TOP = (() => {
  let p = 1;
  for (let k = 1; k < PREFIX; k++) p = Math.imul(p, B);
  return p;
})();
const FILTER_BITS = 16;
const bucketOf = (h: number): number => (h ^ (h >>> FILTER_BITS)) & ((1 << FILTER_BITS) - 1);

function hashAt(text: string, at: number): number {
  let h = 0;
  for (let k = 0; k < PREFIX; k++) h = (Math.imul(h, B) + text.charCodeAt(at + k)) | 0;
  return h;
}

/**
 * Every form of every value, found by its first characters: adding a value costs its own forms,
 * never a rebuild. `redact` runs on every string that leaves, and almost none holds a value, so
 * it first asks a counting filter keyed by the rolling hash of each PREFIX-long window — no
 * substring, no Map lookup — and does the exact lookup only where some form's first characters
 * hash alike. The filter has false positives, never false negatives: a window that starts a form
 * hashes exactly as that form's prefix did when it was added.
 */
class FormIndex {
  private readonly byPrefix = new Map<string, Map<string, number>>();
  /** How many distinct forms' prefixes fall in each bucket; made with the first form. */
  private filter: Uint16Array | null = null;

  add(forms: readonly string[]): void {
    for (const form of forms) {
      const prefix = form.slice(0, PREFIX);
      let bucket = this.byPrefix.get(prefix);
      if (!bucket) this.byPrefix.set(prefix, (bucket = new Map()));
      const count = bucket.get(form) ?? 0;
      if (count === 0) {
        // 1,000 values of some 30 forms each stay far below a Uint16 bucket's limit.
        this.filter ??= new Uint16Array(1 << FILTER_BITS);
        this.filter[bucketOf(hashAt(form, 0))]! += 1;
      }
      bucket.set(form, count + 1);
    }
  }

  remove(forms: readonly string[]): void {
    for (const form of forms) {
      const prefix = form.slice(0, PREFIX);
      const bucket = this.byPrefix.get(prefix);
      const count = bucket?.get(form);
      if (!bucket || count === undefined) continue;
      if (count > 1) bucket.set(form, count - 1);
      else {
        bucket.delete(form);
        if (this.filter) this.filter[bucketOf(hashAt(form, 0))]! -= 1;
      }
      if (bucket.size === 0) this.byPrefix.delete(prefix);
    }
  }

  redact(text: string): string {
    const filter = this.filter;
    if (filter === null || this.byPrefix.size === 0 || text.length < PREFIX) return text;
    const last = text.length - PREFIX;
    let out = '';
    let copied = 0;
    let i = 0;
    let h = hashAt(text, 0);
    while (i <= last) {
      let longest = 0;
      if (filter[bucketOf(h)] !== 0) {
        const bucket = this.byPrefix.get(text.slice(i, i + PREFIX));
        if (bucket) for (const form of bucket.keys()) if (form.length > longest && text.startsWith(form, i)) longest = form.length;
      }
      if (longest === 0) {
        if (i < last) h = (Math.imul((h - Math.imul(text.charCodeAt(i), B_TOP)) | 0, B) + text.charCodeAt(i + PREFIX)) | 0;
        i++;
        continue;
      }
      out += text.slice(copied, i) + REDACTED;
      i += longest;
      copied = i;
      if (i <= last) h = hashAt(text, i);
    }
    return copied === 0 ? text : out + text.slice(copied);
  }
}

export function createSensitiveRegistry(limit = LIMIT): SensitiveRegistry {
  // Each value's age is the tick it was last added at; the oldest go first. Re-adding a known
  // value (every recorded call re-adds its secret and token) only restamps it, far cheaper than
  // moving it to the end of the map. Finding the oldest is a scan, but it runs only when a new
  // value arrives at a full registry, beside that value's formsOf.
  const values = new Map<string, { kind: SensitiveKind; forms: string[]; added: number }>();
  const all = new FormIndex();
  const secrets = new FormIndex();
  let tick = 0;

  const drop = (value: string): void => {
    const known = values.get(value);
    if (!known) return;
    values.delete(value);
    all.remove(known.forms);
    if (known.kind === 'secret') secrets.remove(known.forms);
  };
  const oldest = (): string | undefined => {
    let found: string | undefined;
    let at = Number.POSITIVE_INFINITY;
    for (const [value, known] of values) {
      if (known.added < at) {
        at = known.added;
        found = value;
      }
    }
    return found;
  };

  return {
    add(value, kind) {
      if (typeof value !== 'string' || value.length < MIN_SENSITIVE_LENGTH) return;
      const known = values.get(value);
      if (known && (known.kind === 'secret' || kind === 'credential')) {
        // Already known (a value once a secret stays one): only its age changes.
        known.added = ++tick;
        return;
      }
      if (known) drop(value);
      const forms = formsOf(value);
      values.set(value, { kind, forms, added: ++tick });
      all.add(forms);
      if (kind === 'secret') secrets.add(forms);
      while (values.size > limit) {
        const old = oldest();
        if (old === undefined) break;
        drop(old);
      }
    },
    redact(text, kinds = 'all') {
      return (kinds === 'all' ? all : secrets).redact(text);
    },
    get size() {
      return values.size;
    },
  };
}
