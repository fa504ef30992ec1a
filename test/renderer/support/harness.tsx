/**
 * Renders the real app (or one component) on the real core. Every bridge call goes through
 * dispatch(), so the contract's schemas validate each request exactly as in the app, and the
 * handlers built by the composition root (createServices) answer it: profiles and settings in a
 * throwaway user-data folder, AppSecrets in the real keychain adapter over an in-memory keytar,
 * tokens in an in-memory vault. The core talks real HTTP to the WeChat simulator on 127.0.0.1
 * (random port); failures come from the simulator's fault switches and replies.
 *
 * The core runs in the test's own process, beside jsdom. Vitest's jsdom environment keeps Node's
 * own globals (Buffer, streams, node:http, undici's timers) and only adds the DOM ones, so undici
 * and the simulator work unchanged here; no per-file environment switch is needed.
 *
 * One manual clock drives the React countdowns, the core (token expiry, stats day, rid age) and
 * the simulator (token and code lifetimes), so moving it moves all three together. HTTP timeouts
 * and react-query's polling use real timers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, cleanup, configure, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import type { AppKind, Channel, Profile, RequestOf, ResultOf, WxcredApi } from '../../../src/contract';
import { channelNames, isCancellable } from '../../../src/contract/channels';
import { WxcredError, type Outcome, type WxError } from '../../../src/contract/errors';
import { dispatch } from '../../../src/core/dispatch';
import { classifyKeychainMessage, keychainAdvice, type Keychain } from '../../../src/core/keychain/keychain';
import { createKeytarSecretStore } from '../../../src/core/keychain/secretStore';
import { createServices, type Services } from '../../../src/core/services';
import { FAKE_APP, FAKE_TEST_APP, startFakeWechat, type FakeWechat } from '../../../src/core/simulator';
import { FAKE_MINI_APP, FAKE_WEBSITE_APP } from '../../../src/core/simulator/oauth';
import { createMemoryTokenVault } from '../../../src/core/token/tokenVault';
import type { Env } from '../../../src/core/wechat/route';
import { App } from '../../../src/renderer/app/App';
import { Providers } from '../../../src/renderer/app/Providers';
import { createQueryClient } from '../../../src/renderer/data/queryClient';
import { initialLang } from '../../../src/renderer/i18n/I18nProvider';
import { loadLang } from '../../../src/renderer/i18n/messages';
import { preloadDeferred } from '../../../src/renderer/ui/deferred';
import type { Clock } from '../../../src/renderer/ui/clock';

export { FAKE_APP, FAKE_MINI_APP, FAKE_TEST_APP, FAKE_WEBSITE_APP };

/** Where the manual clock starts: 2025-01-01 09:00:00 UTC. */
export const START = Date.UTC(2025, 0, 1, 9, 0, 0);

export interface SimApp {
  appid: string;
  secret: string;
  kind: AppKind;
}

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function createManualClock(start = START): ManualClock {
  let current = start;
  const listeners = new Set<() => void>();
  return {
    now: () => current,
    subscribe(onTick) {
      listeners.add(onTick);
      return () => listeners.delete(onTick);
    },
    advance(ms) {
      act(() => {
        current += ms;
        for (const listener of listeners) listener();
      });
    },
  };
}

/** The keychain adapter over a Map; `lock()` makes it fail the way a keyring without a session does. */
function memoryKeychain() {
  const entries = new Map<string, string>();
  let locked: string | null = null;
  const guard = () => {
    if (locked) {
      const reason = classifyKeychainMessage(locked);
      throw new WxcredError({ kind: 'keychain', reason, message: `${locked}. ${keychainAdvice(reason, 'linux')}` });
    }
  };
  const keychain: Keychain = {
    get: async (service, account) => (guard(), entries.get(`${service}/${account}`) ?? null),
    set: async (service, account, password) => {
      guard();
      entries.set(`${service}/${account}`, password);
    },
    delete: async (service, account) => (guard(), entries.delete(`${service}/${account}`)),
    find: async (service) => (
      guard(),
      [...entries].filter(([key]) => key.startsWith(`${service}/`)).map(([key, password]) => ({ account: key.slice(service.length + 1), password }))
    ),
    close: () => undefined,
  };
  return {
    keychain,
    /** Every secret stored (the note beside each AppSecret of where it was saved for is not one). */
    values: () => [...entries].filter(([key]) => !key.endsWith('/saved-for')).map(([, value]) => value),
    lock: (message = 'Cannot autolaunch D-Bus without X11 $DISPLAY') => {
      locked = message;
    },
    unlock: () => {
      locked = null;
    },
  };
}

