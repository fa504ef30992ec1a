/**
 * The server URL lab through dispatch on the real handlers: Token and EncodingAESKey stored per
 * app in the SecretStore under accounts of their own and never returned, signatures, decrypting
 * pasted messages (XML and JSON) with each failure explained, encrypting replies, and the live
 * check against the loopback callback server, every exchange landing in the request log.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/contract';
import type { SecretStore } from '../../../src/core/store/types';
import { createEphemeralSecretStore } from '../../../src/core/store/memoryStores';
import { encryptMessage } from '../../../src/core/callback/crypto';
import { msgSignature } from '../../../src/core/callback/signature';
import { openApp, tempDir, type App } from '../support';
import { startCallbackServer, type CallbackServer } from '../../support/callbackServer';

const TOKEN = 'fakeTokenForTests42';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APPID = 'wx00000000000000aa';
const SECRET = 'fake-app-secret-0000000000000000';

let server: CallbackServer;
beforeAll(async () => {
  server = await startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid: APPID });
});
afterAll(() => server.close());

let app: App;
let dir: Awaited<ReturnType<typeof tempDir>>;
let accounts: Map<string, string>;
let profile: Profile;

/** The in-memory store, with a window onto which accounts were written. */
function recordingStore(): SecretStore {
  const inner = createEphemeralSecretStore();
  return {
    get: (account) => inner.get(account),
    async set(account, value) {
      accounts.set(account, value);
      await inner.set(account, value);
    },
    async delete(account) {
      accounts.delete(account);
      return inner.delete(account);
    },
  };
}

beforeEach(async () => {
  dir = await tempDir();
  accounts = new Map();
  app = openApp({ url: 'http://127.0.0.1:9' }, { userDataDir: dir.dir, secrets: recordingStore() });
  profile = await app.call('saveProfile', { label: 'Lab', appid: APPID, kind: 'official-account' });
  await app.call('setSecret', { profileId: profile.id, secret: SECRET });
});
afterEach(async () => {
  await app.close();
  await dir.remove();
});

const store = async () => {
  await app.call('setCallbackSecret', { profileId: profile.id, kind: 'token', value: TOKEN });
  return app.call('setCallbackSecret', { profileId: profile.id, kind: 'aesKey', value: AES_KEY });
};

const noSecretIn = (value: unknown) => {
  const text = JSON.stringify(value);
  expect(text).not.toContain(TOKEN);
  expect(text).not.toContain(AES_KEY);
};

describe('Token and EncodingAESKey', () => {
  it('are stored per app under accounts of their own, and only status and the last 4 come back', async () => {
    expect(await app.call('callbackSecrets', { profileId: profile.id })).toEqual({ token: { stored: false, hint: null }, aesKey: { stored: false, hint: null } });
    const status = await store();
    expect(status).toEqual({ token: { stored: true, hint: TOKEN.slice(-4) }, aesKey: { stored: true, hint: AES_KEY.slice(-4) } });
    expect(accounts.get(APPID)).toBe(SECRET);
    expect(accounts.get(`${APPID}/callback-token`)).toBe(TOKEN);
    expect(accounts.get(`${APPID}/callback-aes-key`)).toBe(AES_KEY);
    // The AppSecret is untouched by the callback secrets and the other way round.
    expect(await app.call('secretStatus', { profileId: profile.id })).toMatchObject({ stored: true, hint: SECRET.slice(-4) });
    const after = await app.call('deleteCallbackSecret', { profileId: profile.id, kind: 'token' });
    expect(after.token.stored).toBe(false);
    expect(after.aesKey.stored).toBe(true);
    expect(accounts.has(APPID)).toBe(true);
  });

  it('are checked against the console\'s rules when saved', async () => {
    const short = await app.fail('setCallbackSecret', { profileId: profile.id, kind: 'aesKey', value: AES_KEY.slice(1) });
    expect(short).toMatchObject({ kind: 'validation' });
    expect(short.kind === 'validation' ? short.message : '').toContain('43');
    expect(await app.fail('setCallbackSecret', { profileId: profile.id, kind: 'aesKey', value: `${AES_KEY.slice(1)}-` })).toMatchObject({ kind: 'validation' });
    expect(await app.fail('setCallbackSecret', { profileId: profile.id, kind: 'token', value: 'a b' })).toMatchObject({ kind: 'validation' });
  });

  it('go with the app when it is deleted', async () => {
    await store();
    await app.call('deleteProfile', { profileId: profile.id });
    expect([...accounts.keys()]).toEqual([]);
  });

  it('a missing one is a typed keychain error that names it', async () => {
    const error = await app.fail('callbackSign', { profileId: profile.id, timestamp: '1', nonce: '2' });
    expect(error).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
    expect(error.kind === 'keychain' ? error.message : '').toContain('Token');
  });
});

