// PLACEHOLDER — being implemented now; every channel answers a typed 'internal' error until then.
import type { Handlers } from '../../shared/api';
import { WxcredError } from '../../shared/errors';
import type { HandlerContext } from './context';

type Channels = 'buildAuthorizeUrl' | 'exchangeOAuthCode' | 'refreshOAuthToken' | 'checkOAuthToken' | 'oauthUserInfo' | 'jscode2session' | 'revealSessionKey' | 'decryptUserData' | 'checkUserSignature' | 'phoneNumber' | 'userInfo';

const notYet = async (): Promise<never> => {
  throw new WxcredError({ kind: 'internal', message: 'Not built yet.' });
};

export function createOAuthHandlers(_ctx: HandlerContext): Pick<Handlers, Channels> {
  return {
    buildAuthorizeUrl: notYet,
    exchangeOAuthCode: notYet,
    refreshOAuthToken: notYet,
    checkOAuthToken: notYet,
    oauthUserInfo: notYet,
    jscode2session: notYet,
    revealSessionKey: notYet,
    decryptUserData: notYet,
    checkUserSignature: notYet,
    phoneNumber: notYet,
    userInfo: notYet,
  };
}
