import type { ChannelName } from '../../contract/channels';
import type { WxError } from '../../contract/errors';

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
