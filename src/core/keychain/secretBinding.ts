/**
 * Where an AppSecret was saved for (the API base and proxy, as `secretDestination` spells them),
 * kept in the keychain beside it. The keychain is shared by every install on the machine (the
 * desktop app, `npm run web --user-data …`, the CLI) and keyed by AppID alone, so an app added
 * afresh in one install could otherwise pick up a secret another install saved for WeChat and
 * send it to a base of its own choosing. A secret whose binding names another destination is not
 * handed out; one without a binding is (its destination is unknown, and refusing it would strand
 * every such secret). Everything wxcred stores, the demo apps' secrets included, is bound.
 */
import { secretDestination, type Profile } from '../../contract';
import type { SecretStore } from '../store/types';

/** An AppID never contains "/", so this account cannot collide with an AppSecret's. */
export const secretBindingAccount = (appid: string): string => `${appid}/saved-for`;

export async function bindSecret(secrets: SecretStore, profile: Profile, secret: string): Promise<void> {
  // The binding first: a secret is never stored without the destination it is for.
  await secrets.set(secretBindingAccount(profile.appid), secretDestination(profile));
  await secrets.set(profile.appid, secret);
}

/** Removes the secret, then its binding; true if there was a secret. */
export async function unbindSecret(secrets: SecretStore, appid: string): Promise<boolean> {
  const had = await secrets.delete(appid);
  await secrets.delete(secretBindingAccount(appid));
  return had;
}

export type BoundSecret = { state: 'stored'; secret: string } | { state: 'elsewhere' } | { state: 'none' };

/** The stored secret if it was saved for this profile's destination. */
export async function boundSecret(secrets: SecretStore, profile: Profile): Promise<BoundSecret> {
  const secret = await secrets.get(profile.appid);
  if (!secret) return { state: 'none' };
  const savedFor = await secrets.get(secretBindingAccount(profile.appid));
  if (savedFor !== null && savedFor !== secretDestination(profile)) return { state: 'elsewhere' };
  return { state: 'stored', secret };
}
