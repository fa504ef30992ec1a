/** The whole service stack on a temp user-data folder, talking to a fake WeChat over loopback. */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, Profile, RequestOf, ResultOf } from '../../src/contract';
import type { Outcome, WxError } from '../../src/contract/errors';
import { dispatch } from '../../src/core/dispatch';
import { createServices, type ServiceOptions, type Services } from '../../src/core/services';
import type { Timers } from '../../src/core/token/tokenService';
import { FAKE_APP, type FakeWechat } from '../../src/core/simulator';

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wxcred-account-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface App {
  services: Services;
  /** One call through dispatch(): the contract's schema, then the handler. */
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>>;
  /** The typed error a call fails with; throws if it succeeds. */
  fail<C extends Channel>(channel: C, request: RequestOf<C>): Promise<WxError>;
  /** The Outcome itself, success or failure. */
  run<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Outcome<ResultOf<C>>>;
  close(): Promise<void>;
}

export function openApp(fake: Pick<FakeWechat, 'url'>, options: Partial<ServiceOptions> & { userDataDir: string }): App {
  const services = createServices({ host: 'test', env: { WXCRED_API_BASE: fake.url }, version: 'test', ...options });
  const run = <C extends Channel>(channel: C, request: RequestOf<C>) => dispatch(services.handlers, channel, request);
  return {
    services,
    async call(channel, request) {
      const outcome = await run(channel, request);
      if (!outcome.ok) throw new Error(`${channel} failed: ${JSON.stringify(outcome.error)}`);
      return outcome.value as never;
    },
    async fail(channel, request) {
      const outcome = await run(channel, request);
      if (outcome.ok) throw new Error(`${channel} was expected to fail, got ${JSON.stringify(outcome.value)}`);
      return outcome.error;
    },
    run: (channel, request) => run(channel, request) as never,
    close: () => services.close(),
  };
}

/** Saves the fake's app (or another) with its secret; returns the profile. */
export async function addApp(
  app: App,
  fakeApp: { appid: string; secret: string; kind?: Profile['kind'] } = FAKE_APP,
  extra: { autoRefresh?: boolean; label?: string } = {},
): Promise<Profile> {
  const profile = await app.call('saveProfile', {
    label: extra.label ?? 'Test app',
    appid: fakeApp.appid,
    kind: fakeApp.kind ?? 'official-account',
    autoRefresh: extra.autoRefresh ?? false,
  });
  await app.call('setSecret', { profileId: profile.id, secret: fakeApp.secret });
  return profile;
}

/** Every file under `dir` (recursively), with its bytes. */
export async function filesUnder(dir: string): Promise<{ path: string; text: string; mode: number }[]> {
  const out: { path: string; text: string; mode: number }[] = [];
  for (const name of await readdir(dir, { recursive: true })) {
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isFile()) out.push({ path, text: await readFile(path, 'latin1'), mode: info.mode & 0o777 });
  }
  return out;
}

/** Timers a test fires by hand; only the latest pending one of each owner matters here. */
export function manualTimers(): Timers & { pending: { run: () => void; ms: number; id: number }[]; runAll(): void } {
  let next = 1;
  const pending: { run: () => void; ms: number; id: number }[] = [];
  return {
    pending,
    setTimeout(run, ms) {
      const id = next++;
      pending.push({ run, ms, id });
      return id;
    },
    clearTimeout(handle) {
      const i = pending.findIndex((p) => p.id === handle);
      if (i >= 0) pending.splice(i, 1);
    },
    runAll() {
      for (const p of pending.splice(0)) p.run();
    },
  };
}
