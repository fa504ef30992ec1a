/**
 * Hostile payloads for the bridge, derived from the contract's schemas: for every channel a valid
 * base request (from the field's schema, or a sample value named after the field), then that base
 * with each field deleted or replaced by each wrong value, plus a generic set of things no IPC
 * message or JSON body should be able to smuggle in. `expectedValid` says which of them the
 * contract would accept anyway, so a fuzzer can skip those instead of guessing.
 */
import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { api, type Channel } from '../../src/contract/schema';

export interface HostilePayload {
  /** What was done, for failure messages: "setSecret: secret = 1 MB string". */
  label: string;
  payload: unknown;
}

/** Valid sample values for string fields, by field name (schemas with regexes cannot be inverted). */
export type FieldSamples = Record<string, unknown>;

type AnySchema = z.ZodType & { _zod: { def: { type: string } & Record<string, unknown>; optin?: string } };

const defOf = (schema: unknown): AnySchema['_zod']['def'] => (schema as AnySchema)._zod.def;

/** The object shape behind a channel's request schema (refinements keep the shape in zod 4). */
export function shapeOf(channel: Channel): Record<string, z.ZodType> {
  const shape = (api[channel].request as unknown as { shape?: Record<string, z.ZodType> }).shape;
  if (!shape) throw new Error(`${channel}: request schema is not an object; teach test/support/hostile.ts about it`);
  return shape;
}

/** True for fields a request may leave out (optional, or with a default). */
export const isOptionalField = (schema: z.ZodType): boolean => (schema as AnySchema)._zod.optin !== undefined;

/** A value the field's own schema accepts, without a sample: enums, literals, booleans, numbers. */
function derivedSample(schema: unknown): { ok: true; value: unknown } | { ok: false } {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'default':
    case 'nullable':
    case 'readonly':
      return derivedSample(def.innerType);
    case 'enum':
      return { ok: true, value: Object.values(def.entries as Record<string, unknown>)[0] };
    case 'literal':
      return { ok: true, value: (def.values as unknown[])[0] };
    case 'boolean':
      return { ok: true, value: false };
    case 'number': {
      const { minValue } = schema as { minValue: number | null };
      return { ok: true, value: minValue !== null && Number.isFinite(minValue) ? minValue : 1 };
    }
    default:
      return { ok: false };
  }
}

/**
 * The smallest valid request for a channel: required fields, then (when a refinement wants more)
 * each optional field in turn. Throws when a field has no sample and none can be derived, so a new
 * channel or field fails loudly here instead of being fuzzed with nothing.
 */
export function validBase(channel: Channel, samples: FieldSamples): Record<string, unknown> {
  const shape = shapeOf(channel);
  const valueOf = (key: string): unknown => {
    // A sample is named by field; where two channels share a name but not a type, the schema decides.
    if (key in samples && shape[key]!.safeParse(samples[key]).success) return samples[key];
    const derived = derivedSample(shape[key]);
    if (derived.ok) return derived.value;
    throw new Error(`${channel}.${key}: no sample value; add one to the fuzz suite's field samples`);
  };
  const required = Object.fromEntries(
    Object.entries(shape)
      .filter(([, field]) => !isOptionalField(field))
      .map(([key]) => [key, valueOf(key)]),
  );
  if (api[channel].request.safeParse(required).success) return required;
  for (const [key, field] of Object.entries(shape)) {
    if (!isOptionalField(field)) continue;
    const withOne = { ...required, [key]: valueOf(key) };
    if (api[channel].request.safeParse(withOne).success) return withOne;
  }
  throw new Error(`${channel}: no valid base request from the samples ${JSON.stringify(required)}`);
}

const MB = 1 << 20;
const hugeString = 'A'.repeat(MB);
/** Just under dispatch's own string cap, so the schema's max() checks are reached too. */
const largeString = 'B'.repeat(60_000);

function nested(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

class Widget {
  constructor(readonly value: unknown) {}
}

function cyclic(base: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...base };
  copy.self = copy;
  return copy;
}

/** An own property even for "__proto__" (a plain assignment would set the prototype instead). */
function withOwnKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...base };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

