/**
 * Mini-program login through the real handlers against the fake: jscode2session, the session_key
 * held in main, real AES-128-CBC decryption, signatures and the phone number.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WxError } from '../../../src/contract/errors';
import { encryptUserData, signRawData } from '../../../src/core/simulator/oauth';
import { FAKE_MINI_APP, startHarness, type Harness } from './oauthSupport';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const APPID = FAKE_MINI_APP.appid;
const login = (jsCode: string, allowReuse = false) => h.call('jscode2session', { profileId: h.profiles.mini.id, jsCode, allowReuse });
const failLogin = (jsCode: string, allowReuse = false) => h.fail('jscode2session', { profileId: h.profiles.mini.id, jsCode, allowReuse });
const messageOf = (error: WxError): string => (error.kind === 'wechat' ? error.errmsg : error.message);

/** Flips one bit in byte `at` of a base64 string's bytes. */
function flip(b64: string, at: number, mask = 0x01): string {
  const bytes = Buffer.from(b64, 'base64');
  bytes[at] = (bytes[at] ?? 0) ^ mask;
  return bytes.toString('base64');
}

describe('jscode2session', () => {
  it('returns openid and unionid with the session_key masked, sending the documented query', async () => {
    const issued = h.fake.issueJsCode(APPID, { unionid: 'oUnionMini' });
    const session = await login(issued.code);
    expect(session).toMatchObject({ profileId: h.profiles.mini.id, appid: APPID, openid: issued.openid, unionid: 'oUnionMini', obtainedAt: h.clock.now(), route: { kind: 'direct' } });
    expect(session.sessionKeyMasked).toBe(`${issued.sessionKey.slice(0, 2)}…${issued.sessionKey.slice(-2)} (len 24)`);
    expect(JSON.stringify(session)).not.toContain(issued.sessionKey);
    expect(h.fake.requests.at(-1)?.query).toEqual({ appid: APPID, secret: FAKE_MINI_APP.secret, js_code: issued.code, grant_type: 'authorization_code' });
  });

  it('revealSessionKey is the one channel that returns the session_key', async () => {
    const issued = h.fake.issueJsCode(APPID);
    const session = await login(issued.code);
    expect(await h.call('revealSessionKey', { sessionId: session.id })).toEqual({ sessionKey: issued.sessionKey });
  });

  it.each([
    ['an unknown js_code', () => '0NeverIssuedJsCode00000000000000', 40029],
    ['an expired js_code', () => {
      const { code } = h.fake.issueJsCode(APPID);
      h.clock.advance(5 * 60_000 + 1);
      return code;
    }, 40029],
    ['a high-risk user', () => h.fake.issueJsCode(APPID, { risky: true }).code, 40226],
  ])('%s stays a typed wechat error', async (_what, codeOf, errcode) => {
    const error = await failLogin(codeOf());
    expect(error).toMatchObject({ kind: 'wechat', errcode, endpoint: '/sns/jscode2session', entry: { code: errcode } });
  });

  it('45011 (per-minute limit) stays a typed wechat error', async () => {
    h.fake.scenario.minuteQuota45011('/sns/jscode2session');
    expect(await failLogin(h.fake.issueJsCode(APPID).code)).toMatchObject({ kind: 'wechat', errcode: 45011 });
  });

  it('single flight: 20 concurrent logins with one js_code make one upstream call and share its answer', async () => {
    const { code } = h.fake.issueJsCode(APPID);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => login(code)));
    expect(h.fake.calls('/sns/jscode2session')).toBe(1);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const masked = new Set(results.map((r) => (r.status === 'fulfilled' ? r.value.sessionKeyMasked : '')));
    expect(masked.size).toBe(1);
  });

  it('reuse guard on path allowReuse; allowed, WeChat answers 40163', async () => {
    const { code } = h.fake.issueJsCode(APPID);
    await login(code);
    const guarded = await failLogin(code);
    expect(guarded).toMatchObject({ kind: 'validation', issues: [{ path: 'allowReuse' }] });
    expect(messageOf(guarded)).toMatch(/js_code was already exchanged at .*40163/);
    expect(h.fake.calls('/sns/jscode2session')).toBe(1);
    expect(await failLogin(code, true)).toMatchObject({ kind: 'wechat', errcode: 40163 });
  });

  it('refuses a js_code with spaces or quotes before calling WeChat', async () => {
    expect(await failLogin("0abc 'def'")).toMatchObject({ kind: 'validation', issues: [{ path: 'jsCode' }] });
    expect(h.fake.calls('/sns/jscode2session')).toBe(0);
  });
});

