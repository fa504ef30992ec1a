/**
 * The real core as a WxcredApi for renderer tests: every handler through dispatch, on in-memory
 * stores. Renderer tests load this with a dynamic import so their own (DOM-only) type program
 * never has to include the core.
 */
import type { WxcredApi } from '../../src/contract';
import { channelNames } from '../../src/contract/channels';
import { createEphemeralProfileStore, createEphemeralSecretStore } from '../../src/core/store/memoryStores';
import { encryptMessage } from '../../src/core/callback/crypto';
import { dispatch } from '../../src/core/dispatch';
import { createHandlers } from '../../src/core/handlers/index';
import { createRequestLog } from '../../src/core/log/requestLog';
import { createTokenService } from '../../src/core/token/tokenService';
import { startCallbackServer, type CallbackServerOptions } from './callbackServer';

export interface CoreBridge {
  api: WxcredApi;
  calls: { channel: string; request: unknown }[];
}

export function createCoreBridge(): CoreBridge {
  // Nothing here talks to WeChat; a closed port makes any accidental call fail at once.
  const env = { WXCRED_API_BASE: 'http://127.0.0.1:9' };
  const log = createRequestLog();
  const tokens = createTokenService({ env, log });
  const handlers = createHandlers({ profiles: createEphemeralProfileStore(), secrets: createEphemeralSecretStore(), tokens, log, env, mode: 'web', version: 'test' });
  const calls: CoreBridge['calls'] = [];
  const api = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      (request: unknown) => {
        calls.push({ channel, request });
        return dispatch(handlers, channel, request);
      },
    ]),
  ) as unknown as WxcredApi;
  return { api, calls };
}

export { encryptMessage, startCallbackServer, type CallbackServerOptions };
