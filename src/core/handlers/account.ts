/**
 * Account-level calls: quota, server IPs, callback check, rid lookup. Every WeChat call here uses
 * the app's stable token (force_refresh false: nothing production holds is invalidated), except
 * clear_quota v2, which exists for when no token can be had.
 */
import type { ClearQuotaStats, Profile, RidInfo } from '../../contract';
import { CLEAR_QUOTA_MIN_INTERVAL_MS, CLEAR_QUOTA_MONTHLY_LIMIT } from '../../contract/constants';
import type { FeatureHandlers } from '../../contract/schema';
import { tooSoonError, validationError, type Route } from '../../contract/errors';
import { redactText } from '../log/requestLog';
import { createAccountApi } from '../wechat/accountEndpoints';
import { createClearQuotaLedger } from '../store/clearQuotaLedger';
import type { AppTarget } from '../wechat/types';
import type { HandlerContext } from './context';

const clockTime = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

const orNull = (text: string | null): string | null => (text === null ? null : redactText(text));

export function createAccountHandlers(ctx: HandlerContext): FeatureHandlers<'account'> {
  const { tokens } = ctx;
  const account = createAccountApi(tokens.client);
  const ledger = ctx.clearQuota ?? createClearQuotaLedger({ clock: ctx.clock });
  /** Appids with a clear_quota on the wire: one at a time per app. */
  const clearing = new Set<string>();

  function clearStats(profile: Profile): ClearQuotaStats {
    const entry = ledger.get(profile.appid);
    return {
      profileId: profile.id,
      appid: profile.appid,
      month: entry.month,
      used: entry.used,
      monthlyLimit: CLEAR_QUOTA_MONTHLY_LIMIT,
      lastSentAt: entry.lastSentAt,
      nextAllowedAt: entry.lastSentAt === null ? null : entry.lastSentAt + CLEAR_QUOTA_MIN_INTERVAL_MS,
      inFlight: clearing.has(profile.appid),
    };
  }

  /** Refuses (typed, before anything is sent) while one is on the wire or the interval has not passed; else marks this one sent. */
  function startClearing(profile: Profile): void {
    const refuse = (message: string) => validationError(message, 'clearQuota');
    if (clearing.has(profile.appid)) {
      throw refuse(`A clear_quota for ${profile.appid} is already on its way; wait for its answer (each call spends one of the ${CLEAR_QUOTA_MONTHLY_LIMIT} a month).`);
    }
    const { lastSentAt } = ledger.get(profile.appid);
    const now = ctx.clock();
    if (lastSentAt !== null && now - lastSentAt < CLEAR_QUOTA_MIN_INTERVAL_MS) {
      const allowedAt = lastSentAt + CLEAR_QUOTA_MIN_INTERVAL_MS;
      throw tooSoonError(
        `clear_quota was sent for ${profile.appid} at ${clockTime(lastSentAt)}; wxcred waits ${CLEAR_QUOTA_MIN_INTERVAL_MS / 1000} s between calls ` +
          `so a burst cannot spend the month's ${CLEAR_QUOTA_MONTHLY_LIMIT}. Allowed again at ${clockTime(allowedAt)} (in ${Math.ceil((allowedAt - now) / 1000)} s).`,
        'clearQuota',
        allowedAt,
      );
    }
    clearing.add(profile.appid);
    ledger.sent(profile.appid);
  }

  /** Runs `call` with the app's stable token (dropped and refetched once if WeChat rejects a cached one). */
  async function withStableToken<T>(profileId: string, call: (target: AppTarget, token: string) => Promise<T>): Promise<T> {
    const profile: Profile = await ctx.profileOrThrow(profileId);
    const target = ctx.targetOf(profile);
    return tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) => call(target, token));
  }

  return {
    getQuota: ({ profileId, cgiPath }) =>
      withStableToken(profileId, async (target, token) => {
        const { route, ...quota } = await tokens.api.getQuota(target, token, cgiPath);
        return { cgiPath, ...quota, route };
      }),

    async clearQuota({ profileId, version, confirm }) {
      // The schema already insists; this guards callers that skip it (the CLI's own code, tests).
      if (confirm !== true) {
        throw validationError('clear_quota is limited to 10 times a month; confirm it (confirm: true).', 'confirm');
      }
      const profile = await ctx.profileOrThrow(profileId);
      startClearing(profile);
      let route: Route;
      try {
        const target = ctx.targetOf(profile);
        ({ route } =
          version === 'v1'
            ? await tokens.withToken(target, 'stable', ctx.secretLoader(profile), (token) => account.clearQuota(target, token))
            : await account.clearQuotaBySecret(target, await ctx.secretLoader(profile)()));
        ledger.accepted(profile.appid);
      } finally {
        clearing.delete(profile.appid);
      }
      return { cleared: true as const, route, stats: clearStats(profile) };
    },

    async clearQuotaStats({ profileId }) {
      return clearStats(await ctx.profileOrThrow(profileId));
    },

    callbackIp: ({ profileId }) => withStableToken(profileId, (target, token) => tokens.api.getCallbackIp(target, token)),
    apiDomainIp: ({ profileId }) => withStableToken(profileId, (target, token) => account.getApiDomainIp(target, token)),
    callbackCheck: ({ profileId, action, operator }) =>
      withStableToken(profileId, (target, token) => account.callbackCheck(target, token, action, operator)),

    lookupRid: ({ profileId, rid }) =>
      withStableToken(profileId, async (target, token): Promise<RidInfo> => {
        const found = await account.getRidInfo(target, token, rid);
        // WeChat echoes the recorded request, secret and all (a failed /cgi-bin/token call has it in
        // request_url): the renderer never sees an AppSecret, so these are redacted like the log.
        return {
          rid,
          invokeTime: found.invokeTime,
          costInMs: found.costInMs,
          requestUrl: orNull(found.requestUrl),
          requestBody: orNull(found.requestBody),
          responseBody: orNull(found.responseBody),
          clientIp: found.clientIp,
          route: found.route,
        };
      }),
  };
}
