import { lazy, useState, type ComponentType } from 'react';

const preloads: (() => Promise<unknown>)[] = [];

/**
 * A component in a chunk of its own, for UI the first screen does not show (an app page's other
 * tabs). Like React.lazy it suspends until its chunk is there, under the nearest <Suspense>; unlike
 * it, once the chunk has loaded (an earlier visit, or preloadDeferred) it renders at once with no
 * fallback frame. Each use picks lazy or loaded when it mounts and keeps that, so a tab that was
 * opened while its chunk loaded is never remounted (and its typing lost) when the chunk arrives.
 */
export function deferred<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const get = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        // A chunk that failed (e.g. the app was updated underneath) is fetched again next time.
        pending = null;
        throw error;
      },
    ));
  preloads.push(get);
  const Lazy = lazy(() => get().then((component) => ({ default: component })));
  function Deferred(props: P) {
    const [Component] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <Component {...props} />;
  }
  return Deferred;
}

/** Loads every deferred chunk: when the page is idle after the first screen, and in tests. */
export const preloadDeferred = (): Promise<void> => Promise.all(preloads.map((preload) => preload())).then(() => undefined);
