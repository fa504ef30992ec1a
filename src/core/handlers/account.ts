/**
 * Account-level calls: quota, server IPs, callback check, rid lookup. Every WeChat call here uses
 * the app's stable token (force_refresh false: nothing production holds is invalidated), except
 * clear_quota v2, which exists for when no token can be had.
 */
import type { Profile, RidInfo } from '../../contract';
import type { FeatureHandlers } from '../../contract/schema';
import { validationError } from '../../contract/errors';
import { redactText } from '../log/requestLog';
import { createAccountApi } from '../wechat/accountEndpoints';
import type { AppTarget } from '../wechat/types';
import type { HandlerContext } from './context';

const orNull = (text: string | null): string | null => (text === null ? null : redactText(text));

export function createAccountHandlers(ctx: HandlerContext): FeatureHandlers<'account'> {
  const { tokens } = ctx;
  const account = createAccountApi(tokens.client);

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
      if (version === 'v1') {
        const { route } = await withStableToken(profileId, (target, token) => account.clearQuota(target, token));
        return { cleared: true, route };
      }
      const profile = await ctx.profileOrThrow(profileId);
      const secret = await ctx.secretLoader(profile)();
      const { route } = await account.clearQuotaBySecret(ctx.targetOf(profile), secret);
      return { cleared: true, route };
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
