/**
 * Long calls: a request to a channel in `cancellableChannels` may carry a `callId` the caller
 * made up (a UUID); `cancelCall` with that id aborts the call in main, its request to WeChat
 * included. The call then fails as a network error with reason 'aborted'.
 */

export interface CallEnvelope {
  /** The caller's name for this one call, so it can be cancelled while it runs. */
  callId?: string;
}

export interface CancelCallResult {
  /** False when no call with that id is running (it has finished, or never started). */
  cancelled: boolean;
}
