/**
 * Whether the sidebar is open. Until the user chooses, it follows the window: open when there is
 * room for it beside a page, collapsed when narrow (at or below NARROW_PX). Once toggled, the
 * choice is kept (across reloads too) and the width no longer decides. Ctrl/Cmd+B toggles it.
 */
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';

const STORAGE_KEY = 'wxcred.sidebar';
export const NARROW_PX = 960;
const narrowQuery = `(max-width: ${NARROW_PX}px)`;

type Choice = 'open' | 'closed' | null;

function storedChoice(): Choice {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return stored === 'open' || stored === 'closed' ? stored : null;
  } catch {
    // Storage can be disabled: the width decides.
    return null;
  }
}

function subscribeNarrow(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => undefined;
  const query = window.matchMedia(narrowQuery);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}

const isNarrow = (): boolean => typeof window.matchMedia === 'function' && window.matchMedia(narrowQuery).matches;

export function useSidebar(): { open: boolean; toggle: () => void } {
  const [choice, setChoice] = useState<Choice>(storedChoice);
  const narrow = useSyncExternalStore(subscribeNarrow, isNarrow);
  const open = choice === null ? !narrow : choice === 'open';

  const toggle = useCallback(() => {
    const next = open ? 'closed' : 'open';
    setChoice(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds until the page reloads.
    }
  }, [open]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'b') {
        event.preventDefault();
        toggle();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [toggle]);

  return { open, toggle };
}
