/**
 * WxcredApi implemented on plain services, one factory per feature. No Electron import: the
 * Electron shell, the web-mode server, the CLI and the tests all call createHandlers().
 */
import type { Handlers } from '../../contract/schema';
import { createAccountHandlers } from './account';
import { createContext, type HandlerDeps } from './context';
import { createCoreHandlers } from './core';
import { createOAuthHandlers } from './oauth';

export type { HandlerDeps } from './context';

export function createHandlers(deps: HandlerDeps): Handlers {
  const ctx = createContext(deps);
  return {
    ...createCoreHandlers(ctx),
    ...createAccountHandlers(ctx),
    ...createOAuthHandlers(ctx),
  };
}
