/**
 * What the fake WeChat remembers: registered apps, every token it issued (classic and stable
 * are separate families, as on the real platform) and per-day call counts.
 */
import { randomBytes } from 'node:crypto';

export type FakeAppKind = 'official-account' | 'mini-program' | 'website-app' | 'test-account';

/**
 * A real situation an app can be in, answered on every request made for it (see situations.ts):
 * its caller IP not whitelisted (40164, 61004), a busy backend, its quota spent, a gateway
 * answering HTML, a secret that does not match, profile texts holding raw control characters.
 */
export type Situation =
  | { kind: 'ipNotWhitelisted'; ip: string }
  | { kind: 'clientIpNotRegistered'; ip: string }
  | { kind: 'busy'; failures: number }
  | { kind: 'quotaExhausted' }
  | { kind: 'html502' }
  | { kind: 'wrongSecret' }
  | { kind: 'controlCharacters' };

export interface FakeApp {
  appid: string;
  secret: string;
  kind?: FakeAppKind;
  situation?: Situation;
}

export type TokenFamily = 'classic' | 'stable';

export interface IssuedToken {
  token: string;
  appid: string;
  family: TokenFamily;
  issuedAt: number;
  expiresAt: number;
  /** When it stops working because a newer one replaced it (null while it is the current one). */
  retiredAt: number | null;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; why: 'missing' | 'malformed' | 'unknown' | 'retired' | 'expired' };

export const TOKEN_LIFETIME_S = 7200;
/** A replaced token keeps working this long (WeChat: "5 分钟内新老 access_token 均可使用"). */
export const GRACE_MS = 5 * 60_000;

const tokenShape = /^\d+_[A-Za-z0-9_-]{20,}$/;

/** Looks like a real token: a numeric prefix, then ~130 URL-safe characters. */
function mintToken(): string {
  return `86_${randomBytes(100).toString('base64url').slice(0, 133)}`;
}

export class AppBook {
  private readonly apps = new Map<string, FakeApp & { kind: FakeAppKind }>();

  constructor(apps: FakeApp[]) {
    for (const app of apps) this.add(app);
  }

  add(app: FakeApp): void {
    this.apps.set(app.appid, { kind: 'official-account', ...app, ...(app.situation ? { situation: { ...app.situation } } : {}) });
  }

  /** The app leaves its situation (clear_quota ends a spent quota). */
  settle(appid: string): void {
    const app = this.apps.get(appid);
    if (app) delete app.situation;
  }

  get(appid: string): (FakeApp & { kind: FakeAppKind }) | undefined {
    return this.apps.get(appid);
  }

  list(): FakeApp[] {
    return [...this.apps.values()];
  }
}

export class TokenBook {
  private readonly byToken = new Map<string, IssuedToken>();
  private readonly current = new Map<string, IssuedToken>();
  /** Last forced stable refresh per app, for the 30-second rule. */
  readonly lastForced = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  currentOf(appid: string, family: TokenFamily): IssuedToken | undefined {
    const token = this.current.get(`${family}:${appid}`);
    return token && token.expiresAt > this.now() ? token : undefined;
  }

  /** Issue a new current token; the old one keeps working until `oldValidUntil` (default: grace window). */
  issue(appid: string, family: TokenFamily, oldValidUntil?: number): IssuedToken {
    const now = this.now();
    const previous = this.current.get(`${family}:${appid}`);
    if (previous) previous.retiredAt = Math.min(previous.expiresAt, oldValidUntil ?? now + GRACE_MS);
    const token: IssuedToken = {
      token: mintToken(),
      appid,
      family,
      issuedAt: now,
      expiresAt: now + TOKEN_LIFETIME_S * 1000,
      retiredAt: null,
    };
    this.byToken.set(token.token, token);
    this.current.set(`${family}:${appid}`, token);
    return token;
  }

  check(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, why: 'missing' };
    if (!tokenShape.test(token)) return { ok: false, why: 'malformed' };
    const issued = this.byToken.get(token);
    const now = this.now();
    if (!issued) return { ok: false, why: 'unknown' };
    if (issued.expiresAt <= now) return { ok: false, why: 'expired' };
    if (issued.retiredAt !== null && issued.retiredAt <= now) return { ok: false, why: 'retired' };
    return { ok: true, token: issued };
  }

  /** Make every token of an app (or all apps) expire now. */
  expireAll(appid?: string): void {
    const now = this.now();
    for (const t of this.byToken.values()) if (!appid || t.appid === appid) t.expiresAt = Math.min(t.expiresAt, now);
  }
}

/** Beijing-day call counts per (appid, counter). */
export class QuotaBook {
  private readonly used = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  private key(appid: string, counter: string): string {
    const day = Math.floor((this.now() + 8 * 3_600_000) / 86_400_000);
    return `${day}:${appid}:${counter}`;
  }

  get(appid: string, counter: string): number {
    return this.used.get(this.key(appid, counter)) ?? 0;
  }

  set(appid: string, counter: string, used: number): void {
    this.used.set(this.key(appid, counter), used);
  }

  /** What clear_quota does: today's counts of one app start again from zero. */
  reset(appid: string): void {
    const prefix = this.key(appid, '');
    for (const key of [...this.used.keys()]) if (key.startsWith(prefix)) this.used.delete(key);
  }

  /** Counts one call; false when that would pass the limit (and then nothing is counted). */
  take(appid: string, counter: string, limit: number): boolean {
    const used = this.get(appid, counter);
    if (used >= limit) return false;
    this.set(appid, counter, used + 1);
    return true;
  }
}

/** Daily limits as WeChat documents them. */
export function dailyLimit(counter: string, kind: FakeAppKind): number {
  switch (counter) {
    case '/cgi-bin/token':
      return kind === 'test-account' ? 200 : 2000;
    case '/cgi-bin/stable_token':
      return 500_000;
    case '/cgi-bin/stable_token#force_refresh':
      return 20;
    default:
      return 100_000;
  }
}
