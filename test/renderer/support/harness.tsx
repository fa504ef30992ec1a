/** Renders the real app (or one component) with a fake bridge, a fresh query client and a manual clock. */
import { act, cleanup, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import type { Clock } from '../../../src/renderer/ui/clock';
import { createQueryClient } from '../../../src/renderer/data/queryClient';
import { App } from '../../../src/renderer/app/App';
import { Providers } from '../../../src/renderer/app/Providers';
import { createFakeBridge, type FakeBridgeOptions } from './fakeBridge';

// No vitest globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  localStorage.clear();
});

export interface ManualClock extends Clock {
  advance(ms: number): void;
}

export function createManualClock(start = Date.UTC(2025, 0, 1, 9, 0, 0)): ManualClock {
  let current = start;
  const listeners = new Set<() => void>();
  return {
    now: () => current,
    subscribe(onTick) {
      listeners.add(onTick);
      return () => listeners.delete(onTick);
    },
    advance(ms) {
      act(() => {
        current += ms;
        for (const listener of listeners) listener();
      });
    },
  };
}

export function setup(options: FakeBridgeOptions = {}, ui: ReactNode = <App />) {
  const clock = createManualClock();
  const fake = createFakeBridge({ now: clock.now, ...options });
  const queryClient = createQueryClient();
  const user = userEvent.setup();
  const view = render(
    <Providers bridge={fake.api} queryClient={queryClient} clock={clock}>
      {ui}
    </Providers>,
  );
  return { ...view, fake, clock, queryClient, user };
}
