/**
 * The permission map: a curated set of read-only probes (nothing changes, no scarce quota) run
 * with the app's stable token. 48001 means the account lacks that permission; any other errcode
 * is shown with its meaning. The last map per app is kept while the app runs.
 */
import { permissionProbes, type PermissionMap, type ProbeResult } from '../../contract';
import { WxcredError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/schema';
import { lookupErrcode } from '../errcodes';
import { tokenRejectedCodes } from '../wechat/wechatError';
import type { HandlerContext } from './context';

const UNAUTHORIZED = 48001;

export function createPermissionHandlers(ctx: HandlerContext): FeatureHandlers<'permissions'> {
  const maps = new Map<string, PermissionMap>();

  return {
    async runPermissionMap({ profileId }) {
      const profile = await ctx.profileOrThrow(profileId);
      const target = ctx.targetOf(profile);
      const probes = permissionProbes.filter((probe) => probe.appliesTo.includes(profile.kind));
      // The token first: without one (a wrong secret, 40164) every probe would fail the same way.
      await ctx.tokens.get(target, 'stable', ctx.secretLoader(profile));
      const results: ProbeResult[] = [];
      // One at a time: a dozen small calls, and WeChat's per-API limits are per second too.
      for (const probe of probes) {
        const base = { probeId: probe.id, path: probe.path };
        try {
          const reply = await ctx.tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) =>
            ctx.tokens.client.call(target, {
              method: probe.method,
              path: probe.path,
              query: { ...probe.query, access_token: token },
              ...(probe.body === undefined ? {} : { body: probe.body }),
            }),
          );
          results.push({ ...base, verdict: 'allowed', errcode: 0, errmsg: null, entry: null, route: reply.route });
        } catch (err) {
          if (err instanceof WxcredError && err.error.kind === 'wechat' && !tokenRejectedCodes.includes(err.error.errcode)) {
            const { errcode, errmsg } = err.error;
            results.push({
              ...base,
              verdict: errcode === UNAUTHORIZED ? 'unauthorized' : 'error',
              errcode,
              errmsg,
              entry: lookupErrcode(errcode),
              route: err.error.route ?? null,
            });
          } else if (err instanceof WxcredError && (err.error.kind === 'network' || err.error.kind === 'wechat')) {
            results.push({ ...base, verdict: 'error', errcode: null, errmsg: err.error.kind === 'network' ? err.error.message : err.error.errmsg, entry: null, route: err.error.route ?? null });
          } else {
            throw err;
          }
        }
      }
      const map: PermissionMap = { profileId, appid: profile.appid, ranAt: ctx.clock(), results };
      maps.set(profileId, map);
      return map;
    },
    async permissionMap({ profileId }) {
      await ctx.profileOrThrow(profileId);
      return maps.get(profileId) ?? null;
    },
  };
}
