/**
 * Keyboard shortcuts for the whole window: Ctrl/Cmd+Enter sends the form that has focus, and
 * "/" (outside a text field) or Ctrl/Cmd+K goes to the search box, opening the errcode search
 * when the page has none of its own.
 */
import { useEffect } from 'react';

const isTyping = (el: Element | null): boolean =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function useShortcuts(openSearch: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key === 'Enter') {
        const form = document.activeElement instanceof HTMLElement ? document.activeElement.closest('form') : null;
        if (form) {
          event.preventDefault();
          form.requestSubmit();
        }
        return;
      }
      if ((mod && event.key.toLowerCase() === 'k') || (event.key === '/' && !mod && !isTyping(document.activeElement))) {
        event.preventDefault();
        const search = document.querySelector<HTMLInputElement>('main input[type="search"]');
        if (search) search.focus();
        else openSearch();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [openSearch]);
}

/** Arrow keys, Home and End move between tabs (WAI-ARIA tabs pattern); the new tab gets focus. */
export function tabKeyTarget(key: string, ids: readonly string[], current: string): string | null {
  const at = ids.indexOf(current);
  if (at < 0 || ids.length === 0) return null;
  if (key === 'ArrowRight') return ids[(at + 1) % ids.length] ?? null;
  if (key === 'ArrowLeft') return ids[(at - 1 + ids.length) % ids.length] ?? null;
  if (key === 'Home') return ids[0] ?? null;
  if (key === 'End') return ids[ids.length - 1] ?? null;
  return null;
}
