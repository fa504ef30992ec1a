import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenService, type WechatTokenService } from '../../../src/core/token/tokenService';
import { createMemoryTokenVault, type TokenMap, type TokenVault } from '../../../src/core/token/tokenVault';
import { createAccountApi } from '../../../src/core/wechat/accountEndpoints';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { manualTimers } from '../support';
import { manualClock, targetOn, wxErrorOf } from '../wechat/support';

let fake: FakeWechat;
let clock: ReturnType<typeof manualClock>;
let timers: ReturnType<typeof manualTimers>;
let services: WechatTokenService[];

const loadSecret = async () => FAKE_APP.secret;

beforeEach(async () => {
  clock = manualClock();
  timers = manualTimers();
  fake = await startFakeWechat({ clock: clock.now });
  services = [];
});

afterEach(async () => {
  await Promise.all(services.map((s) => s.close()));
  await fake.close();
});

const INSTALL_KEY = new Uint8Array(32).fill(7);

function service(vault: TokenVault) {
  // One install key for every service here, as one install keeps its key in the keychain.
  const s = createTokenService({ clock: clock.now, timers, vault, persistDelayMs: 500, fingerprintKey: async () => INSTALL_KEY });
  services.push(s);
  return s;
}

/** A vault that counts saves. */
function countingVault() {
  const inner = createMemoryTokenVault();
  const saves: TokenMap[] = [];
  return {
    saves,
    inner,
    load: () => inner.load(),
    save: async (map: TokenMap) => {
      saves.push(map);
      await inner.save(map);
    },
  };
}

describe('write-behind to the vault', () => {
  it('a burst of fetches costs one save, after the delay; forget() is saved too', async () => {
    const vault = countingVault();
    const tokens = service(vault);
    const target = targetOn(fake);
    await tokens.get(target, 'stable', loadSecret);
    await tokens.get(target, 'classic', loadSecret);
    expect(vault.saves).toHaveLength(0);
    expect(timers.pending).toEqual([expect.objectContaining({ ms: 500 })]);
    timers.runAll();
    await tokens.ready();
    await new Promise((resolve) => setImmediate(resolve));
    expect(vault.saves).toHaveLength(1);
    expect(Object.values(vault.saves[0] ?? {}).map((t) => t.lane).sort()).toEqual(['classic', 'stable']);

    tokens.forget(target, 'classic');
    await tokens.close();
    expect(vault.saves).toHaveLength(2);
    expect(Object.values(vault.inner.snapshot()).map((t) => t.lane)).toEqual(['stable']);
  });

  it('a second service on the same vault serves the token from the cache, with zero upstream calls', async () => {
    const vault = createMemoryTokenVault();
    const first = service(vault);
    const token = await first.get(targetOn(fake), 'stable', loadSecret);
    await first.close();
    fake.resetCalls();

    const second = service(vault);
    // Read once, to know the token is this secret's; never sent.
    let reads = 0;
    const counted = async (): Promise<string> => {
      reads += 1;
      return loadSecret();
    };
    expect(await second.get(targetOn(fake), 'stable', counted)).toEqual({ ...token, fromCache: true });
    expect(await second.get(targetOn(fake), 'stable', counted)).toEqual({ ...token, fromCache: true });
    expect(reads).toBe(1);
    expect(second.peek(targetOn(fake), 'stable')).toMatchObject({ accessToken: token.accessToken, fromCache: true });
    expect(fake.calls()).toEqual({});
  });

  it('entries for another API base or app stay apart; expired ones are dropped at load', async () => {
    const vault = createMemoryTokenVault();
    const first = service(vault);
    await first.get(targetOn(fake), 'stable', loadSecret);
    await first.close();
    const second = service(vault);
    await second.ready();
    expect(await second.cached(targetOn(fake), 'stable', loadSecret)).not.toBeNull();
    expect(await second.cached(targetOn(fake, { apiBase: 'https://api2.weixin.qq.com' }), 'stable', loadSecret)).toBeNull();
    await second.close();

    clock.advance(7200_000);
    const third = service(vault);
    await third.ready();
    expect(await third.cached(targetOn(fake), 'stable', loadSecret)).toBeNull();
    await third.close();
    expect(vault.snapshot()).toEqual({});
  });
});

describe('account endpoint bodies', () => {
  it('a 200 without the expected fields is a typed error, not undefined', async () => {
    const tokens = service(createMemoryTokenVault());
    const api = createAccountApi(tokens.client);
    const target = targetOn(fake);
    fake.route('GET', '/cgi-bin/get_api_domain_ip', () => ({ ip_list: 'nope' }));
    fake.route('POST', '/cgi-bin/callback/check', () => ({ dns: {}, ping: [] }));
    fake.route('POST', '/cgi-bin/openapi/rid/get', () => ({ errcode: 0, errmsg: 'ok' }));
    expect(await wxErrorOf(api.getApiDomainIp(target, 'x'))).toMatchObject({ kind: 'network', reason: 'not-json', message: expect.stringContaining('ip_list') });
    expect(await wxErrorOf(api.callbackCheck(target, 'x', 'all', 'DEFAULT'))).toMatchObject({ kind: 'network', message: expect.stringContaining('dns') });
    expect(await wxErrorOf(api.getRidInfo(target, 'x', 'r'))).toMatchObject({ kind: 'network', message: expect.stringContaining('request') });
  });
});