/** JSON.parse makes "__proto__" an own property (an object literal would set the prototype instead). */
const pollutingJson = (base: Record<string, unknown>, key: string): Record<string, unknown> => {
  const text = JSON.stringify(base).replace(/^\{/, `{${JSON.stringify(key)}:{"polluted":"yes","prototype":{"polluted":"yes"}},`);
  return JSON.parse(text.replace(/,\}$/, '}')) as Record<string, unknown>;
};

/** Values every field gets in turn; the ones its schema happens to accept are skipped by the caller. */
export function wrongValues(valid: unknown): [string, unknown][] {
  const values: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['true', true],
    ['false', false],
    ['0', 0],
    ['-1', -1],
    ['1.5', 1.5],
    ['-0', -0],
    ['2^53', 2 ** 53],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['empty string', ''],
    ['blank string', '   '],
    ['"x"', 'x'],
    ['NUL', '\u0000'],
    ['lone surrogate', '\uD800'],
    ['60 KB string', largeString],
    ['1 MB string', hugeString],
    ['empty array', []],
    ['array of the valid value', [valid]],
    ['empty object', {}],
    ['object holding the valid value', { value: valid }],
    ['null-prototype object', Object.create(null)],
    ['nested 20 deep', nested(20)],
    ['nested 10,000 deep', nested(10_000)],
    ['arrays nested 10,000 deep', nestedArray(10_000)],
    ['Date', new Date(0)],
    ['Map', new Map([['k', valid]])],
    ['Set', new Set([valid])],
    ['class instance', new Widget(valid)],
    ['function', () => valid],
    ['Symbol', Symbol('hostile')],
    ['BigInt', 10n],
    ['Uint8Array', new Uint8Array([1, 2, 3])],
    ['Buffer', Buffer.from('hostile')],
    ['ArrayBuffer', new ArrayBuffer(8)],
    ['RegExp', /hostile/],
    ['Error', new Error('hostile')],
    ['Promise', Promise.resolve(valid)],
    ['String object', new String(String(valid))],
    ['Number object', new Number(1)],
    ['Boolean object', new Boolean(true)],
    ['JSON.parse __proto__ object', JSON.parse('{"__proto__":{"polluted":"yes"}}')],
    ['JSON.parse constructor.prototype object', JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}')],
    ['cyclic object', cyclic({})],
  ];
  if (typeof valid === 'string') {
    values.push(['the valid string padded to 1 MB', valid + ' '.repeat(MB)], ['the valid string with a line break', `${valid}\nX`]);
  } else {
    values.push(['the valid value as a string', String(valid)]);
  }
  if (typeof valid === 'number') values.push(['the valid value + 0.5', valid + 0.5], ['the valid value as BigInt', BigInt(valid)]);
  return values;
}

/** For each field: deleted, and replaced by each wrong value. */
export function fieldMutations(channel: Channel, base: Record<string, unknown>, samples: FieldSamples): HostilePayload[] {
  const out: HostilePayload[] = [];
  for (const key of Object.keys(shapeOf(channel))) {
    const { [key]: _dropped, ...without } = base;
    out.push({ label: `${channel}: without ${key}`, payload: without });
    const valid = key in base ? base[key] : (samples[key] ?? 'x');
    for (const [what, value] of wrongValues(valid)) out.push({ label: `${channel}: ${key} = ${what}`, payload: { ...base, [key]: value } });
  }
  return out;
}

