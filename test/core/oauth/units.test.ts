/** The small pieces: session store bounds, the code-reuse guard, masking and signatures. */
import { describe, expect, it } from 'vitest';
import { WxcredError } from '../../../src/contract/errors';
import { createCodeGuard } from '../../../src/core/oauth/codeGuard';
import { checkSignature, maskSessionKey, watermarkOf } from '../../../src/core/oauth/crypto';
import { createSessionStore } from '../../../src/core/oauth/sessions';
import { signRawData } from '../../../src/core/simulator/oauth';

describe('session store', () => {
  it('keeps the last N, oldest out first; a re-added id becomes the newest', () => {
    const store = createSessionStore<number>('login', 3);
    for (const id of ['a', 'b', 'c']) store.add(id, 1);
    store.add('a', 2);
    store.add('d', 3);
    expect(store.has('b')).toBe(false);
    expect(store.get('a')).toBe(2);
    expect(store.size).toBe(3);
    expect(() => store.get('b')).toThrow(/no longer held.*last 3/);
  });
});

describe('code guard', () => {
  it('stops a second exchange, remembers only digests, and keeps the first time', () => {
    let now = Date.UTC(2025, 0, 6, 2, 0, 0);
    const guard = createCodeGuard(() => now);
    guard.check('oauth', 'wx1', 'CODE', false);
    guard.remember('oauth', 'wx1', 'CODE');
    now += 60_000;
    guard.remember('oauth', 'wx1', 'CODE');
    expect(guard.usedAt('oauth', 'wx1', 'CODE')).toBe(Date.UTC(2025, 0, 6, 2, 0, 0));
    let thrown: unknown;
    try {
      guard.check('oauth', 'wx1', 'CODE', false);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(WxcredError);
    expect((thrown as WxcredError).error).toMatchObject({ kind: 'validation', issues: [{ path: 'allowReuse' }] });
    expect((thrown as WxcredError).message).toContain('2025-01-06T02:00:00.000Z');
    expect(() => guard.check('oauth', 'wx1', 'CODE', true)).not.toThrow();
    // Another app, or the other kind of code, is another code.
    expect(() => guard.check('oauth', 'wx2', 'CODE', false)).not.toThrow();
    expect(() => guard.check('jscode', 'wx1', 'CODE', false)).not.toThrow();
  });

  it('is bounded', () => {
    const guard = createCodeGuard(() => 0, 2);
    for (const code of ['a', 'b', 'c']) guard.remember('oauth', 'wx1', code);
    expect(guard.usedAt('oauth', 'wx1', 'a')).toBeNull();
    expect(guard.usedAt('oauth', 'wx1', 'c')).toBe(0);
  });
});

describe('crypto helpers', () => {
  it('masks a session_key to its first and last two characters and its length', () => {
    expect(maskSessionKey('tiihtNczf5v6AKRyjwEUhQ==')).toBe('ti…== (len 24)');
    expect(maskSessionKey('short')).toBe('*** (len 5)');
  });

  it('checks signatures in constant time on the bytes, case-insensitively', () => {
    const key = 'HyVFkGl5F5OQWJZZaNzBBg==';
    const raw = '{"nickName":"Band","gender":1}';
    const sig = signRawData(raw, key);
    expect(checkSignature(raw, key, sig)).toBe(true);
    expect(checkSignature(raw, key, sig.toUpperCase())).toBe(true);
    expect(checkSignature(raw, key, `${sig.slice(0, 39)}${sig[39] === '0' ? '1' : '0'}`)).toBe(false);
  });

  it('reads a watermark, and says null when there is none', () => {
    expect(watermarkOf({ watermark: { appid: 'wx1', timestamp: 5 } })).toEqual({ appid: 'wx1', timestamp: 5 });
    expect(watermarkOf({ watermark: { appid: 3 } })).toEqual({ appid: null, timestamp: null });
    expect(watermarkOf({ a: 1 })).toBeNull();
    expect(watermarkOf([1])).toBeNull();
  });
});
