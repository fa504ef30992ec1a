/**
 * The contract without zod: every type that crosses the bridge, the plain rules, the typed errors.
 * The renderer imports from here only; main and the hosts add `schema.ts` for validation.
 */
export * from './constants';
export * from './errors';
export * from './channels';
export type * from './account';
export type * from './app';
export type * from './callback';
export type * from './calls';
export type * from './errcodes';
export type * from './jssdk';
export type * from './log';
export type * from './miniprogram';
export type * from './oauth';
export type * from './profiles';
export type * from './secrets';
export type * from './settings';
export type * from './simulator';
export type * from './token';
export type * from './userinfo';
export type * from './console';
export type * from './permissions';
export * from './apiCatalog';
export type { Channel, FeatureHandlers, Handlers, ParsedRequestOf, ProfileInput, RequestOf, ResultOf, WxcredApi } from './schema';