export interface AppSeed {
  app: SimApp;
  label?: string;
  /** Save the app's AppSecret too (default true). */
  secret?: boolean;
  /** Stored as the profile's kind; the simulator's kind by default. */
  kind?: AppKind;
  proxy?: string;
}

export interface SetupOptions {
  /** Profiles saved through dispatch before the first render, in this order. */
  apps?: AppSeed[];
  /**
   * How the core reaches the simulator: through WXCRED_API_BASE (the default, which also shows
   * the override banner), or through each profile's custom base URL.
   */
  via?: 'env' | 'profile';
  env?: Env;
  mode?: 'electron' | 'web' | 'cli';
  version?: string;
  /**
   * Run the core as a host that started the simulator beside it (desktop, web mode): the
   * simulator also serves the demo apps, and the core is told its URL. Off by default, like the
   * test host.
   */
  simulator?: boolean;
  /** Files written into the user-data folder before the core opens it. */
  files?: Record<string, string>;
  /** Runs after the apps are saved, before the first render: real calls to build up state. */
  before?: (rig: Omit<Rig, 'user' | 'queryClient' | 'unmount' | 'rerender' | 'container' | 'baseElement'>) => Promise<void>;
}

export interface Call {
  channel: Channel;
  /** The request as the channel's schema sees it: without the call envelope. */
  request: unknown;
  /** The envelope's callId, on a long call the tree can cancel. */
  callId?: string;
  /** Set once the core has answered. */
  outcome?: Outcome<unknown>;
}

type Render = ReturnType<typeof render>;

export interface Rig extends Pick<Render, 'unmount' | 'rerender' | 'container' | 'baseElement'> {
  sim: FakeWechat;
  clock: ManualClock;
  services: Services;
  /** The profiles saved from `apps`, as the core returned them. */
  profiles: Profile[];
  /** What the React tree sent across the bridge, in order. */
  calls: Call[];
  callsTo(channel: Channel): unknown[];
  /** What the core answered the tree's successful calls to one channel, oldest first. */
  resultsOf<C extends Channel>(channel: C): ResultOf<C>[];
  /** A call straight through dispatch (not recorded): a failed outcome is thrown. */
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>>;
  fail<C extends Channel>(channel: C, request: RequestOf<C>): Promise<WxError>;
  keychain: ReturnType<typeof memoryKeychain>;
  bridge: WxcredApi;
  queryClient: ReturnType<typeof createQueryClient>;
  user: ReturnType<typeof userEvent.setup>;
  dir: string;
}

// Answers travel over real loopback HTTP on a shared machine: give findBy*/waitFor more than 1 s.
configure({ asyncUtilTimeout: 5000 });

const open: { close(): Promise<void> }[] = [];
/** Anything a handler threw that was not a typed error: a bug in the core, reported after the test. */
const unexpected: string[] = [];

// No vitest globals, so Testing Library cannot register its own cleanup.
afterEach(async () => {
  cleanup();
  localStorage.clear();
  delete window.wxcred;
  for (const item of open.splice(0).reverse()) await item.close();
  const bugs = unexpected.splice(0);
  if (bugs.length > 0) throw new Error(`the core threw unexpectedly:\n${bugs.join('\n')}`);
});

