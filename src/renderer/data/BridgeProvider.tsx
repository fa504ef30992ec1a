import { createContext, useContext, type ReactNode } from 'react';
import type { WxcredApi } from '../../contract';

const BridgeContext = createContext<WxcredApi | null>(null);

/** Holds the bridge so tests can hand in a fake; production passes getBridge(). */
export function BridgeProvider({ bridge, children }: { bridge: WxcredApi; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): WxcredApi {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge() outside <BridgeProvider>');
  return bridge;
}
