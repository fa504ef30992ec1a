/**
 * Binds every contract channel to ipcMain.handle through one wrapper that refuses messages from
 * anything but the app's own top frame, then hands the unknown payload to dispatch() (validation,
 * typed errors). Nothing here ever throws back into the renderer.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Handlers } from '../contract';
import { channelNames, ipcChannel } from '../contract/channels';
import type { Outcome } from '../contract/errors';
import { dispatch, type DispatchOptions } from '../core/dispatch';

export interface IpcOptions extends DispatchOptions {
  isAppUrl: (url: string) => boolean;
}

const rejected: Outcome<never> = {
  ok: false,
  error: {
    kind: 'validation',
    message: 'Rejected: the request did not come from the wxcred window.',
    issues: [{ path: '', message: 'untrusted sender' }],
  },
};

/** The sender must be a live top-level frame showing one of the app's own pages, with the app's origin. */
export function isTrustedSender(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.isDestroyed?.()) return false;
    if (frame.parent !== null) return false;
    if (frame !== event.sender.mainFrame) return false;
    // Both the URL and the security origin: a sandboxed document at the app's URL has an opaque origin.
    return isAppUrl(frame.url) && typeof frame.origin === 'string' && isAppUrl(frame.origin);
  } catch {
    // Accessing a frame that navigated away or was disposed throws: treat as untrusted.
    return false;
  }
}

export function registerIpc(handlers: Handlers, options: IpcOptions): () => void {
  for (const name of channelNames) {
    ipcMain.handle(ipcChannel(name), async (event, payload: unknown) => {
      if (!isTrustedSender(event, options.isAppUrl)) return rejected;
      return dispatch(handlers, name, payload, options);
    });
  }
  return () => {
    for (const name of channelNames) ipcMain.removeHandler(ipcChannel(name));
  };
}
