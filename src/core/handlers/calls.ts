/** Cancelling a long call: the call's own request to WeChat (or to the callback server) is aborted. */
import type { FeatureHandlers } from '../../contract/schema';
import type { CallRegistry } from '../calls/scope';

export function createCallHandlers(calls: CallRegistry): FeatureHandlers<'calls'> {
  return {
    async cancelCall({ callId }) {
      return { cancelled: calls.cancel(callId) };
    },
  };
}
