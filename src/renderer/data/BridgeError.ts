import type { ChannelName } from '../../shared/channels';
import type { WxError } from '../../shared/errors';

/** What react-query holds in `error`: the typed WxError, never a string to parse. */
export class BridgeError extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly error: WxError,
  ) {
    super(error.kind === 'wechat' ? `errcode ${error.errcode}: ${error.errmsg}` : error.message);
    this.name = 'BridgeError';
  }
}
