import { apiDomains, type Profile } from '../../contract';
import type { Env } from './route';


let lastChecked: { raw: string; base: string } | null = null;

/** WXCRED_API_BASE, normalised (no trailing slash), or null when unset/blank. */
export function apiBaseOverride(env: Env): string | null {
  const raw = env.WXCRED_API_BASE?.trim();
  if (!raw) return null;
  // Every call asks; parse a given value once.
  if (lastChecked?.raw === raw) return lastChecked.base;
  const url = new URL(raw); // throws on garbage: a broken override must be loud, not silently ignored
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`WXCRED_API_BASE must be an http(s) URL, got ${url.protocol}`);
  }
  lastChecked = { raw, base: raw.replace(/\/+$/, '') };
  return lastChecked.base;
}

/** Where a profile's calls go: WXCRED_API_BASE beats the profile's domain or custom base. */
export function resolveApiBase(profile: Pick<Profile, 'domain' | 'customBase'>, env: Env): string {
  const override = apiBaseOverride(env);
  if (override) return override;
  if (profile.domain === 'custom') {
    if (!profile.customBase) throw new Error('custom domain without a base URL');
    return profile.customBase.replace(/\/+$/, '');
  }
  return apiDomains[profile.domain];
}
