/** Helpers shared by the wechat suites: targets on a fake, a closed port, error capture. */
import { createServer } from 'node:net';
import { WxcredError, type WxError } from '../../../src/contract/errors';
import type { AppTarget } from '../../../src/core/wechat/types';
import { FAKE_APP, type FakeWechat } from '../../../src/core/simulator';

export function targetOn(fake: Pick<FakeWechat, 'url'>, overrides: Partial<AppTarget> = {}): AppTarget {
  return { profileId: 'p-1', appid: FAKE_APP.appid, apiBase: fake.url, proxy: null, ...overrides };
}

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The typed error a promise rejects with; fails the test if it resolves or throws something else. */
export async function wxErrorOf(promise: Promise<unknown>): Promise<WxError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WxcredError) return err.error;
    throw new Error(`expected a WxcredError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a rejection, but the call succeeded');
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2025, 0, 6, 2, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}
