/** Account-level WeChat calls: quota, server IP lists, callback check, rid lookup. */
import type { Route } from './errors';

export interface QuotaInfo {
  cgiPath: string;
  dailyLimit: number;
  used: number;
  remain: number;
  route: Route;
}

export interface IpList {
  ipList: string[];
  route: Route;
}

export interface CallbackCheckResult {
  dns: { ip: string; realOperator: string }[];
  ping: { ip: string; fromOperator: string; packageLoss: string; time: string }[];
  route: Route;
}

/** /cgi-bin/openapi/rid/get: what WeChat recorded about one failed call. */
export interface RidInfo {
  rid: string;
  invokeTime: number | null;
  costInMs: number | null;
  requestUrl: string | null;
  requestBody: string | null;
  responseBody: string | null;
  clientIp: string | null;
  route: Route;
}
