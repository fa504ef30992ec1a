/**
 * The one path every bridge call takes, whatever carried it (Electron IPC, the web-mode HTTP
 * bridge, tests): look the channel up, validate the `unknown` payload against the contract,
 * run the handler, and turn anything thrown into a typed Outcome. Never throws.
 */
import { types } from 'node:util';
import { api, type Channel, type Handlers } from '../contract/schema';
import { channelNames } from '../contract/channels';
import { WxcredError, isWxError, type Outcome, type WxError } from '../contract/errors';
import { validationErrorOf } from './validation';

const known = new Set<string>(channelNames);

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && known.has(name);
}

/** Payloads are JSON-shaped: anything else (class instances, functions, cycles, huge nesting) is refused before zod sees it. */
const MAX_DEPTH = 8;
/** The contract's longest field (decryptUserData's encryptedData) allows 256 KB; zod checks each field's own limit. */
const MAX_STRING = 256 * 1024;

function plainJsonProblem(value: unknown, depth = 0): string | null {
  // In-process callers can pass objects that run code when inspected; IPC and JSON cannot.
  if (types.isProxy(value)) return 'a Proxy';
  if (depth > MAX_DEPTH) return 'nested too deeply';
  if (value === null || typeof value === 'boolean' || typeof value === 'undefined') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'not a finite number';
  if (typeof value === 'string') return value.length > MAX_STRING ? 'string too long' : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = plainJsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return 'not a plain object';
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key !== 'string') return 'symbol key';
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return `forbidden key "${key}"`;
      // JSON and structured clone only make data properties; reading a getter would run its code here.
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor || !('value' in descriptor)) return 'accessor property';
      const problem = plainJsonProblem(descriptor.value, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  return `unsupported ${typeof value}`;
}

export function toWxError(thrown: unknown): WxError {
  if (thrown instanceof WxcredError) return thrown.error;
  if (isWxError(thrown)) return thrown;
  // Unexpected: report the class of failure only; an arbitrary message could carry request data.
  const name = thrown instanceof Error ? thrown.name : typeof thrown;
  return { kind: 'internal', message: `Unexpected ${name} inside wxcred; see the main-process log.` };
}

export interface DispatchOptions {
  /** Where unexpected errors are reported (never shown to the page verbatim). */
  onUnexpected?: (channel: string, thrown: unknown) => void;
}

export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  payload: unknown,
  options: DispatchOptions = {},
): Promise<Outcome<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { kind: 'validation', message: 'Unknown channel.', issues: [{ path: '', message: 'Unknown channel.' }] } };
  }
  let problem: string | null;
  try {
    problem = plainJsonProblem(payload);
  } catch {
    problem = 'unreadable';
  }
  if (problem) {
    return { ok: false, error: { kind: 'validation', message: `Malformed request: ${problem}.`, issues: [{ path: '', message: problem }] } };
  }
  const parsed = api[channel].request.safeParse(payload ?? {});
  if (!parsed.success) return { ok: false, error: validationErrorOf(parsed.error) };
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (thrown) {
    const error = toWxError(thrown);
    if (error.kind === 'internal') options.onUnexpected?.(channel, thrown);
    return { ok: false, error };
  }
}
