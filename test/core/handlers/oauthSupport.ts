/** The app's real handler stack (through dispatch) against the fake WeChat, on a hand-moved clock. */
import type { Channel, Profile, RequestOf, ResultOf } from '../../../src/contract';
import { WxcredError, type WxError } from '../../../src/contract/errors';
import { dispatch } from '../../../src/core/dispatch';
import type { RequestLog } from '../../../src/core/log/requestLog';
import { createServices } from '../../../src/core/services';
import type { WechatTokenService } from '../../../src/core/token/tokenService';
import { FAKE_APP, FAKE_TEST_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { FAKE_MINI_APP, FAKE_WEBSITE_APP } from '../../../src/core/simulator/oauth';
import { manualClock } from '../wechat/support';

export { FAKE_APP, FAKE_MINI_APP, FAKE_TEST_APP, FAKE_WEBSITE_APP };

export interface Harness {
  fake: FakeWechat;
  clock: ReturnType<typeof manualClock>;
  log: RequestLog;
  tokens: WechatTokenService;
  profiles: { official: Profile; mini: Profile; website: Profile; test: Profile };
  /** One contract call; a failed outcome is thrown as a WxcredError. */
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>>;
  /** The typed error a call fails with (fails the test if it succeeds). */
  fail<C extends Channel>(channel: C, request: RequestOf<C>): Promise<WxError>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const clock = manualClock();
  const fake = await startFakeWechat({ clock: clock.now, apps: [FAKE_APP, FAKE_TEST_APP, FAKE_MINI_APP, FAKE_WEBSITE_APP] });
  const services = createServices({
    host: 'test',
    userDataDir: null,
    env: { WXCRED_API_BASE: fake.url },
    version: 'test',
    mode: 'cli',
    clock: clock.now,
  });
  const { handlers, log, tokens } = services;

  async function outcome<C extends Channel>(channel: C, request: RequestOf<C>) {
    return dispatch(handlers, channel, request, {
      onUnexpected: (_name, thrown) => {
        throw thrown;
      },
    });
  }
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>> => {
    const result = await outcome(channel, request);
    if (!result.ok) throw new WxcredError(result.error);
    return result.value as ResultOf<C>;
  };
  const fail = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<WxError> => {
    const result = await outcome(channel, request);
    if (result.ok) throw new Error(`expected ${channel} to fail, got ${JSON.stringify(result.value)}`);
    return result.error;
  };

  const add = async (app: { appid: string; secret: string; kind: Profile['kind'] }) => {
    const profile = await call('saveProfile', { label: app.kind, appid: app.appid, kind: app.kind });
    await call('setSecret', { profileId: profile.id, secret: app.secret });
    return profile;
  };
  const profiles = {
    official: await add(FAKE_APP),
    mini: await add(FAKE_MINI_APP),
    website: await add(FAKE_WEBSITE_APP),
    test: await add(FAKE_TEST_APP),
  };
  return {
    fake,
    clock,
    log,
    tokens,
    profiles,
    call,
    fail,
    async close() {
      await services.close();
      await fake.close();
    },
  };
}
