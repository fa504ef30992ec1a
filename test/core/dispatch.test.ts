import { describe, expect, it, vi } from 'vitest';
import type { Handlers } from '../../src/contract';
import { channelNames } from '../../src/contract/channels';
import { WxcredError } from '../../src/contract/errors';
import { attachSensitive, dispatch } from '../../src/core/dispatch';
import { createSensitiveRegistry } from '../../src/core/log/sensitive';

const profileId = '5b3c7f0e-9d1a-4c2b-8e6f-0a1b2c3d4e5f';

function recordingHandlers() {
  const calls: { channel: string; request: unknown }[] = [];
  const handlers = Object.fromEntries(
    channelNames.map((name) => [
      name,
      vi.fn(async (request: unknown) => {
        calls.push({ channel: name, request });
        return { handled: name };
      }),
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

describe('dispatch', () => {
  it('passes a valid request, parsed with defaults, to its handler', async () => {
    const { handlers, calls } = recordingHandlers();
    const outcome = await dispatch(handlers, 'getToken', { profileId });
    expect(outcome).toEqual({ ok: true, value: { handled: 'getToken' } });
    expect(calls).toEqual([{ channel: 'getToken', request: { profileId, lane: 'stable', confirmInvalidate: false } }]);
  });

  it('refuses an unknown channel without calling anything', async () => {
    const { handlers, calls } = recordingHandlers();
    const outcome = await dispatch(handlers, 'getSecret', { profileId });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation', message: 'Unknown channel.' } });
    expect(calls).toHaveLength(0);
  });

  it.each([
    ['a wrong type', { profileId: 42 }],
    ['a missing field', {}],
    ['an extra field', { profileId, secret: 'x' }],
    ['a non-uuid id', { profileId: '../../etc/passwd' }],
    ['a string payload', 'hello'],
    ['an array payload', [profileId]],
  ])('turns %s into a typed validation error', async (_what, payload) => {
    const { handlers, calls } = recordingHandlers();
    const outcome = await dispatch(handlers, 'secretStatus', payload);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error.kind).toBe('validation');
      if (outcome.error.kind === 'validation') expect(outcome.error.issues.length).toBeGreaterThan(0);
    }
    expect(calls).toHaveLength(0);
  });

  it('refuses prototype-pollution keys, non-plain objects and deep nesting before validation', async () => {
    const { handlers, calls } = recordingHandlers();
    const polluted = JSON.parse(`{"profileId":"${profileId}","__proto__":{"admin":true}}`);
    let deep: unknown = {};
    for (let i = 0; i < 50; i++) deep = { a: deep };
    for (const payload of [polluted, new Date(), new Map(), deep, { profileId, constructor: {} }]) {
      const outcome = await dispatch(handlers, 'secretStatus', payload);
      expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation' } });
    }
    expect(calls).toHaveLength(0);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('names the failing field and the AppID rule for a bad appid', async () => {
    const { handlers } = recordingHandlers();
    const outcome = await dispatch(handlers, 'saveProfile', { label: 'Shop', appid: 'wxNOTHEX', kind: 'mini-program' });
    expect(outcome).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'appid', message: expect.stringContaining('16 hexadecimal') }] },
    });
  });

  it('returns thrown WxcredErrors as they are, and hides unexpected errors behind a typed internal error', async () => {
    const { handlers } = recordingHandlers();
    handlers.secretStatus = async () => {
      throw new WxcredError({ kind: 'keychain', reason: 'unavailable', message: 'No keyring.' });
    };
    handlers.deleteSecret = async () => {
      throw new Error('boom with FAKE-SECRET-inside');
    };
    const onUnexpected = vi.fn();
    expect(await dispatch(handlers, 'secretStatus', { profileId })).toEqual({
      ok: false,
      error: { kind: 'keychain', reason: 'unavailable', message: 'No keyring.' },
    });
    const hidden = await dispatch(handlers, 'deleteSecret', { profileId }, { onUnexpected });
    expect(hidden).toMatchObject({ ok: false, error: { kind: 'internal' } });
    expect(JSON.stringify(hidden)).not.toContain('FAKE-SECRET');
    expect(onUnexpected).toHaveBeenCalledOnce();
  });

  it('requires confirmInvalidate to be a boolean, not a truthy string', async () => {
    const { handlers } = recordingHandlers();
    const outcome = await dispatch(handlers, 'getToken', { profileId, lane: 'classic', confirmInvalidate: 'yes' });
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });
});

describe('what leaves dispatch', () => {
  const SECRET = 'FAKE-SECRET-0123456789abcdef';
  const TOKEN = `86_${'T'.repeat(60)}end`;

  function withRegistry(answer: (channel: string) => unknown) {
    const handlers = Object.fromEntries(channelNames.map((name) => [name, async () => answer(name)])) as unknown as Handlers;
    const registry = createSensitiveRegistry();
    registry.add(SECRET, 'secret');
    registry.add(TOKEN, 'credential');
    attachSensitive(handlers, registry);
    return handlers;
  }

  it('a result nested 50,000 levels deep leaves cut to a depth any serialiser carries, not as a RangeError', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 50_000; i++) deep = { a: deep };
    const outcome = await dispatch(withRegistry(() => deep), 'appInfo', {});
    expect(outcome.ok).toBe(true);
    expect(JSON.stringify(outcome)).toContain('[nested too deeply]');
    expect(() => structuredClone(outcome)).not.toThrow();
  });

  it('secrets are redacted everywhere; a token only stands whole in the field that shows it', async () => {
    const handlers = withRegistry(() => ({ accessToken: TOKEN, note: `echo ${TOKEN} ${SECRET}`, deeper: [{ x: encodeURIComponent(SECRET) }] }));
    const token = await dispatch(handlers, 'getToken', { profileId });
    expect(token).toEqual({ ok: true, value: { accessToken: TOKEN, note: 'echo *** ***', deeper: [{ x: '***' }] } });
    const other = await dispatch(handlers, 'appInfo', {});
    expect(JSON.stringify(other)).not.toContain(TOKEN);
  });

  it('errors are redacted too, and a secret arriving in setSecret is known from then on', async () => {
    const handlers = withRegistry(() => {
      throw new WxcredError({ kind: 'network', reason: 'other', message: 'echo NEW-FAKE-SECRET-abcdef012345' });
    });
    const outcome = await dispatch(handlers, 'setSecret', { profileId, secret: 'NEW-FAKE-SECRET-abcdef012345' });
    expect(outcome).toMatchObject({ ok: false, error: { message: 'echo ***' } });
  });
});
