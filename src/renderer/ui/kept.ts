import { hashKey, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';

/**
 * State that outlives its tab. AppPage renders only the open tab, so a built URL or an exchanged
 * session would vanish when the user glances at the Token tab. It is kept in the query client
 * (memory only, never fetched, gone on reload), per app. A web access_token kept here is no more
 * exposed than the app's own token in cachedToken's cache; a session_key never comes here: once
 * revealed it lives only in component state.
 */
export function useKept<T>(name: string, profileId: string, initial: T): [T, (next: T) => void] {
  const queryClient = useQueryClient();
  const queryKey = useMemo(() => ['kept', name, profileId] as const, [name, profileId]);
  // The query holds the value (never fetched, never collected) ...
  useQuery({
    queryKey,
    queryFn: () => queryClient.getQueryData<T>(queryKey) ?? initial,
    initialData: initial,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  // ... and is read synchronously: react-query tells its observers a tick later, which would let a
  // controlled radio or input snap back to its old value for a frame after each click or keystroke.
  const subscribe = useCallback(
    (onChange: () => void) => {
      const hash = hashKey(queryKey);
      return queryClient.getQueryCache().subscribe((event) => {
        if (event.query.queryHash === hash) onChange();
      });
    },
    [queryClient, queryKey],
  );
  const value = useSyncExternalStore(subscribe, () => queryClient.getQueryData<T>(queryKey));
  const set = useCallback((next: T) => queryClient.setQueryData<T>(queryKey, () => next), [queryClient, queryKey]);
  return [value === undefined ? initial : value, set];
}