describe('decryptUserData', () => {
  async function loggedIn() {
    const issued = h.fake.issueJsCode(APPID);
    const session = await login(issued.code);
    return { issued, session };
  }
  const payload = { nickName: '张三 Zhang', gender: 1, city: 'Guangzhou', avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/vi_32/x/132', openId: 'oXyz' };

  it('decrypts real AES-128-CBC data from a held login and checks the watermark against the profile', async () => {
    const { issued, session } = await loggedIn();
    const sealed = h.fake.encryptUserData(issued.sessionKey, payload, { appid: APPID, timestamp: 1_736_128_800 });
    const result = await h.call('decryptUserData', { profileId: h.profiles.mini.id, sessionId: session.id, ...sealed });
    expect(result).toEqual({
      data: { ...payload, watermark: { appid: APPID, timestamp: 1_736_128_800 } },
      watermark: { appid: APPID, timestamp: 1_736_128_800 },
      appidMatches: true,
    });
  });

  it('decrypts with a pasted session_key, too', async () => {
    const key = randomBytes(16).toString('base64');
    const sealed = encryptUserData(key, { phoneNumber: '13800138000' }, null);
    const result = await h.call('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: key, ...sealed });
    expect(result).toEqual({ data: { phoneNumber: '13800138000' }, watermark: null, appidMatches: null });
  });

  it('says when the watermark names another app', async () => {
    const { issued, session } = await loggedIn();
    const sealed = h.fake.encryptUserData(issued.sessionKey, payload, { appid: 'wx9999999999999999' });
    const result = await h.call('decryptUserData', { profileId: h.profiles.mini.id, sessionId: session.id, ...sealed });
    expect(result.appidMatches).toBe(false);
    expect(result.watermark?.appid).toBe('wx9999999999999999');
  });

  it('a wrong session_key is a validation error on sessionKey, never a crash', async () => {
    const { issued } = await loggedIn();
    const sealed = h.fake.encryptUserData(issued.sessionKey, payload, { appid: APPID });
    // A second login rotated the key: the classic mistake.
    const { session: later } = await loggedIn();
    const error = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionId: later.id, ...sealed });
    expect(error).toMatchObject({ kind: 'validation', issues: [{ path: 'sessionKey' }] });
    expect(messageOf(error)).toMatch(/session_key does not belong to this encryptedData.*wx\.login/);
  });

  it('a wrong iv garbles the first block only: a validation error on iv', async () => {
    const key = randomBytes(16).toString('base64');
    const sealed = encryptUserData(key, payload, { appid: APPID, timestamp: 1 });
    // Make the first plaintext byte ("{") a control character: deterministic, unlike a random iv.
    const iv = flip(sealed.iv, 0, '{'.charCodeAt(0) ^ 0x01);
    const error = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: key, encryptedData: sealed.encryptedData, iv });
    expect(error).toMatchObject({ kind: 'validation', issues: [{ path: 'iv' }] });
    expect(messageOf(error)).toMatch(/iv does not belong/);
  });

  it('tampered data is a validation error: garbled in the middle, or bad padding at the end', async () => {
    // Fixed key and iv: CBC has no integrity check, so some random tampering would still parse.
    const key = Buffer.alloc(16, 7).toString('base64');
    const sealed = encryptUserData(key, payload, { appid: APPID, timestamp: 1 }, Buffer.alloc(16, 9));
    // Changing ciphertext block 1 garbles plaintext block 1 entirely.
    const middle = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: key, iv: sealed.iv, encryptedData: flip(sealed.encryptedData, 20, 0xff) });
    expect(middle).toMatchObject({ kind: 'validation', issues: [{ path: 'encryptedData' }] });
    expect(messageOf(middle)).toMatch(/altered/);
    // Changing the last byte of the second-to-last block breaks the PKCS#7 padding.
    const bytes = Buffer.from(sealed.encryptedData, 'base64').length;
    const end = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: key, iv: sealed.iv, encryptedData: flip(sealed.encryptedData, bytes - 17, 0x40) });
    expect(end).toMatchObject({ kind: 'validation' });
    expect(messageOf(end)).toMatch(/bad padding|altered/);
    // Cut short: not whole blocks.
    const cut = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: key, iv: sealed.iv, encryptedData: Buffer.from(sealed.encryptedData, 'base64').subarray(0, 20).toString('base64') });
    expect(cut).toMatchObject({ kind: 'validation', issues: [{ path: 'encryptedData' }] });
  });

  it('a key or iv of the wrong length says so', async () => {
    const sealed = encryptUserData(randomBytes(16).toString('base64'), payload, null);
    const shortKey = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: randomBytes(12).toString('base64'), ...sealed });
    expect(shortKey).toMatchObject({ kind: 'validation', issues: [{ path: 'sessionKey' }] });
    expect(messageOf(shortKey)).toMatch(/16 bytes.*decodes to 12 bytes/);
    const longIv = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: randomBytes(16).toString('base64'), encryptedData: sealed.encryptedData, iv: randomBytes(32).toString('base64') });
    expect(longIv).toMatchObject({ kind: 'validation', issues: [{ path: 'iv' }] });
  });

  it('data that decrypts to non-JSON is a validation error', async () => {
    const { createCipheriv } = await import('node:crypto');
    const key = randomBytes(16);
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-128-cbc', key, iv);
    const encryptedData = Buffer.concat([cipher.update('this is not json at all, just text'), cipher.final()]).toString('base64');
    const error = await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionKey: key.toString('base64'), iv: iv.toString('base64'), encryptedData });
    expect(error).toMatchObject({ kind: 'validation', issues: [{ path: 'encryptedData' }] });
    expect(messageOf(error)).toMatch(/not JSON/);
  });

  it('the schema wants exactly one of sessionId and sessionKey', async () => {
    const sealed = encryptUserData(randomBytes(16).toString('base64'), payload, null);
    expect(await h.fail('decryptUserData', { profileId: h.profiles.mini.id, ...sealed })).toMatchObject({ kind: 'validation', issues: [{ path: 'sessionKey' }] });
  });
});

