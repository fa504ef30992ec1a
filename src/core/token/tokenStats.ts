/**
 * Local counts of the tokens this machine obtained, per app, per lane, per local calendar day,
 * and the 30-second spacing WeChat requires between forced refreshes. Kept in token-stats.json
 * in the user-data folder: it holds appids, counts and times, nothing secret, so it needs no
 * keychain (and is written far more often than a keychain entry should be).
 *
 * These are this machine's counts only; WeChat's own (all servers together) come from getQuota.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { FORCED_DAILY_LIMIT, FORCED_SPACING_MS, tokenLanes, type TokenLane, type TokenStats } from '../../contract';
import { tooSoonError } from '../../contract/errors';
import { corruptNotice, createWriteQueue, errorText, loadJsonFile, writeJsonAtomically } from '../store/jsonFile';
import { localDay } from './localDay';

export const TOKEN_STATS_FILE = 'token-stats.json';

const count = z.number().int().min(0);
const appSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  fetches: z.object({ stable: count, 'stable-forced': count, classic: count }),
  lastForcedAt: z.number().int().min(0).nullable(),
});
const fileSchema = z.object({ version: z.literal(1), apps: z.record(z.string(), appSchema) });
type AppCounts = z.output<typeof appSchema>;

export type DayCounts = Omit<TokenStats, 'profileId' | 'appid' | 'classicDailyLimit'>;

export interface TokenStatsStore {
  /** Throws a validation error (before any network call) while a forced refresh is not yet allowed. */
  checkForced(appid: string): void;
  /** Counts one token WeChat issued for this app on this lane. */
  record(appid: string, lane: TokenLane): void;
  /** Today's counts for one app. */
  get(appid: string): DayCounts;
  notices(): string[];
  /** Resolves once everything recorded so far is on disk (or has failed to be). */
  flush(): Promise<void>;
}

export interface TokenStatsOptions {
  /** Folder for token-stats.json; omitted, counts live in memory only (the CLI). */
  dir?: string;
  clock?: () => number;
}

const zero = (): Record<TokenLane, number> => Object.fromEntries(tokenLanes.map((lane) => [lane, 0])) as Record<TokenLane, number>;

const clockTime = (ms: number): string => new Date(ms).toTimeString().slice(0, 8);

export function createTokenStats(options: TokenStatsOptions = {}): TokenStatsStore {
  const clock = options.clock ?? Date.now;
  const file = options.dir === undefined ? null : join(options.dir, TOKEN_STATS_FILE);
  const recorded: string[] = [];
  const queue = createWriteQueue();
  let pending: Promise<void> = Promise.resolve();
  const apps = new Map<string, AppCounts>();

  if (file) {
    const load = loadJsonFile(file, fileSchema, clock());
    if (load.status === 'ok') for (const [appid, counts] of Object.entries(load.value.apps)) apps.set(appid, counts);
    else if (load.status === 'corrupt') recorded.push(corruptNotice(file, load, 'token counts start again from zero'));
  }

  /** Today's entry; counts from an earlier day are dropped, the last forced time is kept (30 s spans midnight). */
  function today(appid: string): AppCounts {
    const day = localDay(clock());
    const entry = apps.get(appid);
    if (entry?.day === day) return entry;
    const fresh: AppCounts = { day, fetches: zero(), lastForcedAt: entry?.lastForcedAt ?? null };
    apps.set(appid, fresh);
    return fresh;
  }

  function persist(): void {
    if (!file) return;
    const snapshot = { version: 1, apps: Object.fromEntries(apps) };
    pending = queue(() => writeJsonAtomically(file, snapshot)).catch((error: unknown) => {
      const notice = `Could not save ${TOKEN_STATS_FILE} (${errorText(error)}); today's token counts may restart after a restart.`;
      if (!recorded.includes(notice)) recorded.push(notice);
    });
  }

  return {
    checkForced(appid) {
      const last = apps.get(appid)?.lastForcedAt ?? null;
      const now = clock();
      if (last === null || now - last >= FORCED_SPACING_MS) return;
      const allowedAt = last + FORCED_SPACING_MS;
      const wait = Math.ceil((allowedAt - now) / 1000);
      throw tooSoonError(
        `A forced refresh was made from this machine at ${clockTime(last)}; WeChat refreshes the stable token at most ` +
          `once every 30 s, so another now would change nothing. It is allowed again at ${clockTime(allowedAt)} (in ${wait} s).`,
        'lane',
        allowedAt,
      );
    },
    record(appid, lane) {
      const entry = today(appid);
      entry.fetches[lane] += 1;
      if (lane === 'stable-forced') entry.lastForcedAt = clock();
      persist();
    },
    get(appid) {
      const entry = apps.get(appid);
      const day = localDay(clock());
      const lastForcedAt = entry?.lastForcedAt ?? null;
      return {
        day,
        fetches: entry?.day === day ? { ...entry.fetches } : zero(),
        forcedDailyLimit: FORCED_DAILY_LIMIT,
        lastForcedAt,
        nextForcedAllowedAt: lastForcedAt === null ? null : lastForcedAt + FORCED_SPACING_MS,
      };
    },
    notices: () => [...recorded],
    flush: () => pending,
  };
}
