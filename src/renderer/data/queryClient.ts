import { QueryClient } from '@tanstack/react-query';

/**
 * Bridge calls are local and their failures are answers (an errcode, a locked keychain), so
 * retrying would only repeat them — and could spend WeChat quota. Nothing is refetched behind
 * the user's back either.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}
