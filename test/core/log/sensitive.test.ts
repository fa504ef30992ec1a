import { describe, expect, it } from 'vitest';
import { createSensitiveRegistry, formsOf, REDACTED } from '../../../src/core/log/sensitive';

const SECRET = 'fake-secret-0123456789abcdef/+=é中';
const TOKEN = `FAKE_TOKEN_${'x9'.repeat(60)}`;

/** The rule `redact` must keep, written the slow way: at each position, the longest known form starting there. */
function reference(text: string, values: readonly string[]): string {
  const forms = values.flatMap(formsOf);
  let out = '';
  for (let i = 0; i < text.length; ) {
    const longest = forms.reduce((best, form) => (form.length > best && text.startsWith(form, i) ? form.length : best), 0);
    if (longest === 0) {
      out += text[i];
      i++;
    } else {
      out += REDACTED;
      i += longest;
    }
  }
  return out;
}

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

describe('the registry finds every spelling wherever it sits', () => {
  it('redacts each form of a value at any offset, alone or among 1,000 other values', () => {
    for (const others of [0, 999]) {
      const registry = createSensitiveRegistry();
      for (let i = 0; i < others; i++) registry.add(`other-fake-value-${i}-${'q'.repeat(i % 40)}`, i % 2 ? 'secret' : 'credential');
      registry.add(SECRET, 'secret');
      registry.add(TOKEN, 'credential');
      for (const value of [SECRET, TOKEN]) {
        for (const form of formsOf(value)) {
          for (const lead of ['', 'a', 'ab', 'abc', 'x=', '"k":"', '%20', 'AAAA']) {
            const text = `${lead}${form}tail`;
            const out = registry.redact(text);
            expect(out, `${JSON.stringify(form)} after ${JSON.stringify(lead)}`).not.toContain(form);
            expect(out).toContain(REDACTED);
            expect(out.endsWith('tail')).toBe(true);
          }
          // The form as the whole text, and twice in a row.
          expect(registry.redact(form)).toBe(REDACTED);
          expect(registry.redact(form + form)).toBe(REDACTED + REDACTED);
        }
      }
      expect(registry.redact(SECRET, 'secrets')).toBe(REDACTED);
      expect(registry.redact(TOKEN, 'secrets')).toBe(TOKEN);
    }
  });

  it('gives what the slow rule gives on texts made of pieces of forms and noise', () => {
    const values = [SECRET, TOKEN, 'abcdefgh', 'abcdefghij', 'bcdefghi'];
    const registry = createSensitiveRegistry();
    for (const value of values) registry.add(value, 'secret');
    const forms = values.flatMap(formsOf);
    const next = random(7);
    for (let round = 0; round < 400; round++) {
      let text = '';
      while (text.length < 200) {
        const form = forms[Math.floor(next() * forms.length)] as string;
        const pick = next();
        if (pick < 0.3) text += form;
        else if (pick < 0.6) text += form.slice(0, 1 + Math.floor(next() * form.length));
        else text += 'abcdefgh%2F+/=\\"中'.charAt(Math.floor(next() * 16)).repeat(1 + Math.floor(next() * 3));
      }
      expect(registry.redact(text), `round ${round}`).toBe(reference(text, values));
    }
  });

  it('forgets evicted values and keeps the rest after evictions', () => {
    const registry = createSensitiveRegistry(3);
    const values = ['fake-value-one-1111', 'fake-value-two-2222', 'fake-value-three-33', 'fake-value-four-444'];
    for (const value of values) registry.add(value, 'secret');
    expect(registry.size).toBe(3);
    expect(registry.redact(`x ${values[0]} y`)).toBe(`x ${values[0]} y`);
    for (const value of values.slice(1)) {
      for (const form of formsOf(value)) expect(registry.redact(`<${form}>`)).toBe(`<${REDACTED}>`);
    }
    // Re-adding an evicted value makes it known again.
    registry.add(values[0] as string, 'secret');
    expect(registry.redact(`x ${values[0]} y`)).toBe(`x ${REDACTED} y`);
  });

  it('evicts the value added longest ago: re-adding a known value makes it the newest', () => {
    const registry = createSensitiveRegistry(3);
    const [one, two, three, four, five] = ['fake-value-one-1111', 'fake-value-two-2222', 'fake-value-three-33', 'fake-value-four-444', 'fake-value-five-555'];
    for (const value of [one, two, three]) registry.add(value!, 'secret');
    registry.add(one!, 'secret');
    registry.add(four!, 'credential');
    const known = (value: string) => registry.redact(value) === REDACTED;
    expect([one, two, three, four].map((v) => known(v!))).toEqual([true, false, true, true]);
    // A credential seen again as a secret is re-learnt as one, and is then the newest.
    registry.add(three!, 'credential');
    registry.add(four!, 'secret');
    registry.add(five!, 'secret');
    expect([one, three, four, five].map((v) => known(v!))).toEqual([false, true, true, true]);
    expect(registry.redact(four!, 'secrets')).toBe(REDACTED);
    expect(registry.size).toBe(3);
  });
});
