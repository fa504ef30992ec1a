/**
 * The contract implemented on plain services, one factory per feature. No Electron import: the
 * Electron shell, the web-mode server, the CLI and the tests all call createHandlers().
 */
import { channelsByFeature, type Feature } from '../../contract/channels';
import type { FeatureHandlers, Handlers } from '../../contract/schema';
import { attachCalls, attachSensitive } from '../dispatch';
import { createCallRegistry } from '../calls/scope';
import { createAccountHandlers } from './account';
import { createAppHandlers } from './app';
import { createCallHandlers } from './calls';
import { createContext, type HandlerDeps } from './context';
import { createLogHandlers } from './log';
import { createProfileHandlers } from './profiles';
import { createSecretHandlers } from './secrets';
import { createSettingsHandlers } from './settings';
import { createTokenHandlers } from './token';

export type { HandlerDeps, SimulatorHost } from './context';

/**
 * A feature whose code is loaded on its first call. What every start needs (apps, secrets,
 * tokens, settings, the log) is loaded with this file; the rest — the errcode table, the callback
 * lab's XML parser and AES, the JS-SDK signer, OAuth, the API console, the simulator's demo apps —
 * is read and compiled only when a channel of it is called: `wxcred check` never pays for it, and a window
 * pays as its pages are opened. A load that fails is tried again on the next call.
 */
function onFirstCall<F extends Feature>(feature: F, load: () => Promise<FeatureHandlers<F>>): FeatureHandlers<F> {
  let loading: Promise<FeatureHandlers<F>> | null = null;
  const loaded = (): Promise<FeatureHandlers<F>> =>
    (loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    }));
  const table: Record<string, (request: never) => Promise<unknown>> = {};
  for (const channel of channelsByFeature[feature]) {
    table[channel] = async (request) => {
      const handlers = (await loaded()) as Record<string, (request: never) => Promise<unknown>>;
      return handlers[channel]!(request);
    };
  }
  return table as FeatureHandlers<F>;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const ctx = createContext(deps);
  const calls = createCallRegistry();
  const handlers = {
    ...createAppHandlers(ctx),
    ...createProfileHandlers(ctx),
    ...createSecretHandlers(ctx),
    ...createTokenHandlers(ctx),
    ...createSettingsHandlers(ctx),
    ...createAccountHandlers(ctx),
    ...createLogHandlers(ctx),
    ...onFirstCall('errcodes', async () => (await import('./errcodes')).createErrcodeHandlers()),
    ...onFirstCall('oauth', async () => (await import('./oauth')).createOAuthHandlers(ctx)),
    ...onFirstCall('miniprogram', async () => (await import('./miniprogram')).createMiniProgramHandlers(ctx)),
    ...onFirstCall('userinfo', async () => (await import('./userinfo')).createUserInfoHandlers(ctx)),
    ...onFirstCall('permissions', async () => (await import('./permissions')).createPermissionHandlers(ctx)),
    ...onFirstCall('console', async () => (await import('./console')).createConsoleHandlers(ctx)),
    ...onFirstCall('jssdk', async () => (await import('./jssdk')).createJssdkHandlers(ctx)),
    ...onFirstCall('callback', async () => (await import('./callback')).createCallbackHandlers(ctx)),
    ...onFirstCall('simulator', async () => (await import('./simulator')).createSimulatorHandlers(ctx)),
    ...createCallHandlers(calls),
  } satisfies Handlers;
  attachSensitive(handlers, deps.log.sensitive);
  attachCalls(handlers, calls);
  return handlers;
}
