/**
 * The one stand-in for the `electron` module (the binary cannot run here). Tests install it with
 * `vi.mock('electron', () => electronFake())` and inspect what the shell registered.
 */
import { vi } from 'vitest';

type Handler = (event: unknown, payload: unknown) => Promise<unknown>;

export const ipcHandlers = new Map<string, Handler>();
export const exposed = new Map<string, unknown>();
export const invoked: { channel: string; payload: unknown }[] = [];

export function electronFake() {
  return {
    ipcMain: {
      handle: vi.fn((channel: string, handler: Handler) => {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, handler);
      }),
      removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
    },
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, value: unknown) => exposed.set(key, value)),
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, payload: unknown) => {
        invoked.push({ channel, payload });
        return { ok: true, value: channel };
      }),
    },
  };
}

/** A frame as Electron describes it; `parent` null means top-level. */
export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
  isDestroyed?: () => boolean;
  /** WebFrameMain.origin: the frame's security origin, which can differ from its URL's (sandboxed documents are opaque, "null"). */
  origin?: string;
}

/** Electron reports a standard scheme's origin as scheme://host; a frame without one gets that. */
function withOrigin(frame: FakeFrame | null): FakeFrame | null {
  if (!frame || frame.origin !== undefined) return frame;
  let origin = 'null';
  try {
    const url = new URL(frame.url);
    origin = url.host ? `${url.protocol}//${url.host}` : 'null';
  } catch {
    // not a URL: an opaque origin
  }
  return Object.assign(frame, { origin });
}

export function fakeInvokeEvent(frame: FakeFrame | null, mainFrame: FakeFrame | null = frame) {
  return { senderFrame: withOrigin(frame), sender: { mainFrame } };
}
