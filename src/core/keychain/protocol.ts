/**
 * What the keychain adapter and its helper process say to each other. Plain JSON both ways, so
 * the same messages travel over child_process.fork's channel and Electron's utilityProcess port.
 */
export type KeychainRequest =
  | { id: number; op: 'get'; service: string; account: string }
  | { id: number; op: 'set'; service: string; account: string; password: string }
  | { id: number; op: 'delete'; service: string; account: string }
  | { id: number; op: 'find'; service: string };

/** What the helper found out about the Secret Service itself, when it asked (Linux only). */
export type CollectionState = 'locked' | 'no-collection';

export type KeychainReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; message: string; state?: CollectionState; loadFailed?: boolean };
