/**
 * The request console: any WeChat API with the app's stable token, which main adds (the renderer
 * never pastes a token into a URL). A call wxcred does not know to be read-only needs confirm:
 * it runs against production. WeChat's errcode replies are answers here, shown with the table's
 * meaning; only a token WeChat keeps rejecting, or a transport failure, is an error.
 */
import { performance } from 'node:perf_hooks';
import { catalogEntryOf, isReadOnlyCall, type ApiCallResult } from '../../contract';
import { validationError, WxcredError } from '../../contract/errors';
import type { FeatureHandlers } from '../../contract/schema';
import { lookupErrcode } from '../errcodes';
import { tokenRejectedCodes } from '../wechat/wechatError';
import type { HandlerContext } from './context';

type Answer = { body: Record<string, unknown>; route: ApiCallResult['route'] };

function parseBody(method: 'GET' | 'POST', text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  if (method === 'GET') throw validationError('A GET call has no body; use the query parameters.', 'body');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw validationError(`The body is not JSON: ${err instanceof Error ? err.message : String(err)}`, 'body');
  }
}

export function createConsoleHandlers(ctx: HandlerContext): FeatureHandlers<'console'> {
  return {
    async callApi({ profileId, method, path, query, body: bodyText, confirm }) {
      const profile = await ctx.profileOrThrow(profileId);
      if (!isReadOnlyCall(method, path) && !confirm) {
        const entry = catalogEntryOf(method, path);
        const what = entry?.changes
          ? `${method} ${path} ${entry.changes.en}`
          : `wxcred does not know ${method} ${path}, so it treats it as a call that changes things`;
        throw validationError(`This runs against production: ${what}. Confirm it (confirm: true).`, 'confirm');
      }
      const body = parseBody(method, bodyText);
      const target = ctx.targetOf(profile);
      const started = performance.now();
      const answer = await ctx.tokens.withToken(target, 'stable', ctx.secretLoader(profile), async (token): Promise<Answer> => {
        try {
          const reply = await ctx.tokens.client.call(target, {
            method,
            path,
            query: { ...query, access_token: token },
            ...(body === undefined ? {} : { body }),
          });
          return { body: reply.body, route: reply.route };
        } catch (err) {
          // A rejected token goes back to withToken, which drops it and tries once more.
          if (!(err instanceof WxcredError) || err.error.kind !== 'wechat' || tokenRejectedCodes.includes(err.error.errcode)) throw err;
          return { body: { errcode: err.error.errcode, errmsg: err.error.errmsg }, route: err.error.route ?? { kind: 'direct' } };
        }
      });
      const errcode = typeof answer.body.errcode === 'number' ? answer.body.errcode : 0;
      const errmsg = typeof answer.body.errmsg === 'string' ? answer.body.errmsg : null;
      return {
        method,
        path,
        reply: answer.body,
        errcode,
        errmsg,
        entry: errcode === 0 ? null : lookupErrcode(errcode),
        durationMs: Math.round(performance.now() - started),
        route: answer.route,
      };
    },
  };
}
