// PLACEHOLDER — being implemented now; every channel answers a typed 'internal' error until then.
import type { Handlers } from '../../shared/api';
import { WxcredError } from '../../shared/errors';
import type { HandlerContext } from './context';

type Channels = 'tokenStats' | 'getSettings' | 'saveSettings' | 'getQuota' | 'clearQuota' | 'callbackIp' | 'apiDomainIp' | 'callbackCheck' | 'lookupRid' | 'requestLog' | 'clearRequestLog' | 'exportRequestLog';

const notYet = async (): Promise<never> => {
  throw new WxcredError({ kind: 'internal', message: 'Not built yet.' });
};

export function createAccountHandlers(_ctx: HandlerContext): Pick<Handlers, Channels> {
  return {
    tokenStats: notYet,
    getSettings: notYet,
    saveSettings: notYet,
    getQuota: notYet,
    clearQuota: notYet,
    callbackIp: notYet,
    apiDomainIp: notYet,
    callbackCheck: notYet,
    lookupRid: notYet,
    requestLog: notYet,
    clearRequestLog: notYet,
    exportRequestLog: notYet,
  };
}