/** Whole-payload attacks that do not depend on the fields. */
export function genericHostile(channel: Channel, base: Record<string, unknown>): HostilePayload[] {
  const out: HostilePayload[] = [];
  const add = (label: string, payload: unknown) => out.push({ label: `${channel}: ${label}`, payload });

  for (const [what, value] of wrongValues(base)) add(`payload = ${what}`, value);
  add('payload = array of the base', [base]);
  add('payload = array carrying the base fields', Object.assign([], base));
  add('payload = the base as a class instance', Object.assign(new Widget(null), base));
  add('payload = the base with a Date prototype', Object.setPrototypeOf({ ...base }, Date.prototype));
  add('payload = the base inheriting from a polluted prototype', Object.setPrototypeOf({ ...base }, { polluted: 'yes' }));
  add('payload = cyclic base', cyclic(base));
  add('extra field', { ...base, extra: 1 });
  add('extra field holding a 1 MB string', { ...base, extra: hugeString });
  add('extra field with a 1 MB name', { ...base, [hugeString]: 1 });
  add('10,000 extra fields', { ...base, ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) });
  add('extra field nested 10,000 deep', { ...base, extra: nested(10_000) });
  add('symbol-keyed field', { ...base, [Symbol('hostile')]: 1 });
  add('symbol-keyed field named like a real one', { ...base, [Symbol.for(Object.keys(base)[0] ?? 'x')]: 1 });
  for (const key of ['__proto__', 'constructor', 'prototype']) {
    add(`"${key}" via JSON.parse`, pollutingJson(base, key));
    add(`"${key}" via defineProperty`, withOwnKey(base, key, { polluted: 'yes', prototype: { polluted: 'yes' } }));
    add(`"${key}" holding the base via defineProperty`, withOwnKey(base, key, base));
    add(`"${key}" nested in an extra field via JSON.parse`, { ...base, extra: pollutingJson({}, key) });
  }
  for (const key of ['toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__']) add(`own "${key}"`, { ...base, [key]: 'hostile' });
  // In-process callers (the CLI, tests) can hand over objects no IPC message could carry.
  const first = Object.keys(base)[0];
  if (first !== undefined) {
    const getter = { ...base };
    Object.defineProperty(getter, first, { get: () => base[first], enumerable: true });
    add(`"${first}" as a getter returning the valid value`, getter);
    const thrower = { ...base };
    Object.defineProperty(thrower, first, {
      get: () => {
        throw new Error('getter trap');
      },
      enumerable: true,
    });
    add(`"${first}" as a throwing getter`, thrower);
    let reads = 0;
    const shifty = { ...base };
    Object.defineProperty(shifty, first, { get: () => (reads++ === 0 ? base[first] : { polluted: 'yes' }), enumerable: true });
    add(`"${first}" as a getter that changes after the first read`, shifty);
  }
  add(
    'a Proxy whose ownKeys trap throws',
    new Proxy({ ...base }, {
      ownKeys: () => {
        throw new Error('proxy trap');
      },
    }),
  );
  add(
    'a Proxy whose get trap throws',
    new Proxy({ ...base }, {
      get: () => {
        throw new Error('proxy trap');
      },
    }),
  );
  add(
    'a Proxy whose getPrototypeOf trap throws',
    new Proxy({ ...base }, {
      getPrototypeOf: () => {
        throw new Error('proxy trap');
      },
    }),
  );
  return out;
}

/** Every hostile payload for one channel. */
export function hostilePayloads(channel: Channel, samples: FieldSamples): HostilePayload[] {
  const base = validBase(channel, samples);
  return [...fieldMutations(channel, base, samples), ...genericHostile(channel, base)];
}

/**
 * Is this payload something a renderer could legitimately send, and the contract accepts? JSON
 * data (plain or null-prototype objects, arrays, finite numbers, strings, booleans, null; undefined
 * stands for a missing field) that the channel's schema parses. dispatch() treats a missing payload
 * as {}, so this does too. Never throws, whatever it is given.
 */
export function expectedValid(channel: Channel, payload: unknown): boolean {
  try {
    if (!isJsonData(payload, new Set())) return false;
    return api[channel].request.safeParse(payload ?? {}).success;
  } catch {
    return false;
  }
}

/** `ancestors` catches cycles; a value shared by two fields is still data. */
function isJsonData(value: unknown, ancestors: Set<object>): boolean {
  if (value === null || value === undefined || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || ancestors.has(value)) return false;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return false;
      const keys = Reflect.ownKeys(value).filter((k) => k !== 'length');
      if (!isDeepStrictEqual(keys, value.map((_, i) => String(i)))) return false;
      return value.every((item) => isJsonData(item, ancestors));
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key !== 'string' || key === '__proto__' || key === 'constructor' || key === 'prototype') return false;
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor || !('value' in descriptor) || !descriptor.enumerable) return false;
      if (!isJsonData(descriptor.value, ancestors)) return false;
    }
    return true;
  } finally {
    ancestors.delete(value);
  }
}
