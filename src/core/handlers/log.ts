/** The request log: query, clear, export. Entries were redacted when they were recorded. */
import type { FeatureHandlers } from '../../contract/schema';
import { exportRequestLog } from '../log/requestLog';
import type { HandlerContext } from './context';

export function createLogHandlers(ctx: HandlerContext): FeatureHandlers<'log'> {
  const { log } = ctx;
  return {
    requestLog: async ({ appid, endpoint, errcode, limit }) => log.query({ appid, endpoint, errcode, limit }),
    async clearRequestLog() {
      const cleared = log.size;
      log.clear();
      return { cleared };
    },
    exportRequestLog: async () => exportRequestLog(log.list(), ctx.clock()),
  };
}
