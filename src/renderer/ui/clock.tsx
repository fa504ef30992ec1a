/**
 * One shared once-a-second tick for every countdown on screen: computed locally from timestamps,
 * never by polling main. Tests inject a manual clock through <ClockProvider>.
 */
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';

export interface Clock {
  /** Epoch ms as of the latest tick; stable between ticks (a useSyncExternalStore snapshot). */
  now(): number;
  /** Epoch ms right now, not as of the last tick: for stamping when something started. Default now(). */
  exact?(): number;
  subscribe(onTick: () => void): () => void;
}

export function createSystemClock(intervalMs = 1000): Clock {
  let current = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  const listeners = new Set<() => void>();
  return {
    now: () => current,
    exact: () => Date.now(),
    subscribe(onTick) {
      listeners.add(onTick);
      if (timer === undefined) {
        current = Date.now();
        timer = setInterval(() => {
          current = Date.now();
          for (const listener of listeners) listener();
        }, intervalMs);
      }
      return () => {
        listeners.delete(onTick);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}

const ClockContext = createContext<Clock>(createSystemClock());

export function ClockProvider({ clock, children }: { clock: Clock; children: ReactNode }) {
  return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>;
}

export function useClock(): Clock {
  return useContext(ClockContext);
}

export function useNow(): number {
  const clock = useContext(ClockContext);
  return useSyncExternalStore(clock.subscribe, clock.now);
}
