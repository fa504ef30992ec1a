/**
 * THE contract between the renderer (or CLI, or web bridge) and the main process: each channel,
 * the schema its request must pass, and its result type. Everything else is derived from here.
 */
import { z } from 'zod';
import type { ChannelName } from './channels';
import type { ErrcodeEntry } from './errcodes/types';
import type { Outcome, Route } from './errors';

import {
  APPID_HINT,
  APPID_PATTERN,
  apiDomainChoices,
  appKinds,
  tokenLanes,
  type AppKind,
  type ApiDomain,
  type TokenLane,
} from './constants';

export * from './constants';

export const appidSchema = z
  .string()
  .trim()
  .regex(APPID_PATTERN, APPID_HINT);

const id = z.uuid('Not a profile id.');
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2048, 'URL too long.')
  .pipe(z.url({ protocol: /^https?$/, error: 'Must be an absolute http:// or https:// URL.' }));

export const profileInputSchema = z.strictObject({
  id: id.optional(),
  label: z.string().trim().min(1, 'Give the app a name.').max(64, 'At most 64 characters.'),
  appid: appidSchema,
  kind: z.enum(appKinds),
  domain: z.enum(apiDomainChoices).default('api'),
  customBase: httpUrlSchema.nullable().default(null),
  proxy: httpUrlSchema.nullable().default(null),
}).refine((p) => p.domain !== 'custom' || p.customBase !== null, {
  path: ['customBase'],
  message: 'A custom API domain needs its base URL, e.g. https://api.weixin.qq.com.',
});
export type ProfileInput = z.input<typeof profileInputSchema>;

export interface Profile {
  id: string;
  label: string;
  appid: string;
  kind: AppKind;
  domain: ApiDomain;
  customBase: string | null;
  proxy: string | null;
  createdAt: string;
}

export const secretSchema = z
  .string()
  .min(8, 'An AppSecret is usually 32 characters; this is too short.')
  .max(128, 'Too long for an AppSecret.')
  .regex(/^\S+$/, 'An AppSecret has no spaces or line breaks.');

export interface SecretStatus {
  stored: boolean;
  /** At most the last 4 characters, so a developer can tell which secret is stored. */
  hint: string | null;
}

export interface TokenInfo {
  profileId: string;
  appid: string;
  lane: TokenLane;
  accessToken: string;
  /** Seconds of life WeChat reported when the token was fetched. */
  expiresIn: number;
  /** Epoch ms; the renderer counts down to this locally. */
  expiresAt: number;
  fetchedAt: number;
  fromCache: boolean;
  apiBase: string;
  route: Route;
}

export interface AppInfo {
  version: string;
  mode: 'electron' | 'web';
  /** WXCRED_API_BASE when set: every call goes there instead of WeChat. */
  apiBaseOverride: string | null;
  /** Things the user must be told at start-up, e.g. a corrupt profiles file that was moved aside. */
  notices: string[];
}

const empty = z.strictObject({});
const byProfile = z.strictObject({ profileId: id });

/** Pairs a request schema with a result type; the result lives only in the type system. */
const channel =
  <Result>() =>
  <Schema extends z.ZodType>(request: Schema) => ({ request, result: undefined as unknown as Result });

export const api = {
  appInfo: channel<AppInfo>()(empty),
  listProfiles: channel<Profile[]>()(empty),
  saveProfile: channel<Profile>()(profileInputSchema),
  deleteProfile: channel<{ deleted: true }>()(byProfile),
  secretStatus: channel<SecretStatus>()(byProfile),
  setSecret: channel<SecretStatus>()(z.strictObject({ profileId: id, secret: secretSchema })),
  deleteSecret: channel<SecretStatus>()(byProfile),
  getToken: channel<TokenInfo>()(
    z.strictObject({
      profileId: id,
      lane: z.enum(tokenLanes).default('stable'),
      /** Required for lanes that invalidate production's token: the UI asked and the user agreed. */
      confirmInvalidate: z.boolean().default(false),
    }),
  ),
  cachedToken: channel<TokenInfo | null>()(z.strictObject({ profileId: id, lane: z.enum(tokenLanes).default('stable') })),
  lookupErrcode: channel<ErrcodeEntry | null>()(z.strictObject({ code: z.number().int().safe() })),
  searchErrcodes: channel<ErrcodeEntry[]>()(
    z.strictObject({ query: z.string().max(200), limit: z.number().int().min(1).max(2000).default(50) }),
  ),
} satisfies Record<ChannelName, { request: z.ZodType; result: unknown }>;

export type Channel = ChannelName;
export type RequestOf<C extends Channel> = z.input<(typeof api)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof api)[C]['request']>;
export type ResultOf<C extends Channel> = (typeof api)[C]['result'];

/** What the renderer sees as `window.wxcred`: one named async method per channel. */
export type WxcredApi = {
  [C in Channel]: (request: RequestOf<C>) => Promise<Outcome<ResultOf<C>>>;
};

/** What main implements: requests arrive parsed; failures are thrown as WxcredError. */
export type Handlers = {
  [C in Channel]: (request: ParsedRequestOf<C>) => Promise<ResultOf<C>>;
};
