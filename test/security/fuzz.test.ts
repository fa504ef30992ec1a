/**
 * Hostile IPC: every channel of the contract, fuzzed through dispatch() against the real
 * handlers from createServices (a temporary user-data folder, a throwaway keychain service, the fake
 * WeChat on loopback). Every payload the contract would refuse must come back as a typed validation
 * error without reaching a handler, throwing, crashing the process, polluting a prototype, or
 * changing anything: files, keychain entries, the request log, or what WeChat was sent.
 *
 *   sh scripts/with-keyring.sh npx vitest run --project node test/security/fuzz.test.ts
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Channel, Handlers, ParsedRequestOf } from '../../src/contract';
import { channelNames } from '../../src/contract/channels';
import type { Outcome } from '../../src/contract/errors';
import { dispatch } from '../../src/core/dispatch';
import { createServices, type Services } from '../../src/core/services';
import { createKeytarSecretStore } from '../../src/core/keychain/secretStore';
import { createKeytarTokenVault } from '../../src/core/token/tokenVault';
import { startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { encryptUserData } from '../../src/core/simulator/oauth';
import { expectedValid, hostilePayloads, validBase, type FieldSamples } from '../support/hostile';
import { requireSessionKeyring } from '../support/keyring';

interface Keytar {
  findCredentials(service: string): Promise<{ account: string; password: string }[]>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

const run = randomBytes(6).toString('hex');
const secretService = `wxcred-fuzz-${run}`;
const tokenService = `wxcred-fuzz-tokens-${run}`;
const hex16 = (): string => randomBytes(8).toString('hex');
const officialApp = { appid: `wx${hex16()}`, secret: `FUZZ-OA-SECRET-${run}`, kind: 'official-account' as const };
const miniApp = { appid: `wx${hex16()}`, secret: `FUZZ-MINI-SECRET-${run}`, kind: 'mini-program' as const };

const prototypes = { Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype };
const protoKeys = () => Object.fromEntries(Object.entries(prototypes).map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));

async function hashTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return out;
}

describe('hostile IPC: every channel, fuzzed against the real handlers', () => {
  requireSessionKeyring();
  const keytar = createRequire(import.meta.url)('keytar') as Keytar;
  const secrets = createKeytarSecretStore({ service: secretService });
  const crashes: string[] = [];
  const onUncaught = (error: unknown) => crashes.push(`uncaughtException: ${String(error)}`);
  const onUnhandled = (reason: unknown) => crashes.push(`unhandledRejection: ${String(reason)}`);
  const protoBefore = protoKeys();

  let wx: FakeWechat;
  let userData: string;
  let services: Services;
  /** The real handlers behind a recorder: an invalid payload must never get this far. */
  let handlers: Handlers;
  const reached: string[] = [];
  const unexpected: string[] = [];
  let samples: FieldSamples;
  let before: unknown;

  async function snapshot() {
    const log = await services.handlers.requestLog({ limit: 10_000 } as ParsedRequestOf<'requestLog'>);
    return {
      files: await hashTree(userData),
      secrets: await Promise.all([officialApp, miniApp].map((app) => secrets.get(app.appid))),
      secretEntries: (await keytar.findCredentials(secretService)).map((c) => c.account).sort(),
      tokenEntries: (await keytar.findCredentials(tokenService)).sort((a, b) => a.account.localeCompare(b.account)),
      logLength: log.length,
      log: JSON.stringify(log),
      wechatCalls: wx.requests.length,
      settings: JSON.stringify(await services.handlers.getSettings({} as ParsedRequestOf<'getSettings'>)),
    };
  }

  async function valid<C extends Channel>(channel: C, payload: unknown): Promise<unknown> {
    const outcome = await dispatch(services.handlers, channel, payload);
    if (!outcome.ok) throw new Error(`setup ${channel} failed: ${JSON.stringify(outcome.error)}`);
    return outcome.value;
  }

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUnhandled);
    wx = await startFakeWechat({ apps: [officialApp, miniApp] });
    userData = await mkdtemp(join(tmpdir(), 'wxcred-fuzz-'));
    services = createServices({
      host: 'test',
      userDataDir: userData,
      env: { WXCRED_API_BASE: wx.url },
      mode: 'web',
      version: 'fuzz',
      secrets,
      tokenVault: createKeytarTokenVault({ service: tokenService }),
      autoRefresh: false,
    });
    handlers = Object.fromEntries(
      channelNames.map((name) => [
        name,
        (request: unknown) => {
          reached.push(name);
          return (services.handlers[name] as (r: unknown) => Promise<unknown>)(request);
        },
      ]),
    ) as unknown as Handlers;

    // Real state for the fuzzer to leave alone: two apps with secrets, a persisted token, saved
    // settings, a mini-program login, an OAuth login, and request-log entries.
    const official = (await valid('saveProfile', { label: 'Fuzz 公众号', appid: officialApp.appid, kind: officialApp.kind })) as { id: string };
    const mini = (await valid('saveProfile', { label: 'Fuzz 小程序', appid: miniApp.appid, kind: miniApp.kind })) as { id: string };
    await valid('setSecret', { profileId: official.id, secret: officialApp.secret });
    await valid('setSecret', { profileId: mini.id, secret: miniApp.secret });
    await valid('getToken', { profileId: official.id });
    // The token reaches the keychain in the background; the baseline must include it.
    for (let i = 0; i < 100 && (await keytar.findCredentials(tokenService)).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await valid('saveSettings', { refreshMarginMinutes: 7 });
    const login = (await valid('jscode2session', { profileId: mini.id, jsCode: wx.issueJsCode(miniApp.appid).code })) as { id: string };
    const oauthCode = wx.issueOAuthCode(officialApp.appid, { scope: 'snsapi_userinfo' }).code;
    await valid('exchangeOAuthCode', { profileId: official.id, code: oauthCode });

    samples = {
      profileId: official.id,
      id: official.id,
      sessionId: login.id,
      label: 'Fuzzed app',
      appid: officialApp.appid,
      secret: `FUZZ-NEW-SECRET-${run}`,
      query: 'token',
      endpoint: '/cgi-bin/token',
      rid: '6571f0b2-1d2e3f4a-5b6c7d8e',
      redirectUri: 'https://example.com/callback',
      state: 'fuzz',
      code: wx.issueOAuthCode(officialApp.appid, { scope: 'snsapi_base' }).code,
      jsCode: wx.issueJsCode(miniApp.appid).code,
      openid: 'oFuzzOpenid0123456789abcdefg',
      encryptedData: 'AAAAAAAAAAAAAAAAAAAAAA==',
      iv: 'AAAAAAAAAAAAAAAAAAAAAA==',
      sessionKey: 'AAAAAAAAAAAAAAAAAAAAAA==',
      rawData: '{"nickName":"fuzz"}',
      signature: 'a'.repeat(40),
      noncestr: 'fuzzNonce',
      nonceStr: 'fuzzNonce',
      value: 'fuzzToken123',
      timestamp: '1409304348',
      nonce: 'xxxxxx',
      // Nothing listens on port 9: a payload that slipped through would fail fast, not reach a server.
      url: 'http://127.0.0.1:9/wx',
      body: '<xml><Encrypt><![CDATA[AAAAAAAAAAAAAAAAAAAAAA==]]></Encrypt></xml>',
      reply: '<xml><Content><![CDATA[ok]]></Content></xml>',
      msgSignature: 'a'.repeat(40),
      encrypt: 'AAAAAAAAAAAAAAAAAAAAAA==',
      path: '/cgi-bin/getcallbackip',
      // importProfiles: an export with no apps, so even a payload that slipped through would add nothing.
      json: '{"format":"wxcred-profiles","version":1,"profiles":[]}',
      callId: '0b6c3f0e-6c1a-4c55-9d7e-2f7a1c9e4b21',
    };
    before = await snapshot();
  }, 30_000);

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUnhandled);
    await services?.close();
    await wx?.close();
    if (userData) await rm(userData, { recursive: true, force: true });
    for (const service of [secretService, tokenService]) {
      for (const { account } of await keytar.findCredentials(service).catch(() => [])) await keytar.deletePassword(service, account);
    }
  });

  it('derives a valid request for every channel from its schema (so every mutation below is one defect)', () => {
    for (const channel of channelNames) expect(expectedValid(channel, validBase(channel, samples)), channel).toBe(true);
  });

  it.each(channelNames.map((c) => [c]))('%s: every hostile payload is a validation error, and nothing reaches a handler', async (channel) => {
    const payloads = hostilePayloads(channel, samples);
    const failures: string[] = [];
    let sent = 0;
    for (const { label, payload } of payloads) {
      if (expectedValid(channel, payload)) continue; // the contract accepts it: not a hostile payload
      sent++;
      const reachedBefore = reached.length;
      let outcome: Outcome<unknown> | undefined;
      try {
        outcome = await dispatch(handlers, channel, payload, { onUnexpected: (c) => unexpected.push(`${label} (${c})`) });
      } catch (thrown) {
        failures.push(`${label}: dispatch threw ${String(thrown)}`);
        continue;
      }
      if (reached.length !== reachedBefore) failures.push(`${label}: reached the ${reached.slice(reachedBefore).join(', ')} handler`);
      if (outcome.ok || outcome.error.kind !== 'validation') {
        failures.push(`${label}: answered ${JSON.stringify(outcome).slice(0, 200)}`);
        continue;
      }
      const { message, issues } = outcome.error;
      if (typeof message !== 'string' || !Array.isArray(issues) || issues.length === 0) failures.push(`${label}: malformed validation error`);
      // What goes back over IPC must be plain data, and bounded whatever was sent.
      const wire = JSON.stringify(outcome);
      if (wire.length > 64 * 1024) failures.push(`${label}: the error is ${wire.length} characters long`);
    }
    expect(failures).toEqual([]);
    expect(sent, 'hostile payloads actually sent').toBeGreaterThanOrEqual(60);
    expect(await snapshot()).toEqual(before);
  });

  it('still accepts the largest strings the contract allows (encryptedData up to 256 KB)', async () => {
    const sessionKey = randomBytes(16).toString('base64');
    const { encryptedData, iv } = encryptUserData(sessionKey, { stepInfoList: 'x'.repeat(150_000) }, { appid: miniApp.appid, timestamp: 1 });
    expect(encryptedData.length).toBeGreaterThan(64 * 1024);
    const outcome = await dispatch(services.handlers, 'decryptUserData', { profileId: samples.profileId, sessionKey, encryptedData, iv });
    expect(outcome, JSON.stringify(outcome).slice(0, 300)).toMatchObject({ ok: true, value: { watermark: { appid: miniApp.appid } } });
  });

  it('refuses channel names that are not in the contract, including inherited property names', async () => {
    const names: unknown[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'appInfo ', 'APPINFO', 'wxcred:appInfo', '', null, undefined, 42, ['appInfo'], { toString: () => 'appInfo' }, new String('appInfo'), Symbol('appInfo')];
    for (const name of names) {
      const outcome = await dispatch(handlers, name, {});
      expect(outcome, String(typeof name === 'symbol' ? name.description : name)).toMatchObject({ ok: false, error: { kind: 'validation', message: 'Unknown channel.' } });
    }
    expect(reached).toEqual([]);
  });

  it('left no trace: state unchanged, prototypes untouched, no uncaught exception or unhandled rejection', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100)); // let any stray rejection surface
    expect(await snapshot()).toEqual(before);
    expect(protoKeys()).toEqual(protoBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(reached).toEqual([]);
    expect(unexpected).toEqual([]);
    expect(crashes).toEqual([]);
  });
});
