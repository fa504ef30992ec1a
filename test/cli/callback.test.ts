/**
 * `wxcred callback sign|decrypt|verify|push` as a separate process: the JSON shapes and exit
 * statuses of the contract, secrets only from the environment or stdin and never printed.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encryptMessage } from '../../src/core/callback/crypto';
import { startCallbackServer, type CallbackServer } from '../support/callbackServer';
import { baseEnv, ensureBuilt, onlyJson, tempDir, transcript, wxcred, type ChildEnv } from './support';

// Each test spawns the CLI up to three times; on a loaded machine that alone can pass 5 s.
vi.setConfig({ testTimeout: 30_000 });

const TOKEN = 'pamtest';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const APPID = 'wxb11529c136998cb6';

let server: CallbackServer;
let env: ChildEnv;
let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  server = await startCallbackServer({ token: TOKEN, aesKey: AES_KEY, appid: APPID });
  dir = await tempDir('wxcred-cli-callback-');
  env = { ...baseEnv(dir), WX_TOKEN: TOKEN, WX_AES: AES_KEY };
}, 240_000);
afterAll(async () => {
  await server.close();
  for (const text of transcript) expect(text).not.toContain(AES_KEY);
});

const sha1 = (parts: string[]) => createHash('sha1').update([...parts].sort().join('')).digest('hex');

describe('wxcred callback sign', () => {
  it('prints { ok, signature }', async () => {
    const run = await wxcred(['callback', 'sign', '--token-env', 'WX_TOKEN', '--timestamp', '1409304348', '--nonce', 'xxxxxx', '--json'], { env });
    expect(run.code).toBe(0);
    expect(onlyJson(run)).toEqual({ ok: true, signature: sha1([TOKEN, '1409304348', 'xxxxxx']) });
  });

  it('reads the Token from stdin, and shows the sorted inputs without it', async () => {
    const run = await wxcred(['callback', 'sign', '--token-stdin', '--timestamp', '1409304348', '--nonce', 'xxxxxx'], { env: baseEnv(dir), stdin: `${TOKEN}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(sha1([TOKEN, '1409304348', 'xxxxxx']));
    expect(run.stdout).toContain('1409304348 + <Token> + xxxxxx');
  });

  it('refuses a Token on the command line and a missing source', async () => {
    const missing = await wxcred(['callback', 'sign', '--timestamp', '1', '--nonce', '2'], { env });
    expect(missing.code).toBe(2);
    const asArg = await wxcred(['callback', 'sign', '--token', TOKEN, '--timestamp', '1', '--nonce', '2'], { env });
    expect(asArg.code).toBe(2);
    expect(asArg.stderr + asArg.stdout).not.toContain(TOKEN);
    expect((await wxcred(['callback', 'frobnicate', '--json'], { env })).code).toBe(2);
  });
});

describe('wxcred callback decrypt', () => {
  const ts = '1409304348';
  const nonce = 'xxxxxx';
  const encrypt = encryptMessage(AES_KEY, APPID, '<xml><Content><![CDATA[我是中文abcd123]]></Content></xml>');
  const sig = sha1([TOKEN, ts, nonce, encrypt]);
  const args = ['callback', 'decrypt', '--token-env', 'WX_TOKEN', '--aes-key-env', 'WX_AES', '--timestamp', ts, '--nonce', nonce, '--json'];

  it('prints { ok, signatureValid, appid, plaintext }', async () => {
    const run = await wxcred([...args, '--appid', APPID, '--msg-signature', sig, '--encrypt', encrypt], { env });
    expect(run.code).toBe(0);
    expect(onlyJson(run)).toEqual({ ok: true, signatureValid: true, appid: APPID, plaintext: '<xml><Content><![CDATA[我是中文abcd123]]></Content></xml>' });
  });

  it('reads a pushed body from a file', async () => {
    const file = join(dir, 'push.xml');
    await writeFile(file, `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`);
    const run = await wxcred([...args, '--appid', APPID, '--msg-signature', sig, '--body-file', file], { env });
    expect(run.code).toBe(0);
    expect(onlyJson(run)).toMatchObject({ ok: true, signatureValid: true });
  });

  it('exits 1 when the signature or the AppID does not match', async () => {
    const badSig = await wxcred([...args, '--appid', APPID, '--msg-signature', sig.replace(/^./, sig[0] === 'a' ? 'b' : 'a'), '--encrypt', encrypt], { env });
    expect(badSig.code).toBe(1);
    expect(onlyJson(badSig)).toMatchObject({ ok: false, signatureValid: false, appid: APPID });
    const otherApp = await wxcred([...args, '--appid', 'wx00000000000000bb', '--msg-signature', sig, '--encrypt', encrypt], { env });
    expect(otherApp.code).toBe(1);
    expect(onlyJson(otherApp)).toMatchObject({ ok: false, signatureValid: true, appid: APPID });
  });

  it('a key of the wrong length is a usage error that says so, without echoing it', async () => {
    const run = await wxcred([...args, '--appid', APPID, '--msg-signature', sig, '--encrypt', encrypt], { env: { ...env, WX_AES: AES_KEY.slice(2) } });
    expect(run.code).toBe(2);
    expect(JSON.stringify(onlyJson(run))).toContain('43');
    expect(run.stdout).not.toContain(AES_KEY.slice(2));
  });
});

describe('wxcred callback verify', () => {
  it('exit 0 and { ok, status, ms, body, cause, fix } when the server echoes echostr', async () => {
    const run = await wxcred(['callback', 'verify', '--url', `${server.url}/ok`, '--token-env', 'WX_TOKEN', '--json'], { env });
    expect(run.code).toBe(0);
    const json = onlyJson(run);
    expect(Object.keys(json).sort()).toEqual(['body', 'cause', 'fix', 'ms', 'ok', 'status']);
    expect(json).toMatchObject({ ok: true, status: 200, cause: { code: 'ok' }, fix: null });
  });

  it('exit 1 with the cause when it answers wrong', async () => {
    const run = await wxcred(['callback', 'verify', '--url', `${server.url}/json-quoted`, '--token-env', 'WX_TOKEN', '--json'], { env });
    expect(run.code).toBe(1);
    const json = onlyJson(run);
    expect(json).toMatchObject({ ok: false, status: 200, cause: { code: 'json-quoted' } });
    expect((json.fix as { en: string }).en).toContain('plain text');
    const human = await wxcred(['callback', 'verify', '--url', `${server.url}/wrong-token`, '--token-env', 'WX_TOKEN'], { env });
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('Token');
  });

  it('exit 3 when nothing answers', async () => {
    const run = await wxcred(['callback', 'verify', '--url', 'http://127.0.0.1:9/wx', '--token-env', 'WX_TOKEN', '--json'], { env });
    expect(run.code).toBe(3);
    expect(onlyJson(run)).toMatchObject({ ok: false, status: null, cause: { code: 'unreachable' } });
  });
});

describe('wxcred callback push', () => {
  it('plain text message: exit 0 and { ok, ms, reply, decryptedReply, cause, fix }', async () => {
    const run = await wxcred(['callback', 'push', '--url', `${server.url}/ok`, '--token-env', 'WX_TOKEN', '--json'], { env });
    expect(run.code).toBe(0);
    const json = onlyJson(run);
    expect(Object.keys(json).sort()).toEqual(['cause', 'decryptedReply', 'fix', 'ms', 'ok', 'reply']);
    expect(json).toMatchObject({ ok: true, decryptedReply: null, cause: { code: 'reply-passive' } });
  });

  it('safe mode subscribe event: the encrypted reply is decrypted', async () => {
    const run = await wxcred(['callback', 'push', '--url', `${server.url}/ok`, '--token-env', 'WX_TOKEN', '--mode', 'safe', '--aes-key-env', 'WX_AES', '--appid', APPID, '--message', 'subscribe', '--json'], { env });
    expect(run.code).toBe(0);
    expect(String(onlyJson(run).decryptedReply)).toContain('收到');
  });

  it('safe mode needs the key and the AppID; a wrong reply exits 1', async () => {
    expect((await wxcred(['callback', 'push', '--url', `${server.url}/ok`, '--token-env', 'WX_TOKEN', '--mode', 'safe'], { env })).code).toBe(2);
    const run = await wxcred(['callback', 'push', '--url', `${server.url}/not-swapped`, '--token-env', 'WX_TOKEN', '--json'], { env });
    expect(run.code).toBe(1);
    expect(onlyJson(run)).toMatchObject({ ok: false, cause: { code: 'reply-users' } });
  });
});
