import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { WxcredApi } from '../../contract';
import { ClockProvider, type Clock } from '../ui/clock';
import { BridgeProvider } from '../data/BridgeProvider';
import { I18nProvider } from '../i18n/I18nProvider';

/** Everything the UI needs from outside, in one place so tests can pass fakes for each. */
export function Providers({
  bridge,
  queryClient,
  clock,
  children,
}: {
  bridge: WxcredApi;
  queryClient: QueryClient;
  clock?: Clock;
  children: ReactNode;
}) {
  const tree = (
    <QueryClientProvider client={queryClient}>
      <BridgeProvider bridge={bridge}>
        <I18nProvider>{children}</I18nProvider>
      </BridgeProvider>
    </QueryClientProvider>
  );
  return clock ? <ClockProvider clock={clock}>{tree}</ClockProvider> : tree;
}
