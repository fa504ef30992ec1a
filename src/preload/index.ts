/**
 * Exposes window.wxcred: one named method per contract channel, each a plain invoke. No raw
 * ipcRenderer, no listeners, no process.env. Bundled as a single CommonJS file for the sandbox.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { WxcredApi } from '../contract';
import { channelNames, ipcChannel } from '../contract/channels';

export function buildBridge(invoke: (channel: string, payload: unknown) => Promise<unknown>): WxcredApi {
  const bridge: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const name of channelNames) {
    const channel = ipcChannel(name);
    bridge[name] = (request?: unknown) => invoke(channel, request ?? {});
  }
  return Object.freeze(bridge) as unknown as WxcredApi;
}

contextBridge.exposeInMainWorld(
  'wxcred',
  buildBridge((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
