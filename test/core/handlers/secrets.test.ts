/**
 * What setSecret stores is exactly what was typed, minus surrounding whitespace: the real
 * handlers through dispatch, with the secret store in memory so its contents can be read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEphemeralSecretStore } from '../../../src/core/store/memoryStores';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { openApp, tempDir, type App } from '../support';

let fake: FakeWechat;
let folder: Awaited<ReturnType<typeof tempDir>>;
let secrets: ReturnType<typeof createEphemeralSecretStore>;
let app: App;
let profileId: string;

beforeEach(async () => {
  fake = await startFakeWechat();
  folder = await tempDir();
  secrets = createEphemeralSecretStore();
  app = openApp(fake, { userDataDir: folder.dir, secrets });
  profileId = (await app.call('saveProfile', { label: 'Test app', appid: FAKE_APP.appid, kind: 'official-account' })).id;
});

afterEach(async () => {
  await app.close();
  await fake.close();
  await folder.remove();
});

describe('secrets are validated before they are stored', () => {
  it.each([
    ['a NUL', 'FAKEa1b2c3d4\u0000e5f6a7b8c9d0e1f2a3b4c5'],
    ['a C0 control', 'FAKEa1b2c3d4\u001be5f6a7b8c9d0e1f2a3b4c5'],
    ['a C1 control', 'FAKEa1b2c3d4\u0085e5f6a7b8c9d0e1f2a3b4c5'],
    ['DEL', 'FAKEa1b2c3d4\u007fe5f6a7b8c9d0e1f2a3b4c5'],
    ['a tab inside', 'FAKEa1b2c3d4\te5f6a7b8c9d0e1f2a3b4c5'],
  ])('%s is refused with a clear message, and nothing is stored', async (_what, secret) => {
    const error = await app.fail('setSecret', { profileId, secret });
    expect(error).toMatchObject({ kind: 'validation', message: expect.stringMatching(/control character/) });
    expect(await secrets.get(FAKE_APP.appid)).toBeNull();
  });

  it.each([
    ['a lone high surrogate', 'FAKEa1b2c3d4\ud800e5f6a7b8c9d0e1f2a3b4c5'],
    ['a lone low surrogate', 'FAKEa1b2c3d4\udc00e5f6a7b8c9d0e1f2a3b4c5'],
  ])('%s is refused, not turned into U+FFFD', async (_what, secret) => {
    const error = await app.fail('setSecret', { profileId, secret });
    expect(error).toMatchObject({ kind: 'validation', message: expect.stringMatching(/surrogate/) });
    expect(await secrets.get(FAKE_APP.appid)).toBeNull();
  });

  it('surrounding whitespace is trimmed, and the result says so', async () => {
    const typed = '  0123456789abcdef0123456789abcdef\n';
    expect(await app.call('setSecret', { profileId, secret: typed })).toEqual({ stored: true, hint: 'cdef', unusualShape: false, trimmed: true });
    expect(await secrets.get(FAKE_APP.appid)).toBe('0123456789abcdef0123456789abcdef');
  });

  it('a shape other than 32 hex characters is stored, with a warning', async () => {
    expect(await app.call('setSecret', { profileId, secret: FAKE_APP.secret })).toMatchObject({ stored: true, unusualShape: true, trimmed: false });
    expect(await secrets.get(FAKE_APP.appid)).toBe(FAKE_APP.secret);
    expect(await app.call('secretStatus', { profileId })).toMatchObject({ stored: true, unusualShape: true });
  });

  it('a simulator app is not warned about its shape: its secret only ever goes to the simulator', async () => {
    const demo = await app.call('saveProfile', { label: 'Sim app', appid: 'wx0000de0000000001', kind: 'official-account', domain: 'simulator' });
    expect(await app.call('setSecret', { profileId: demo.id, secret: 'FAKE-SIMULATOR-SECRET-01-not-a-real-appsecret' })).toMatchObject({ stored: true, unusualShape: false });
    expect(await app.call('secretStatus', { profileId: demo.id })).toMatchObject({ stored: true, unusualShape: false });
    // The same secret on an app that talks to WeChat is still warned about.
    expect(await app.call('setSecret', { profileId, secret: 'FAKE-SIMULATOR-SECRET-01-not-a-real-appsecret' })).toMatchObject({ unusualShape: true });
  });

  it('a well-formed non-ASCII secret is stored whole and its hint is its last 4 characters', async () => {
    const secret = 'FAKE-密钥-0123456789-😀';
    expect(await app.call('setSecret', { profileId, secret })).toMatchObject({ stored: true, hint: '89-😀' });
    expect(await secrets.get(FAKE_APP.appid)).toBe(secret);
  });
});
