/**
 * The contract implemented on plain services, one factory per feature. No Electron import: the
 * Electron shell, the web-mode server, the CLI and the tests all call createHandlers().
 */
import type { Handlers } from '../../contract/schema';
import { attachCalls, attachSensitive } from '../dispatch';
import { createCallRegistry } from '../calls/scope';
import { createAccountHandlers } from './account';
import { createAppHandlers } from './app';
import { createConsoleHandlers } from './console';
import { createCallbackHandlers } from './callback';
import { createCallHandlers } from './calls';
import { createContext, type HandlerDeps } from './context';
import { createErrcodeHandlers } from './errcodes';
import { createJssdkHandlers } from './jssdk';
import { createLogHandlers } from './log';
import { createMiniProgramHandlers } from './miniprogram';
import { createOAuthHandlers } from './oauth';
import { createPermissionHandlers } from './permissions';
import { createProfileHandlers } from './profiles';
import { createSecretHandlers } from './secrets';
import { createSettingsHandlers } from './settings';
import { createSimulatorHandlers } from './simulator';
import { createTokenHandlers } from './token';
import { createUserInfoHandlers } from './userinfo';

export type { HandlerDeps, SimulatorHost } from './context';

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
    ...createErrcodeHandlers(),
    ...createOAuthHandlers(ctx),
    ...createMiniProgramHandlers(ctx),
    ...createUserInfoHandlers(ctx),
    ...createPermissionHandlers(ctx),
    ...createConsoleHandlers(ctx),
    ...createJssdkHandlers(ctx),
    ...createCallbackHandlers(ctx),
    ...createSimulatorHandlers(ctx),
    ...createCallHandlers(calls),
  } satisfies Handlers;
  attachSensitive(handlers, deps.log.sensitive);
  attachCalls(handlers, calls);
  return handlers;
}
