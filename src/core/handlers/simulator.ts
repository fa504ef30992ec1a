/**
 * The built-in simulator as a feature: whether this host runs one, and "Try the simulator", which
 * adds its demo apps as profiles on the simulator domain. Their secrets are fake (the simulator
 * prints them to anyone), but they go to the keychain like any secret, so the demo exercises the
 * same path a real app takes; without a keychain the call fails with the same typed error.
 */
import { isSimulatorProfile } from '../../contract';
import { validationError } from '../../contract/errors';
import { bindSecret, boundSecret } from '../keychain/secretBinding';
import { profileInputSchema, type FeatureHandlers } from '../../contract/schema';
import { DEMO_APPS } from '../simulator/demo';
import type { HandlerContext } from './context';

const demoAppInfo = DEMO_APPS.map(({ appid, label, kind, shows }) => ({ appid, label, kind, shows }));

export function createSimulatorHandlers(ctx: HandlerContext): FeatureHandlers<'simulator'> {
  return {
    simulatorStatus: async () => ({ running: Boolean(ctx.simulator), url: ctx.simulator?.url ?? null, demoApps: demoAppInfo }),

    async loadDemoApps() {
      if (!ctx.simulator) throw validationError('This host runs no simulator; the desktop app and web mode do (or run `wxcred simulator`).');
      const existing = await ctx.profiles.list();
      let added = 0;
      const profiles = [];
      for (const demo of DEMO_APPS) {
        let profile = existing.find((p) => p.appid === demo.appid);
        if (!profile) {
          profile = await ctx.profiles.save(
            profileInputSchema.parse({ label: demo.label, appid: demo.appid, kind: demo.kind, domain: 'simulator' }),
          );
          added += 1;
        }
        profiles.push(profile);
      }
      // After the profiles, so a missing keychain leaves the apps listed and says what to fix.
      // A demo app the user re-pointed elsewhere gets no secret: it is the simulator's, and goes
      // only there, bound to it like any secret.
      for (const [index, demo] of DEMO_APPS.entries()) {
        const profile = profiles[index]!;
        if (!isSimulatorProfile(profile)) continue;
        const bound = await boundSecret(ctx.secrets, profile);
        if (bound.state !== 'stored' || bound.secret !== demo.secret) await bindSecret(ctx.secrets, profile, demo.secret);
      }
      return { profiles, added };
    },
  };
}
