/** The user's settings (refresh margin, network limits); a saved change applies from the next call. */
import type { FeatureHandlers } from '../../contract/schema';
import type { HandlerContext } from './context';

export function createSettingsHandlers(ctx: HandlerContext): FeatureHandlers<'settings'> {
  return {
    getSettings: async () => ctx.settings.get(),
    saveSettings: (patch) => ctx.settings.save(patch),
  };
}