export async function setup(options: SetupOptions = {}, ui: ReactNode | ((rig: Rig) => ReactNode) = <App />): Promise<Rig> {
  const clock = createManualClock();
  const sim = await startFakeWechat({
    clock: clock.now,
    apps: [FAKE_APP, FAKE_TEST_APP, FAKE_MINI_APP, FAKE_WEBSITE_APP],
    demo: options.simulator === true,
  });
  const dir = await mkdtemp(join(tmpdir(), 'wxcred-renderer-'));
  for (const [name, text] of Object.entries(options.files ?? {})) await writeFile(join(dir, name), text);
  const keychain = memoryKeychain();
  const via = options.via ?? 'env';
  const services = createServices({
    host: 'test',
    userDataDir: dir,
    env: { ...(via === 'env' ? { WXCRED_API_BASE: sim.url } : {}), ...options.env },
    mode: options.mode ?? 'web',
    version: options.version ?? '0.1.0',
    secrets: createKeytarSecretStore({ keychain: keychain.keychain }),
    tokenVault: createMemoryTokenVault(),
    ticketVault: null,
    clock: clock.now,
    autoRefresh: false,
    simulator: options.simulator ? { url: sim.url } : null,
  });
  open.push(
    { close: () => rm(dir, { recursive: true, force: true }) },
    { close: () => sim.close() },
    { close: () => services.close() },
  );

  const run = (channel: Channel, request: unknown) =>
    dispatch(services.handlers, channel, request, {
      // A bug in the core must fail the test, not turn into a quiet "internal" alert.
      onUnexpected: (name, thrown) => void unexpected.push(`${name}: ${thrown instanceof Error ? (thrown.stack ?? thrown.message) : String(thrown)}`),
    });
  const call = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<ResultOf<C>> => {
    const outcome = await run(channel, request);
    if (!outcome.ok) throw new WxcredError(outcome.error);
    return outcome.value as ResultOf<C>;
  };
  const fail = async <C extends Channel>(channel: C, request: RequestOf<C>): Promise<WxError> => {
    const outcome = await run(channel, request);
    if (outcome.ok) throw new Error(`expected ${channel} to fail, got ${JSON.stringify(outcome.value)}`);
    return outcome.error;
  };

  // The web-mode bridge carries JSON both ways; so does this one, so nothing but data crosses.
  const calls: Call[] = [];
  const bridge = {} as Record<Channel, (request: unknown) => Promise<Outcome<unknown>>>;
  for (const channel of channelNames) {
    bridge[channel] = async (request) => {
      const payload: unknown = request === undefined ? undefined : JSON.parse(JSON.stringify(request));
      const { callId, ...rest } = (payload ?? {}) as { callId?: string };
      const record: Call = isCancellable(channel) && typeof callId === 'string' ? { channel, request: rest, callId } : { channel, request: payload };
      calls.push(record);
      const outcome = JSON.parse(JSON.stringify(await run(channel, payload))) as Outcome<unknown>;
      record.outcome = outcome;
      return outcome;
    };
  }
  const api = bridge as unknown as WxcredApi;
  window.wxcred = api;

  const profiles: Profile[] = [];
  for (const seed of options.apps ?? []) {
    const profile = await call('saveProfile', {
      label: seed.label ?? `${seed.app.kind} app`,
      appid: seed.app.appid,
      kind: seed.kind ?? seed.app.kind,
      ...(via === 'profile' ? { domain: 'custom' as const, customBase: sim.url } : {}),
      ...(seed.proxy ? { proxy: seed.proxy } : {}),
    });
    if (seed.secret !== false) await call('setSecret', { profileId: profile.id, secret: seed.app.secret });
    profiles.push(profile);
  }

  const base = {
    sim,
    clock,
    services,
    profiles,
    calls,
    callsTo: (channel: Channel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    resultsOf: <C extends Channel>(channel: C) =>
      calls.flatMap((c) => (c.channel === channel && c.outcome?.ok ? [c.outcome.value as ResultOf<C>] : [])),
    call,
    fail,
    keychain,
    bridge: api,
    dir,
  };
  await options.before?.(base);

  // The UI shows nothing until the language it starts in is loaded (a chunk of its own unless it
  // is English), and an app page's other tabs are chunks the window fetches when idle; loading
  // both here lets a test read a screen as soon as it has clicked its way there.
  await Promise.all([loadLang(initialLang()), preloadDeferred()]);
  const queryClient = createQueryClient();
  const user = userEvent.setup();
  const rig = { ...base, queryClient, user } as Rig;
  const view = render(
    <Providers bridge={api} queryClient={queryClient} clock={clock}>
      {typeof ui === 'function' ? ui(rig) : ui}
    </Providers>,
  );
  return Object.assign(rig, { unmount: view.unmount, rerender: view.rerender, container: view.container, baseElement: view.baseElement });
}
