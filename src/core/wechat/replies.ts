/**
 * What a success looks like, one zod schema per WeChat endpoint reply. A 200 whose body lacks what
 * we need is a typed network error naming the field, never an undefined passed on. Fields WeChat
 * may leave out or send in another type read as null (or empty) instead of failing the call.
 */
import { TOKEN_EXPIRES_IN_MAX_S } from '../../contract/constants';
import { z } from 'zod';
import type { WechatReply } from './client';
import { networkError } from './http';

/** The body read through `schema`, or the typed error for an unexpected success body. */
export function readReply<S extends z.ZodType>(path: string, reply: WechatReply, schema: S): z.output<S> {
  const parsed = schema.safeParse(reply.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'the body';
  throw networkError(
    { endpoint: path, route: reply.route },
    'not-json',
    `${path}: unexpected success body: ${field} is missing or wrong (${issue?.message ?? 'invalid'}).`,
  );
}

const text = z.string().min(1);
const lifetime = z.number().positive();
const count = z.number().min(0);
/** Present and a string, else null. */
const optString = z.string().nullable().catch(null);
/** Present and a non-empty string, else null (WeChat sends "" for "none"). */
const optText = text.nullable().catch(null);
const optNumber = z.number().nullable().catch(null);
/** A list WeChat may leave out; present, it must be a list of objects. */
const optRecords = z
  .array(z.record(z.string(), z.unknown()))
  .nullish()
  .transform((list) => list ?? []);
/** A list with only the items of the expected type kept; null when absent or not a list. */
const optListOf = <T>(keep: (v: unknown) => v is T) =>
  z
    .array(z.unknown())
    .transform((list) => list.filter(keep))
    .nullable()
    .catch(null);
/** A value shown as text whatever JSON type WeChat chose; missing is "". */
export const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** An access_token lives 1–7200 s; anything else is malformed and never cached. */
const tokenLifetime = z.number().int().min(1).max(TOKEN_EXPIRES_IN_MAX_S);
export const tokenReply = z.object({ access_token: text, expires_in: tokenLifetime });

export const ipListReply = z.object({ ip_list: z.array(z.string()) });

const rateLimit = z.object({ call_count: count, refresh_second: count });
export const quotaReply = z.object({
  quota: z.object({ daily_limit: count, used: count, remain: count }),
  // Present for APIs with a per-period limit; a malformed one is left out rather than failing the quota.
  rate_limit: rateLimit.optional().catch(undefined),
  component_rate_limit: rateLimit.optional().catch(undefined),
});

export const callbackCheckReply = z.object({ dns: optRecords, ping: optRecords });

export const ridReply = z.object({
  request: z.object({
    invoke_time: optNumber,
    cost_in_ms: optNumber,
    request_url: optString,
    request_body: optString,
    response_body: optString,
    client_ip: optString,
  }),
});

export const snsTokenReply = z.object({
  access_token: text,
  expires_in: lifetime,
  refresh_token: text,
  openid: text,
  scope: z.string().catch(''),
  unionid: optText,
  /** WeChat sends 1 for a 快照页 virtual account, and nothing otherwise. */
  is_snapshotuser: z.unknown().optional().transform((v) => v === 1),
});

/** An answer whose errcode is the verdict (sns/auth, checksession): on success only errmsg is left to read. */
export const verdictReply = z.object({ errmsg: optString });

export const jsSessionReply = z.object({ openid: text, session_key: text, unionid: optText });

const phoneText = z.union([z.string(), z.number().transform(String)]);
export const phoneReply = z.object({
  phone_info: z.object({
    phoneNumber: phoneText,
    purePhoneNumber: phoneText,
    countryCode: phoneText,
    watermark: z.object({ appid: optString, timestamp: optNumber }).nullable().catch(null),
  }),
});

export const snsUserInfoReply = z.object({
  openid: text,
  unionid: optText,
  nickname: optString,
  headimgurl: optString,
  sex: optNumber,
  country: optString,
  province: optString,
  city: optString,
  privilege: optListOf((p): p is string => typeof p === 'string'),
});

export const cgiUserInfoReply = z.object({
  openid: text,
  unionid: optText,
  subscribe: z.number(),
  subscribe_time: optNumber,
  subscribe_scene: optString,
  tagid_list: optListOf((t): t is number => typeof t === 'number'),
  remark: optString,
  language: optString,
});
