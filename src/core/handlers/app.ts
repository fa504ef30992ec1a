/** What the app reports about itself: version, host, the API base override, start-up notices. */
import type { FeatureHandlers } from '../../contract/schema';
import { apiBaseOverride } from '../wechat/apiBase';
import type { HandlerContext } from './context';

export function createAppHandlers(ctx: HandlerContext): FeatureHandlers<'app'> {
  return {
    async appInfo() {
      await ctx.profiles.list(); // loads the file, so a corrupt-file notice is known before we report
      return {
        version: ctx.version,
        mode: ctx.mode,
        apiBaseOverride: apiBaseOverride(ctx.env),
        notices: ctx.notices?.() ?? [],
      };
    },
  };
}
