/** The built-in WeChat simulator as the app sees it: whether this host runs one, and its demo apps. */
import type { AppKind } from './constants';
import type { Profile } from './profiles';

export interface DemoAppInfo {
  appid: string;
  label: string;
  kind: AppKind;
  /** What the app shows, per language. */
  shows: { en: string; zh: string };
}

export interface SimulatorStatus {
  /** False where the host runs none (the CLI): simulator profiles cannot be used there. */
  running: boolean;
  /** Its loopback base URL, e.g. http://127.0.0.1:41234. */
  url: string | null;
  demoApps: DemoAppInfo[];
}

export interface DemoAppsLoaded {
  /** Every demo app's profile, whether it was added now or already there. */
  profiles: Profile[];
  added: number;
}
