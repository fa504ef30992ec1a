import { useCallback, useRef } from 'react';

interface Mutation<V> {
  mutate(variables: V, options: { onSettled: () => void }): void;
}

/**
 * Sends at most one request at a time. React Query marks a mutation pending only after it has
 * notified its observers, so a double click (or Enter pressed twice) could send a code twice
 * before the button is re-rendered disabled; this latch closes synchronously on the first send.
 */
export function useOneAtATime<V>(mutation: Mutation<V>): (variables: V) => void {
  const sending = useRef(false);
  const { mutate } = mutation;
  return useCallback(
    (variables: V) => {
      if (sending.current) return;
      sending.current = true;
      mutate(variables, {
        onSettled: () => {
          sending.current = false;
        },
      });
    },
    [mutate],
  );
}