describe('signatures and pasted URLs', () => {
  beforeEach(store);

  it('signs with the sorted inputs shown, the Token as a placeholder', async () => {
    const signed = await app.call('callbackSign', { profileId: profile.id, timestamp: '1409304348', nonce: 'xxxxxx' });
    expect(signed.sorted.map((p) => p.name)).toEqual(['timestamp', 'token', 'nonce']);
    expect(signed.sorted.find((p) => p.name === 'token')?.value).toBeNull();
    noSecretIn(signed);
  });

  it('verifies a pasted callback URL: signature, and msg_signature against the pasted body', async () => {
    const signed = await app.call('callbackSign', { profileId: profile.id, timestamp: '1700000000', nonce: '42' });
    const encrypt = encryptMessage(AES_KEY, APPID, '<xml><Content><![CDATA[hi]]></Content></xml>');
    const ms = msgSignature(TOKEN, '1700000000', '42', encrypt).signature;
    const url = `https://example.com/wx?signature=${signed.signature}&timestamp=1700000000&nonce=42&openid=o1&encrypt_type=aes&msg_signature=${ms}`;
    const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const result = await app.call('callbackVerifyQuery', { profileId: profile.id, query: url, body });
    expect(result.checks).toEqual([
      { name: 'signature', got: signed.signature, expected: signed.signature, valid: true },
      { name: 'msg_signature', got: ms, expected: ms, valid: true },
    ]);
    expect(result.params).toMatchObject({ openid: 'o1', encrypt_type: 'aes' });
    const tampered = await app.call('callbackVerifyQuery', { profileId: profile.id, query: url.replace('nonce=42', 'nonce=43') });
    expect(tampered.checks[0]?.valid).toBe(false);
    expect(tampered.notes[0]?.en).toContain('paste the pushed body');
    const bare = await app.call('callbackVerifyQuery', { profileId: profile.id, query: 'signature=abc' });
    expect(bare.missing).toEqual(['timestamp', 'nonce']);
  });
});

