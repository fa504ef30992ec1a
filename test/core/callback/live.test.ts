/**
 * wxcred playing WeChat against a loopback callback server that answers right and in each wrong
 * way: every diagnosis of the handshake and of a push reply, and the requests exactly as sent.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptMessage } from '../../../src/core/callback/crypto';
import { WECHAT_USER_AGENT, checkTarget, handshake, isPrivateHost, push, type PushOptions } from '../../../src/core/callback/live';
import { notes } from '../../../src/core/callback/causes';
import { startCallbackServer, type CallbackServer } from '../../support/callbackServer';
import { selfSignedCert } from '../../support/selfSigned';

const TOKEN = 'fakeToken123';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APPID = 'wx00000000000000aa';

let server: CallbackServer;
let https: CallbackServer;
let cert: { key: string; cert: string };
beforeAll(async () => {
  server = await startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid: APPID });
  cert = selfSignedCert();
  https = await startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid: APPID, tls: cert });
});
afterAll(async () => {
  await server.close();
  await https.close();
});

const check = (path: string, extra: Partial<Parameters<typeof handshake>[0]> = {}) =>
  handshake({ url: `${server.url}/${path}`, token: TOKEN, kind: 'official-account', ...extra });
const sendPush = (path: string, extra: Partial<PushOptions> = {}) =>
  push({ url: `${server.url}/${path}`, token: TOKEN, kind: 'official-account', appid: APPID, aesKey: AES_KEY, mode: 'plain', format: 'xml', message: 'text', ...extra });
const sha1 = (parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

describe('the GET handshake', () => {
  it('is sent exactly as WeChat sends it and passes when the body is echostr', async () => {
    const before = server.requests.length;
    const result = await check('ok');
    expect(result).toMatchObject({ ok: true, outcome: 'passed', status: 200, cause: { code: 'ok' } });
    expect(result.body).toBe(result.echostr);
    const sent = server.requests[before];
    expect(sent?.method).toBe('GET');
    expect(sent?.headers['user-agent']).toBe(WECHAT_USER_AGENT);
    expect(Object.keys(sent?.query ?? {}).sort()).toEqual(['echostr', 'nonce', 'signature', 'timestamp']);
    expect(sent?.query.signature).toBe(sha1([TOKEN, sent?.query.timestamp ?? '', sent?.query.nonce ?? '']));
    expect(sent?.query.echostr).toBe(result.echostr);
    // The second request probes with a wrong signature; this server rejects it, so no warning.
    expect(result.exchanges).toHaveLength(2);
    expect(result.notes).toContainEqual(notes.privateHost);
    expect(result.notes).not.toContainEqual(notes.noSignatureCheck);
    expect(result.exchanges[0]?.request.headers['user-agent']).toBe(WECHAT_USER_AGENT);
    expect(result.exchanges[0]?.response?.body).toBe(result.echostr);
  });

  it('warns about a server that echoes without checking the signature', async () => {
    const result = await check('no-check');
    expect(result.ok).toBe(true);
    expect(result.notes).toContainEqual(notes.noSignatureCheck);
  });

  it.each([
    ['wrong-token', 'signature-rejected'],
    ['json-quoted', 'json-quoted'],
    ['html', 'html-wrapped'],
    ['bom', 'bom'],
    ['newline', 'whitespace'],
    ['prefixed', 'body-mismatch'],
    ['redirect', 'redirect'],
    ['status-500', 'http-status'],
  ])('diagnoses %s as %s', async (path, code) => {
    const result = await check(path);
    expect(result.ok).toBe(false);
    expect(result.outcome).toBe('wrong');
    expect(result.cause.code).toBe(code);
    expect(result.cause.en.length).toBeGreaterThan(10);
    expect(result.cause.zh.length).toBeGreaterThan(5);
  });

  it('keeps the BOM and the newline visible in the raw body', async () => {
    expect((await check('bom')).body?.charCodeAt(0)).toBe(0xfeff);
    expect((await check('newline')).body?.endsWith('\n')).toBe(true);
    expect((await check('redirect')).cause.en).toContain('/ok');
  });

  it('gives up at the deadline, as WeChat does after 5 s', async () => {
    const result = await check('hang', { deadlineMs: 300 });
    expect(result).toMatchObject({ ok: false, outcome: 'unreachable', cause: { code: 'timeout' }, status: null });
    expect(result.exchanges[0]?.error).toContain('300 ms');
  });

  it('reports a refused connection as unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const result = await handshake({ url: `http://127.0.0.1:${port}/wx`, token: TOKEN, kind: 'official-account' });
    expect(result).toMatchObject({ outcome: 'unreachable', cause: { code: 'unreachable' } });
  });

  it('reports TLS failures: https to a plain http port, and an untrusted certificate', async () => {
    const plain = await handshake({ url: `${server.url.replace('http:', 'https:')}/ok`, token: TOKEN, kind: 'official-account' });
    expect(plain).toMatchObject({ outcome: 'unreachable', cause: { code: 'tls' } });
    const untrusted = await handshake({ url: `${https.url}/ok`, token: TOKEN, kind: 'official-account' });
    expect(untrusted).toMatchObject({ outcome: 'unreachable', cause: { code: 'tls' } });
    const trusted = await handshake({ url: `${https.url}/ok`, token: TOKEN, kind: 'official-account', ca: cert.cert });
    expect(trusted.ok).toBe(true);
  });
});

describe('the URL as the console takes it', () => {
  it('allows only ports 80 and 443 on a public host', () => {
    expect(checkTarget('http://example.com:8080/wx')).toMatchObject({ ok: true, portProblem: 8080 });
    expect(checkTarget('https://example.com:80/wx')).toMatchObject({ ok: true, portProblem: 80 });
    expect(checkTarget('https://example.com/wx')).toMatchObject({ ok: true, portProblem: null, notes: [] });
    expect(checkTarget('http://192.168.1.5:3000/wx')).toMatchObject({ ok: true, portProblem: null, notes: [notes.privateHost] });
    expect(checkTarget('http://example.com/wx#x')).toMatchObject({ ok: false, verdict: { cause: { code: 'bad-url' } } });
    expect(checkTarget('ftp://example.com/')).toMatchObject({ ok: false });
    expect(checkTarget('http://example.com:8080/wx', 'mini-program')).toMatchObject({ ok: true, portProblem: null });
  });

  it('knows which hosts WeChat cannot reach', () => {
    for (const host of ['localhost', '127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.1', '[::1]', 'fd00::1', 'dev.localhost']) expect(isPrivateHost(host)).toBe(true);
    for (const host of ['example.com', '8.8.8.8', '172.32.0.1', '2001:db8::1']) expect(isPrivateHost(host)).toBe(false);
  });
});

describe('POST pushes and the reply', () => {
  it('sends a plain text message as XML with WeChat\'s query and headers, and accepts a swapped passive reply', async () => {
    const before = server.requests.length;
    const result = await sendPush('ok');
    expect(result).toMatchObject({ ok: true, cause: { code: 'reply-passive' }, mode: 'plain', format: 'xml', status: 200 });
    const sent = server.requests[before];
    expect(sent?.method).toBe('POST');
    expect(sent?.headers['content-type']).toBe('text/xml');
    expect(sent?.headers['user-agent']).toBe(WECHAT_USER_AGENT);
    expect(Object.keys(sent?.query ?? {}).sort()).toEqual(['nonce', 'openid', 'signature', 'timestamp']);
    expect(sent?.body).toContain('<MsgType><![CDATA[text]]></MsgType>');
    expect(sent?.body).toBe(result.sent);
    expect(result.reply).toContain('收到');
  });

  it.each([
    ['success', 'reply-success', true],
    ['empty', 'reply-empty', true],
    ['not-xml', 'reply-not-xml', false],
    ['not-swapped', 'reply-users', false],
    ['bad-createtime', 'reply-createtime', false],
    ['bad-msgtype', 'reply-msgtype', false],
    ['status-500', 'http-status', false],
    ['redirect', 'redirect', false],
    ['wrong-token', 'http-status', false],
  ])('judges the %s reply as %s', async (path, code, ok) => {
    const result = await sendPush(path, { message: 'subscribe' });
    expect(result.cause.code).toBe(code);
    expect(result.ok).toBe(ok);
  });

  it('sends a subscribe event', async () => {
    const before = server.requests.length;
    await sendPush('success', { message: 'subscribe' });
    expect(server.requests[before]?.body).toContain('<Event><![CDATA[subscribe]]></Event>');
  });

  it('safe mode: only ToUserName and Encrypt go out, signed; the encrypted reply is verified and decrypted', async () => {
    const before = server.requests.length;
    const result = await sendPush('ok', { mode: 'safe' });
    expect(result).toMatchObject({ ok: true, cause: { code: 'reply-passive' } });
    expect(result.decryptedReply).toContain('<Content><![CDATA[收到]]></Content>');
    const sent = server.requests[before];
    expect(sent?.query.encrypt_type).toBe('aes');
    expect(sent?.body).not.toContain('MsgType');
    expect(sent?.body).toContain('<Encrypt>');
    const encrypt = /<Encrypt><!\[CDATA\[(.*?)\]\]>/.exec(sent?.body ?? '')?.[1] ?? '';
    expect(sent?.query.msg_signature).toBe(sha1([TOKEN, sent?.query.timestamp ?? '', sent?.query.nonce ?? '', encrypt]));
    expect(decryptMessage(AES_KEY, encrypt)).toEqual({ message: result.sent, appid: APPID });
  });

  it('compatible mode: plaintext fields and Encrypt side by side; a plain reply is fine', async () => {
    const before = server.requests.length;
    const result = await sendPush('plain-reply', { mode: 'compatible' });
    expect(result.ok).toBe(true);
    expect(server.requests[before]?.body).toContain('<MsgType><![CDATA[text]]></MsgType>');
    expect(server.requests[before]?.body).toContain('<Encrypt>');
  });

  it('safe mode refuses a plaintext reply and a reply signed with another Token', async () => {
    expect((await sendPush('plain-reply', { mode: 'safe' })).cause.code).toBe('reply-not-encrypted');
    expect((await sendPush('bad-reply-signature', { mode: 'safe' })).cause.code).toBe('reply-crypto');
  });

  it('flags an encrypted reply carrying another AppID', async () => {
    const other = await startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid: 'wx00000000000000bb' });
    try {
      const result = await push({ url: `${other.url}/ok`, token: TOKEN, kind: 'official-account', appid: APPID, aesKey: AES_KEY, mode: 'safe', format: 'xml', message: 'text' });
      expect(result.cause.code).toBe('reply-crypto');
      expect(result.cause.en).toContain('wx00000000000000bb');
    } finally {
      await other.close();
    }
  });

  it('mini-program: JSON pushes; success and transfer_customer_service pass, a passive text reply does not', async () => {
    const mini = { kind: 'mini-program' as const, format: 'json' as const };
    const before = server.requests.length;
    expect((await sendPush('success', { ...mini, mode: 'safe' })).ok).toBe(true);
    const sent = server.requests[before];
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(Object.keys(JSON.parse(sent?.body ?? '{}')).sort()).toEqual(['Encrypt', 'ToUserName']);
    expect(sent?.query.openid).toBeUndefined();
    expect((await sendPush('transfer', mini)).cause.code).toBe('reply-passive');
    expect((await sendPush('ok', mini)).cause.code).toBe('mini-program-passive');
    const event = await sendPush('success', { ...mini, message: 'subscribe' });
    expect(JSON.parse(event.sent)).toMatchObject({ MsgType: 'event', Event: 'user_enter_tempsession' });
  });

  it('times out a push that hangs', async () => {
    expect(await sendPush('hang', { deadlineMs: 300 })).toMatchObject({ outcome: 'unreachable', cause: { code: 'timeout' } });
  });
});

describe('the sample messages', () => {
  it('carry CreateTime and MsgId bare, as WeChat writes them', async () => {
    const result = await sendPush('success');
    expect(result.sent).toMatch(/<CreateTime>\d{10}<\/CreateTime>/);
    expect(result.sent).toMatch(/<MsgId>\d{16}<\/MsgId>/);
    const json = await sendPush('success', { kind: 'mini-program', format: 'json' });
    expect(typeof JSON.parse(json.sent).MsgId).toBe('number');
  });
});
