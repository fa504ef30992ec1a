/**
 * React Query on top of the bridge, typed from the contract: the key is `[channel, request]`, the
 * data is ResultOf<channel>, and the error is a BridgeError carrying the WxError.
 */
import {
  useMutation,
  useQuery,
  type UseMutationOptions,
  type UseMutationResult,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { Channel, RequestOf, ResultOf, WxcredApi } from '../../contract';
import type { Outcome } from '../../contract/errors';
import { BridgeError } from './BridgeError';
import { useBridge } from './BridgeProvider';

export type BridgeKey<C extends Channel> = readonly [C, RequestOf<C>];

export const bridgeKey = <C extends Channel>(channel: C, request: RequestOf<C>): BridgeKey<C> => [channel, request];

/** Calls one channel and unwraps its Outcome; a rejected promise (a preload bug) becomes `internal`. */
export async function callBridge<C extends Channel>(
  bridge: WxcredApi,
  channel: C,
  request: RequestOf<C>,
): Promise<ResultOf<C>> {
  const method: (request: RequestOf<C>) => Promise<Outcome<ResultOf<C>>> = bridge[channel];
  let outcome: Outcome<ResultOf<C>>;
  try {
    outcome = await method(request);
  } catch (err) {
    throw new BridgeError(channel, { kind: 'internal', message: err instanceof Error ? err.message : String(err) });
  }
  if (!outcome.ok) throw new BridgeError(channel, outcome.error);
  return outcome.value;
}

export type BridgeQueryOptions<C extends Channel, TData = ResultOf<C>> = Omit<
  UseQueryOptions<ResultOf<C>, BridgeError, TData, BridgeKey<C>>,
  'queryKey' | 'queryFn'
>;

export function useBridgeQuery<C extends Channel, TData = ResultOf<C>>(
  channel: C,
  request: RequestOf<C>,
  options?: BridgeQueryOptions<C, TData>,
): UseQueryResult<TData, BridgeError> {
  const bridge = useBridge();
  return useQuery({
    ...options,
    queryKey: bridgeKey(channel, request),
    queryFn: () => callBridge(bridge, channel, request),
  });
}

export type BridgeMutationOptions<C extends Channel> = Omit<
  UseMutationOptions<ResultOf<C>, BridgeError, RequestOf<C>>,
  'mutationFn'
>;

export function useBridgeMutation<C extends Channel>(
  channel: C,
  options?: BridgeMutationOptions<C>,
): UseMutationResult<ResultOf<C>, BridgeError, RequestOf<C>> {
  const bridge = useBridge();
  return useMutation({
    ...options,
    mutationKey: [channel],
    mutationFn: (request) => callBridge(bridge, channel, request),
  });
}
