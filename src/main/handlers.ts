/**
 * WxcredApi implemented on plain services, one factory per feature. No Electron import: the
 * Electron shell, the web-mode server, the CLI and the tests all call createHandlers().
 */
import type { Handlers } from '../shared/api';
import { createAccountHandlers } from './handlers/account';
import { createContext, type HandlerDeps } from './handlers/context';
import { createCoreHandlers } from './handlers/core';
import { createOAuthHandlers } from './handlers/oauth';

export type { HandlerDeps } from './handlers/context';

export function createHandlers(deps: HandlerDeps): Handlers {
  const ctx = createContext(deps);
  return {
    ...createCoreHandlers(ctx),
    ...createAccountHandlers(ctx),
    ...createOAuthHandlers(ctx),
  };
}
