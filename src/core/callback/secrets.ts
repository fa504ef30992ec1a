/**
 * The Token and the EncodingAESKey live in the same SecretStore as the AppSecret, under accounts
 * of their own, so one kind of secret can never be read as another.
 */
import type { CallbackSecretKind } from '../../contract';
import { callbackSecretKinds } from '../../contract/constants';

const suffix: Record<CallbackSecretKind, string> = { token: 'callback-token', aesKey: 'callback-aes-key' };

/** An AppID never contains "/", so these accounts cannot collide with an AppSecret's. */
export const callbackAccount = (appid: string, kind: CallbackSecretKind): string => `${appid}/${suffix[kind]}`;

export const allCallbackAccounts = (appid: string): string[] => callbackSecretKinds.map((kind) => callbackAccount(appid, kind));