describe('decrypting pasted messages', () => {
  beforeEach(store);
  const ts = '1700000000';
  const nonce = '987654';

  it('decrypts the XML form, checking msg_signature and the AppID inside', async () => {
    const inner = '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[你好 & <b>]]></Content></xml>';
    const encrypt = encryptMessage(AES_KEY, APPID, inner);
    const body = `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    const msgSig = msgSignature(TOKEN, ts, nonce, encrypt).signature;
    const result = await app.call('callbackDecrypt', { profileId: profile.id, body, timestamp: ts, nonce, msgSignature: msgSig });
    expect(result).toMatchObject({ format: 'xml', signatureValid: true, appid: APPID, appidMatches: true, plaintext: inner, problem: null });
    const wrongSig = await app.call('callbackDecrypt', { profileId: profile.id, body, timestamp: ts, nonce: '1', msgSignature: msgSig });
    expect(wrongSig).toMatchObject({ signatureValid: false, plaintext: inner, problem: { reason: 'signature-mismatch' } });
    noSecretIn([result, wrongSig]);
  });

  it('decrypts the JSON form mini-program pushes use, and a bare Encrypt value', async () => {
    const encrypt = encryptMessage(AES_KEY, APPID, '{"MsgType":"text","Content":"hi"}');
    const json = await app.call('callbackDecrypt', { profileId: profile.id, body: JSON.stringify({ ToUserName: 'gh_1', Encrypt: encrypt }) });
    expect(json).toMatchObject({ format: 'json', signatureValid: null, plaintext: '{"MsgType":"text","Content":"hi"}', problem: null });
    expect(await app.call('callbackDecrypt', { profileId: profile.id, body: encrypt })).toMatchObject({ format: 'base64', appidMatches: true });
  });

  it('explains each failure', async () => {
    const other = encryptMessage(AES_KEY, 'wx00000000000000bb', 'x');
    const mismatch = await app.call('callbackDecrypt', { profileId: profile.id, body: other });
    expect(mismatch.problem?.reason).toBe('appid-mismatch');
    expect(mismatch.problem?.text.en).toContain('wx00000000000000bb');
    const wrongKey = encryptMessage('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg', APPID, 'x'.repeat(100));
    expect(['bad-padding', 'bad-length']).toContain((await app.call('callbackDecrypt', { profileId: profile.id, body: wrongKey })).problem?.reason);
    expect((await app.call('callbackDecrypt', { profileId: profile.id, body: '<xml><Encrypt><![CDATA[a b c]]></Encrypt></xml>' })).problem?.reason).toBe('not-base64');
    expect((await app.call('callbackDecrypt', { profileId: profile.id, body: '<xml><Content>hi</Content></xml>' })).problem?.reason).toBe('no-encrypt');
    expect((await app.call('callbackDecrypt', { profileId: profile.id, body: '<xml><Encrypt>' })).problem?.reason).toBe('malformed');
  });

  it('encrypts a passive reply with its msg_signature, which decrypts back', async () => {
    const reply = '<xml><ToUserName><![CDATA[o1]]></ToUserName><Content><![CDATA[ok]]></Content></xml>';
    const sealed = await app.call('callbackEncrypt', { profileId: profile.id, reply, timestamp: ts, nonce });
    expect(sealed.msgSignature).toBe(msgSignature(TOKEN, ts, nonce, sealed.encrypt).signature);
    expect(sealed.envelope).toContain(`<MsgSignature><![CDATA[${sealed.msgSignature}]]></MsgSignature>`);
    expect(sealed.envelope).toContain(`<TimeStamp>${ts}</TimeStamp>`);
    const back = await app.call('callbackDecrypt', { profileId: profile.id, body: sealed.envelope, timestamp: ts, nonce, msgSignature: sealed.msgSignature });
    expect(back).toMatchObject({ signatureValid: true, plaintext: reply, appidMatches: true });
    noSecretIn(sealed);
  });
});

describe('the live check', () => {
  beforeEach(store);

  it('handshake: the verdict, the raw exchanges and the request log, with no secret anywhere', async () => {
    const result = await app.call('callbackHandshake', { profileId: profile.id, url: `${server.url}/ok` });
    expect(result).toMatchObject({ ok: true, cause: { code: 'ok' } });
    const log = await app.call('requestLog', { endpoint: 'callback' });
    expect(log.map((e) => e.endpoint)).toEqual(['callback handshake', 'callback handshake']);
    expect(log[1]).toMatchObject({ appid: APPID, method: 'GET', status: 200, response: result.echostr });
    noSecretIn([result, log]);
  });

  it('handshake against a server with another Token', async () => {
    const result = await app.call('callbackHandshake', { profileId: profile.id, url: `${server.url}/wrong-token` });
    expect(result).toMatchObject({ ok: false, outcome: 'wrong', cause: { code: 'signature-rejected' }, status: 403 });
  });

  it('pushes in each mode and judges the reply', async () => {
    const plain = await app.call('callbackPush', { profileId: profile.id, url: `${server.url}/ok`, mode: 'plain', message: 'text' });
    expect(plain).toMatchObject({ ok: true, cause: { code: 'reply-passive' } });
    const safe = await app.call('callbackPush', { profileId: profile.id, url: `${server.url}/ok`, mode: 'safe', message: 'subscribe' });
    expect(safe).toMatchObject({ ok: true, mode: 'safe' });
    expect(safe.decryptedReply).toContain('收到');
    const compatible = await app.call('callbackPush', { profileId: profile.id, url: `${server.url}/plain-reply`, mode: 'compatible' });
    expect(compatible.ok).toBe(true);
    const log = await app.call('requestLog', { endpoint: 'callback push' });
    expect(log).toHaveLength(3);
    expect(log.every((e) => e.method === 'POST')).toBe(true);
    noSecretIn([plain, safe, compatible, log]);
  });

  it('a safe-mode push needs the EncodingAESKey', async () => {
    await app.call('deleteCallbackSecret', { profileId: profile.id, kind: 'aesKey' });
    expect(await app.fail('callbackPush', { profileId: profile.id, url: `${server.url}/ok`, mode: 'safe' })).toMatchObject({ kind: 'keychain', reason: 'no-secret' });
  });

  it('scrubs a Token that a broken server echoes back', async () => {
    const echo = await startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid: APPID, echoToken: true });
    try {
      const result = await app.call('callbackHandshake', { profileId: profile.id, url: `${echo.url}/ok` });
      expect(result.body).toContain('***');
      noSecretIn([result, await app.call('requestLog', {})]);
    } finally {
      await echo.close();
    }
  });

  it('refuses URLs WeChat would refuse before connecting', async () => {
    expect(await app.fail('callbackHandshake', { profileId: profile.id, url: 'ftp://example.com/' })).toMatchObject({ kind: 'validation' });
    expect(await app.fail('callbackHandshake', { profileId: profile.id, url: 'https://example.com/wx#frag' })).toMatchObject({ kind: 'validation' });
  });
});
