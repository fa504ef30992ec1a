/**
 * An in-memory WxcredApi for jsdom tests: it keeps profiles, secrets and tokens, mirrors the
 * rules main enforces that the UI depends on, and records every call so tests can assert on what
 * crossed the bridge (and what never did).
 */
import type {
  AppInfo,
  Channel,
  Profile,
  QuotaInfo,
  RequestLogEntry,
  RequestOf,
  ResultOf,
  RidInfo,
  Settings,
  TokenInfo,
  TokenLane,
  WxcredApi,
} from '../../../src/contract';
import { channelNames } from '../../../src/contract/channels';
import { APPSECRET_PATTERN } from '../../../src/contract/constants';
import type { ErrcodeEntry } from '../../../src/contract/errcodes';
import type { Outcome, WxError } from '../../../src/contract/errors';
import { createOAuthFake, type OAuthFakeOptions } from './fakeOAuth';

export interface Call {
  channel: Channel;
  request: unknown;
}

/** Channels a test does not need may be left out; calling one answers a typed 'internal' error. */
type Impl = { [C in Channel]?: (request: RequestOf<C>) => ResultOf<C> | Promise<ResultOf<C>> };

export class FakeFailure extends Error {
  constructor(readonly error: WxError) {
    super(error.kind);
  }
}

export const sampleErrcodes: ErrcodeEntry[] = [
  {
    code: 40001,
    zh: '获取 access_token 时 AppSecret 错误，或者 access_token 无效',
    en: 'invalid credential, access_token is invalid or not latest',
    enSource: 'official',
    category: 'credential',
    docUrl: 'https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html',
    conflict: null,
    cause: { zh: '另一台服务器刷新了 token。', en: 'Another server refreshed the token.' },
    fix: { zh: '改用 stable_token。', en: 'Use stable_token.' },
  },
  {
    code: 40164,
    zh: '调用接口的 IP 地址不在白名单中',
    en: 'invalid ip, not in whitelist',
    enSource: 'official',
    category: 'ip-whitelist',
    docUrl: null,
    conflict: null,
    cause: { zh: '服务器出口 IP 不在 IP 白名单中。', en: 'The calling IP is not on the IP whitelist.' },
    fix: { zh: '在公众平台添加该 IP。', en: 'Add the IP on the WeChat platform.' },
  },
  {
    code: 40125,
    zh: null,
    en: 'invalid appsecret',
    enSource: 'wechatpy-enum',
    category: 'credential',
    docUrl: null,
    conflict: { zh: '有资料称其表示 AppSecret 无效。', en: 'Some sources say it means an invalid AppSecret.' },
    cause: null,
    fix: null,
  },
];

export const profileId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function makeProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    id: profileId(1),
    label: 'Prod 公众号',
    appid: 'wx0123456789abcdef',
    kind: 'official-account',
    domain: 'api',
    customBase: null,
    proxy: null,
    autoRefresh: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

const validation = (message: string, path: string): FakeFailure =>
  new FakeFailure({ kind: 'validation', message, issues: [{ path, message }] });

export interface FakeBridgeOptions {
  profiles?: Profile[];
  secrets?: Record<string, string>;
  tokens?: TokenInfo[];
  appInfo?: Partial<AppInfo>;
  errcodes?: ErrcodeEntry[];
  now?: () => number;
  /** What the OAuth, mini-program and user-info channels answer. */
  oauth?: OAuthFakeOptions;
  /** Newest last, as main records them; requestLog answers newest first. */
  requestLog?: RequestLogEntry[];
  settings?: Partial<Settings>;
  /** WeChat's counters per cgi_path. */
  quota?: Partial<Record<string, Omit<QuotaInfo, 'cgiPath' | 'route'>>>;
  ridInfo?: Partial<RidInfo>;
  /** Token fetches already made today, per lane. */
  fetchesToday?: Partial<Record<TokenLane, number>>;
  lastForcedAt?: number | null;
}

export const defaultSettings: Settings = {
  refreshMarginMinutes: 5,
  connectTimeoutMs: 5000,
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  deadlineMs: 20_000,
  maxBodyBytes: 1024 * 1024,
};

/** The same bounds as the contract's saveSettings schema. */
const settingBounds: Record<keyof Settings, [number, number]> = {
  refreshMarginMinutes: [0, 110],
  connectTimeoutMs: [100, 120_000],
  headersTimeoutMs: [100, 120_000],
  bodyTimeoutMs: [100, 120_000],
  deadlineMs: [500, 300_000],
  maxBodyBytes: [1024, 64 * 1024 * 1024],
};

