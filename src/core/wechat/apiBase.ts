import { apiDomains, type Profile } from '../../contract';
import type { Env } from './route';
import { validationError } from '../../contract/errors';


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

/**
 * Where a profile's calls go: WXCRED_API_BASE beats the profile's domain or custom base. A
 * simulator profile goes to the simulator this host runs (`simulatorBase`); a host without one
 * (the CLI) refuses it rather than sending its fake secret anywhere else.
 */
export function resolveApiBase(profile: Pick<Profile, 'domain' | 'customBase'>, env: Env, simulatorBase: string | null = null): string {
  const override = apiBaseOverride(env);
  if (override) return override;
  if (profile.domain === 'simulator') {
    if (!simulatorBase) {
      throw validationError(
        'This app uses the wxcred simulator, which runs inside the desktop app and web mode. Here, start one with `wxcred simulator` and set WXCRED_API_BASE to the URL it prints.',
        'domain',
      );
    }
    return simulatorBase;
  }
  if (profile.domain === 'custom') {
    if (!profile.customBase) throw new Error('custom domain without a base URL');
    return profile.customBase.replace(/\/+$/, '');
  }
  return apiDomains[profile.domain];
}
