/**
 * The one path every bridge call takes, whatever carried it (Electron IPC, the web-mode HTTP
 * bridge, the CLI, tests): look the channel up, validate the `unknown` payload against the
 * contract, run the handler, turn anything thrown into a typed Outcome, and redact that Outcome
 * once against every secret, token and session key the stack knows. Never throws.
 */
import { types } from 'node:util';
import { api, callIdSchema, type Channel, type Handlers } from '../contract/schema';
import { channelNames, isCancellable } from '../contract/channels';
import { WxcredError, isWxError, type Outcome, type WxError } from '../contract/errors';
import { validationErrorOf } from './validation';
import type { SensitiveKind, SensitiveRegistry } from './log/sensitive';
import { mapJson } from './log/walk';
import { cancelledError, runWithSignal, type CallRegistry } from './calls/scope';

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

/** The failure of a cancelled call: the HTTP request's own 'aborted' error (it says which endpoint), or a plain one. */
function abortedError(thrown: unknown): WxError {
  const error = toWxError(thrown);
  return error.kind === 'network' && error.reason === 'aborted' ? error : cancelledError().error;
}

export function toWxError(thrown: unknown): WxError {
  if (thrown instanceof WxcredError) return thrown.error;
  if (isWxError(thrown)) return thrown;
  // Unexpected: report the class of failure only; an arbitrary message could carry request data.
  const name = thrown instanceof Error ? thrown.name : typeof thrown;
  return { kind: 'internal', message: `Unexpected ${name} inside wxcred; see the main-process log.` };
}

const redactors = new WeakMap<object, SensitiveRegistry>();
const callRegistries = new WeakMap<object, CallRegistry>();

/** Ties a handler table to the registry its services feed; createHandlers does this for every stack. */
export function attachSensitive(handlers: Handlers, registry: SensitiveRegistry): void {
  redactors.set(handlers, registry);
}

/** Ties a handler table to the registry its cancelCall handler aborts calls in. */
export function attachCalls(handlers: Handlers, registry: CallRegistry): void {
  callRegistries.set(handlers, registry);
}

const callIdIssue = (message: string): Outcome<unknown> => ({
  ok: false,
  error: { kind: 'validation', message, issues: [{ path: 'callId', message }] },
});

/**
 * A cancellable channel's request may carry the call envelope (a callId) beside the fields its
 * schema knows; it is taken off here, so the schema sees only the request itself.
 */
function takeEnvelope(channel: Channel, payload: unknown): { payload: unknown; callId: string | null } | { problem: string } {
  if (!isCancellable(channel) || typeof payload !== 'object' || payload === null || !Object.hasOwn(payload, 'callId')) {
    return { payload, callId: null };
  }
  const { callId, ...rest } = payload as Record<string, unknown>;
  const parsed = callIdSchema.safeParse(callId);
  if (!parsed.success) return { problem: parsed.error.issues[0]?.message ?? 'A callId is a UUID.' };
  return { payload: rest, callId: parsed.data };
}

/**
 * The fields whose purpose is to show a token or key (the token card, the web-token card, Reveal):
 * there it may stand whole. Secrets are redacted even there, and everywhere else tokens are too.
 */
const shownCredentials: Partial<Record<Channel, ReadonlySet<string>>> = {
  getToken: new Set(['accessToken']),
  cachedToken: new Set(['accessToken']),
  exchangeOAuthCode: new Set(['accessToken', 'refreshToken']),
  refreshOAuthToken: new Set(['accessToken', 'refreshToken']),
  revealSessionKey: new Set(['sessionKey']),
};

/** Payload fields that carry a secret or key in: known from the moment they arrive. */
const incoming = new Map<string, SensitiveKind>([
  ['secret', 'secret'],
  ['appsecret', 'secret'],
  ['token', 'secret'],
  ['aeskey', 'secret'],
  ['encodingaeskey', 'secret'],
  ['sessionkey', 'credential'],
  ['session_key', 'credential'],
]);

function learnPayload(registry: SensitiveRegistry, payload: unknown): void {
  if (typeof payload !== 'object' || payload === null) return;
  for (const [key, value] of Object.entries(payload)) {
    const kind = incoming.get(key.toLowerCase());
    if (kind && typeof value === 'string') registry.add(value, kind);
  }
}

function redactOutcome(registry: SensitiveRegistry, channel: Channel, outcome: Outcome<unknown>): Outcome<unknown> {
  const all = (text: string): string => registry.redact(text);
  if (!outcome.ok) return { ok: false, error: mapJson(outcome.error, { text: all }) as WxError };
  const shown = shownCredentials[channel];
  const value = mapJson(outcome.value, {
    text: all,
    property: (key, v) => (shown?.has(key) && typeof v === 'string' ? { value: registry.redact(v, 'secrets') } : undefined),
  });
  return { ok: true, value };
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
  const registry = redactors.get(handlers);
  const envelope = takeEnvelope(channel, payload);
  if ('problem' in envelope) return finish(registry, channel, callIdIssue(envelope.problem));
  payload = envelope.payload;
  const parsed = api[channel].request.safeParse(payload ?? {});
  if (!parsed.success) return finish(registry, channel, { ok: false, error: validationErrorOf(parsed.error) });
  // Only what the contract accepted: a fuzzer's junk in a secret field must not blank out ordinary text.
  if (registry) {
    learnPayload(registry, parsed.data);
    learnPayload(registry, payload);
  }
  const calls = envelope.callId === null ? null : (callRegistries.get(handlers) ?? null);
  const call = calls && envelope.callId !== null ? calls.begin(envelope.callId) : null;
  if (calls && !call) return finish(registry, channel, callIdIssue('A call with this callId is already running; use a new one.'));
  let outcome: Outcome<unknown>;
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    const value = call ? await runWithSignal(call.signal, () => handler(parsed.data)) : await handler(parsed.data);
    outcome = { ok: true, value };
  } catch (thrown) {
    // Whatever a cancelled call ended with (a keychain read that finished, a join that was left), it was cancelled.
    const error = call?.signal.aborted ? abortedError(thrown) : toWxError(thrown);
    if (error.kind === 'internal') options.onUnexpected?.(channel, thrown);
    outcome = { ok: false, error };
  } finally {
    call?.end();
  }
  return finish(registry, channel, outcome);
}

/** Every outcome leaves redacted and bounded in depth (so any serialiser can carry it), or as a typed internal error. */
function finish(registry: SensitiveRegistry | undefined, channel: Channel, outcome: Outcome<unknown>): Outcome<unknown> {
  try {
    if (registry) return redactOutcome(registry, channel, outcome);
    return outcome.ok ? { ok: true, value: mapJson(outcome.value) } : outcome;
  } catch {
    return { ok: false, error: { kind: 'internal', message: 'A result could not be prepared for display; see the main-process log.' } };
  }
}