export function createFakeBridge(options: FakeBridgeOptions = {}) {
  const now = options.now ?? Date.now;
  const calls: Call[] = [];
  const profiles = new Map((options.profiles ?? []).map((p) => [p.id, p]));
  const secrets = new Map(Object.entries(options.secrets ?? {}));
  const tokens = new Map((options.tokens ?? []).map((t) => [`${t.profileId}:${t.lane}`, t]));
  const errcodes = options.errcodes ?? sampleErrcodes;
  const failures = new Map<Channel, WxError>();
  let nextId = 100;
  let tokenSerial = 0;
  let requestLog = [...(options.requestLog ?? [])];
  let settings: Settings = { ...defaultSettings, ...options.settings };
  const quota = new Map<string, Omit<QuotaInfo, 'cgiPath' | 'route'>>();
  for (const [path, q] of Object.entries(options.quota ?? {})) if (q) quota.set(path, q);
  const fetches: Record<TokenLane, number> = { stable: 0, 'stable-forced': 0, classic: 0, ...options.fetchesToday };
  let lastForcedAt = options.lastForcedAt ?? null;
  const direct = { kind: 'direct' } as const;

  const status = (id: string) => {
    const secret = secrets.get(id);
    return secret === undefined
      ? { stored: false, hint: null }
      : { stored: true, hint: secret.slice(-4), unusualShape: !APPSECRET_PATTERN.test(secret) };
  };
  const profile = (id: string) => {
    const found = profiles.get(id);
    if (!found) throw validation('No such profile.', 'profileId');
    return found;
  };

  const impl: Impl = {
    ...createOAuthFake({ now, profile, newId: () => profileId(nextId++), options: options.oauth }),
    appInfo: () => ({ version: '0.1.0', mode: 'web', apiBaseOverride: null, notices: [], ...options.appInfo }),
    listProfiles: () => [...profiles.values()],
    saveProfile: (input) => {
      if (!/^wx[0-9a-f]{16}$/.test(input.appid.trim())) throw validation('Bad appid', 'appid');
      const id = input.id ?? profileId(nextId++);
      const saved: Profile = {
        id,
        label: input.label.trim(),
        appid: input.appid.trim(),
        kind: input.kind,
        domain: input.domain ?? 'api',
        autoRefresh: input.autoRefresh ?? false,
        customBase: input.customBase ?? null,
        proxy: input.proxy ?? null,
        createdAt: profiles.get(id)?.createdAt ?? new Date(now()).toISOString(),
      };
      profiles.set(id, saved);
      return { ...saved, secretCleared: false };
    },
    deleteProfile: ({ profileId: id }) => {
      profile(id);
      profiles.delete(id);
      secrets.delete(id);
      return { deleted: true };
    },
    secretStatus: ({ profileId: id }) => status(profile(id).id),
    setSecret: ({ profileId: id, secret }) => {
      profile(id);
      const clean = secret.trim();
      if (clean.length < 8) throw validation('An AppSecret is usually 32 characters; this is too short.', 'secret');
      secrets.set(id, clean);
      return { ...status(id), trimmed: clean !== secret };
    },
    deleteSecret: ({ profileId: id }) => {
      secrets.delete(profile(id).id);
      return status(id);
    },
    getToken: ({ profileId: id, lane = 'stable', confirmInvalidate = false }) => {
      const p = profile(id);
      if (lane !== 'stable' && !confirmInvalidate) throw validation('Confirm first.', 'confirmInvalidate');
      if (!secrets.has(id)) throw new FakeFailure({ kind: 'keychain', reason: 'no-secret', message: 'No AppSecret stored.' });
      const fetchedAt = now();
      tokenSerial += 1;
      fetches[lane] += 1;
      if (lane === 'stable-forced') lastForcedAt = fetchedAt;
      const info: TokenInfo = {
        profileId: id,
        appid: p.appid,
        lane,
        accessToken: `TOKEN${tokenSerial}-abcdefghijklmnopqrstuvwxyz-0123456789-END${tokenSerial}`,
        expiresIn: 7200,
        expiresAt: fetchedAt + 7200 * 1000,
        fetchedAt,
        fromCache: false,
        apiBase: 'https://api.weixin.qq.com',
        route: p.proxy ? { kind: 'proxy', proxy: p.proxy, source: 'profile' } : { kind: 'direct' },
      };
      tokens.set(`${id}:${lane}`, info);
      return info;
    },
    cachedToken: ({ profileId: id, lane = 'stable' }) => {
      const info = tokens.get(`${id}:${lane}`);
      return info ? { ...info, fromCache: true } : null;
    },
    lookupErrcode: ({ code }) => errcodes.find((e) => e.code === code) ?? null,
    searchErrcodes: ({ query, limit = 50 }) => {
      const q = query.trim().toLowerCase();
      return errcodes
        .filter((e) => q === '' || String(e.code).includes(q) || e.en.toLowerCase().includes(q) || (e.zh ?? '').includes(q))
        .slice(0, limit);
    },
    tokenStats: ({ profileId: id }) => {
      const p = profile(id);
      return {
        profileId: id,
        appid: p.appid,
        day: new Date(now()).toISOString().slice(0, 10),
        fetches: { ...fetches },
        classicDailyLimit: p.kind === 'test-account' ? 200 : 2000,
        forcedDailyLimit: 20,
        lastForcedAt,
        nextForcedAllowedAt: lastForcedAt === null ? null : lastForcedAt + 30_000,
      };
    },
    getSettings: () => ({ ...settings }),
    saveSettings: (changes) => {
      const issues: { path: string; message: string }[] = [];
      for (const [key, value] of Object.entries(changes) as [keyof Settings, number | undefined][]) {
        const [min, max] = settingBounds[key];
        if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
          issues.push({ path: key, message: `Must be between ${min} and ${max}.` });
        }
      }
      const next = { ...settings, ...changes };
      // A rule only main knows, so a test can see a per-field error the UI did not predict.
      if (next.deadlineMs < next.connectTimeoutMs) {
        issues.push({ path: 'deadlineMs', message: 'The deadline must be at least the connect timeout.' });
      }
      if (issues.length > 0) throw new FakeFailure({ kind: 'validation', message: 'The settings are not valid.', issues });
      settings = next;
      return { ...settings };
    },
    getQuota: ({ profileId: id, cgiPath = '/cgi-bin/stable_token' }) => {
      profile(id);
      const q = quota.get(cgiPath) ?? { dailyLimit: 2000, used: 0, remain: 2000 };
      return { cgiPath, ...q, route: direct };
    },
    clearQuota: ({ profileId: id, confirm }) => {
      profile(id);
      if (confirm !== true) throw validation('clear_quota is limited to 10 times a month; confirm it (confirm: true).', 'confirm');
      for (const [path, q] of quota) quota.set(path, { ...q, used: 0, remain: q.dailyLimit });
      return { cleared: true, route: direct };
    },
    callbackIp: ({ profileId: id }) => (profile(id), { ipList: ['101.226.103.0/25', '101.226.62.77', '2402:4e00:1:400::/56'], route: direct }),
    apiDomainIp: ({ profileId: id }) => (profile(id), { ipList: ['182.254.11.176', '182.254.78.159'], route: direct }),
    callbackCheck: ({ profileId: id }) => {
      profile(id);
      return {
        dns: [{ ip: '111.161.64.48', realOperator: 'UNICOM' }],
        ping: [{ ip: '111.161.64.48', fromOperator: 'UNICOM', packageLoss: '0%', time: '23.079ms' }],
        route: direct,
      };
    },
    lookupRid: ({ profileId: id, rid }) => {
      profile(id);
      return {
        rid,
        invokeTime: Math.floor(now() / 1000) - 60,
        costInMs: 30,
        requestUrl: 'access_token=***',
        requestBody: '',
        responseBody: '{"errcode":45009,"errmsg":"reach max api daily quota limit"}',
        clientIp: '113.96.70.51',
        route: direct,
        ...options.ridInfo,
      };
    },
    requestLog: ({ appid, endpoint, errcode, limit = 1000 }) =>
      requestLog
        .filter((e) => (appid === undefined || e.appid === appid) && (endpoint === undefined || e.endpoint.includes(endpoint)))
        .filter((e) => errcode === undefined || e.errcode === errcode)
        .reverse()
        .slice(0, limit),
    clearRequestLog: () => {
      const cleared = requestLog.length;
      requestLog = [];
      return { cleared };
    },
    exportRequestLog: () => ({
      filename: 'wxcred-request-log-2025-01-01.json',
      json: `${JSON.stringify({ count: requestLog.length, entries: requestLog }, null, 2)}\n`,
    }),
  };

  const api = {} as Record<Channel, (request: unknown) => Promise<Outcome<unknown>>>;
  for (const channel of channelNames) {
    api[channel] = async (request) => {
      calls.push({ channel, request: structuredClone(request) });
      const failure = failures.get(channel);
      if (failure) {
        failures.delete(channel);
        return { ok: false, error: failure };
      }
      try {
        const run = impl[channel] as ((request: unknown) => unknown) | undefined;
        if (!run) return { ok: false, error: { kind: 'internal', message: `fake bridge has no ${channel}` } };
        return { ok: true, value: await run(request) };
      } catch (err) {
        if (err instanceof FakeFailure) return { ok: false, error: err.error };
        return { ok: false, error: { kind: 'internal', message: String(err) } };
      }
    };
  }

  return {
    api: api as unknown as WxcredApi,
    calls,
    callsTo: (channel: Channel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    /** Main records another call (newest last). */
    record: (entry: RequestLogEntry) => void requestLog.push(entry),
    /** The next call to `channel` answers with this error instead. */
    failNext: (channel: Channel, error: WxError) => failures.set(channel, error),
    secrets,
    profiles,
  };
}

export type FakeBridge = ReturnType<typeof createFakeBridge>;
