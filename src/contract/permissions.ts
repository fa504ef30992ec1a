/** The permission map: which API groups an app may call, probed with read-only calls. */
import type { ErrcodeEntry } from './errcodes';
import type { Route } from './errors';

export type ProbeVerdict = 'allowed' | 'unauthorized' | 'error';

export interface ProbeResult {
  probeId: string;
  path: string;
  verdict: ProbeVerdict;
  /** 0 when allowed; 48001 when unauthorized; otherwise WeChat's errcode, or null for a network failure. */
  errcode: number | null;
  errmsg: string | null;
  entry: ErrcodeEntry | null;
  route: Route | null;
}

export interface PermissionMap {
  profileId: string;
  appid: string;
  ranAt: number;
  results: ProbeResult[];
}
