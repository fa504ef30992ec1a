import { langs, loadLang } from '../i18n/messages';
import { preloadDeferred } from '../ui/deferred';

let started = false;

/**
 * Fetches the chunks the first screen does not need (an app page's other tabs, the other
 * languages) once the page is idle, so opening a tab or switching language does not wait. Called
 * when the first screen has its content: earlier, the page is idle while it waits for the bridge,
 * and parsing these chunks then would delay the content they were split from. A chunk that fails
 * here is fetched again when it is first used.
 */
export function prefetchWhenIdle(): void {
  if (started) return;
  started = true;
  const prefetch = () => {
    void preloadDeferred().catch(() => undefined);
    for (const lang of langs) void loadLang(lang).catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(prefetch);
  else setTimeout(prefetch, 1000);
}
