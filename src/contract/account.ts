/** Account-level WeChat calls: quota, server IP lists, callback check, rid lookup. */
import type { Route } from './errors';

/** A per-period call limit WeChat reports beside the daily quota. */
export interface RateLimit {
  callCount: number;
  refreshSecond: number;
}

export interface QuotaInfo {
  cgiPath: string;
  dailyLimit: number;
  used: number;
  remain: number;
  /** The API's own rate limit (calls per refreshSecond), when WeChat returns one. */
  rateLimit: RateLimit | null;
  /** The limit on third-party platforms calling it for this account, when WeChat returns one. */
  componentRateLimit: RateLimit | null;
  route: Route;
}

/** This machine's clear_quota calls for one app this (local) month, beside WeChat's 10-a-month limit. */
export interface ClearQuotaStats {
  profileId: string;
  appid: string;
  /** Local calendar month, YYYY-MM. */
  month: string;
  /** Calls WeChat accepted this month, from this machine only (other servers may have used some too). */
  used: number;
  monthlyLimit: number;
  lastSentAt: number | null;
  /** Epoch ms before which wxcred refuses another call for this app (the local minimum interval). */
  nextAllowedAt: number | null;
  inFlight: boolean;
}

export interface ClearQuotaResult {
  cleared: true;
  route: Route;
  stats: ClearQuotaStats;
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