describe('checkUserSignature', () => {
  it('compares sha1(rawData + session_key) with the signature', async () => {
    const issued = h.fake.issueJsCode(APPID);
    const session = await login(issued.code);
    const rawData = JSON.stringify({ nickName: '张三', gender: 1 });
    const signature = signRawData(rawData, issued.sessionKey);
    expect(await h.call('checkUserSignature', { sessionId: session.id, rawData, signature })).toEqual({ valid: true });
    expect(await h.call('checkUserSignature', { sessionId: session.id, rawData, signature: signature.toUpperCase() })).toEqual({ valid: true });
    expect(await h.call('checkUserSignature', { sessionId: session.id, rawData: `${rawData} `, signature })).toEqual({ valid: false });
    const other = randomBytes(16).toString('base64');
    expect(await h.call('checkUserSignature', { sessionKey: other, rawData, signature })).toEqual({ valid: false });
    expect(await h.call('checkUserSignature', { sessionKey: other, rawData, signature: signRawData(rawData, other) })).toEqual({ valid: true });
  });
});

describe('phoneNumber', () => {
  it('calls getuserphonenumber with the base token and returns phone_info', async () => {
    const phone = h.fake.issuePhoneCode(APPID, { purePhoneNumber: '13912345678' });
    const result = await h.call('phoneNumber', { profileId: h.profiles.mini.id, code: phone.code });
    expect(result).toEqual({
      phoneNumber: '13912345678',
      purePhoneNumber: '13912345678',
      countryCode: '86',
      watermark: { appid: APPID, timestamp: Math.floor(h.clock.now() / 1000) },
      route: { kind: 'direct' },
    });
    const sent = h.fake.requests.at(-1);
    expect(sent?.method).toBe('POST');
    expect(sent?.query.access_token).toBe(h.fake.tokens.currentOf(APPID, 'stable')?.token);
    expect(sent?.body).toEqual({ code: phone.code });
    expect(h.fake.calls('/cgi-bin/stable_token')).toBe(1);
  });

  it('a used phone code is a typed wechat error; the code stays out of the log', async () => {
    const phone = h.fake.issuePhoneCode(APPID);
    await h.call('phoneNumber', { profileId: h.profiles.mini.id, code: phone.code });
    expect(await h.fail('phoneNumber', { profileId: h.profiles.mini.id, code: phone.code })).toMatchObject({ kind: 'wechat', errcode: 40029, errmsg: expect.stringMatching(/^invalid code hint: \[[\w-]+\] rid: /) });
    expect(JSON.stringify(h.log.list())).not.toContain(phone.code);
  });

  it('a stale cached base token is dropped and the call retried once', async () => {
    const phone = h.fake.issuePhoneCode(APPID);
    await h.call('getToken', { profileId: h.profiles.mini.id });
    h.fake.tokens.expireAll(APPID);
    h.clock.advance(1);
    // The cache still believes its token; WeChat says 42001; one refetch, one retry.
    const result = await h.call('phoneNumber', { profileId: h.profiles.mini.id, code: phone.code });
    expect(result.purePhoneNumber).toBe('13800138000');
  });
});

describe('the session_key never leaves main except by revealSessionKey', () => {
  it('is in no other result, no error and not in the request log', async () => {
    const issued = h.fake.issueJsCode(APPID);
    const session = await login(issued.code);
    const sealed = h.fake.encryptUserData(issued.sessionKey, { a: 1 }, { appid: APPID });
    const seen: unknown[] = [session];
    seen.push(await h.call('decryptUserData', { profileId: h.profiles.mini.id, sessionId: session.id, ...sealed }));
    seen.push(await h.call('checkUserSignature', { sessionId: session.id, rawData: '{}', signature: '0'.repeat(40) }));
    seen.push(await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionId: session.id, ...sealed, iv: randomBytes(16).toString('base64') }));
    seen.push(await h.fail('decryptUserData', { profileId: h.profiles.mini.id, sessionId: session.id, encryptedData: sealed.encryptedData.slice(0, 40), iv: sealed.iv }));
    seen.push(await failLogin(issued.code));
    seen.push(await failLogin(issued.code, true));
    expect(JSON.stringify(seen)).not.toContain(issued.sessionKey);

    const log = JSON.stringify(h.log.list());
    expect(log).toContain('/sns/jscode2session');
    expect(log).not.toContain(issued.sessionKey);
    expect(log).not.toContain(issued.code);
    expect(log).not.toContain(FAKE_MINI_APP.secret);
  });
});
