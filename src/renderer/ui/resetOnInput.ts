import { useEffect, useRef } from 'react';

/**
 * A result belongs to the input that produced it: `reset` runs whenever `input` (compared as
 * JSON) differs from what it was at the last render, so an answer never stays under fields that
 * no longer say what was asked.
 */
export function useResetOnInput(input: unknown, reset: () => void): void {
  const key = JSON.stringify(input ?? null);
  const last = useRef(key);
  useEffect(() => {
    if (last.current === key) return;
    last.current = key;
    reset();
  });
}
