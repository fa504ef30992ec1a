/**
 * This machine's clear_quota calls per app: when the last one was sent (for the local minimum
 * interval, which must survive a restart) and how many WeChat accepted this local month (shown
 * beside the 10-a-month limit). Kept in clear-quota.json in the user-data folder, like the token
 * counts: appids, counts and times, nothing secret.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { corruptNotice, createWriteQueue, errorText, loadJsonFile, writeJsonAtomically } from './jsonFile';
import { localDay } from '../token/localDay';

export const CLEAR_QUOTA_FILE = 'clear-quota.json';

const appSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  used: z.number().int().min(0),
  lastSentAt: z.number().int().min(0).nullable(),
});
const fileSchema = z.object({ version: z.literal(1), apps: z.record(z.string(), appSchema) });
type AppEntry = z.output<typeof appSchema>;

export interface ClearQuotaLedger {
  /** This month's count and the last send, for one app. */
  get(appid: string): AppEntry;
  sent(appid: string): void;
  accepted(appid: string): void;
  notices(): string[];
  flush(): Promise<void>;
}

/** Omitting `dir` keeps the ledger in memory (the CLI, tests). */
export function createClearQuotaLedger(options: { dir?: string; clock?: () => number } = {}): ClearQuotaLedger {
  const clock = options.clock ?? Date.now;
  const file = options.dir === undefined ? null : join(options.dir, CLEAR_QUOTA_FILE);
  const apps = new Map<string, AppEntry>();
  const recorded: string[] = [];
  const queue = createWriteQueue();
  let pending: Promise<void> = Promise.resolve();

  if (file) {
    const load = loadJsonFile(file, fileSchema, clock());
    if (load.status === 'ok') for (const [appid, entry] of Object.entries(load.value.apps)) apps.set(appid, entry);
    else if (load.status === 'corrupt') recorded.push(corruptNotice(file, load, 'clear_quota counts start again from zero'));
  }

  const month = (): string => localDay(clock()).slice(0, 7);

  /** This month's entry; a count from an earlier month is dropped, the last send is kept (the interval spans months). */
  function current(appid: string): AppEntry {
    const entry = apps.get(appid);
    if (entry?.month === month()) return entry;
    const fresh: AppEntry = { month: month(), used: 0, lastSentAt: entry?.lastSentAt ?? null };
    apps.set(appid, fresh);
    return fresh;
  }

  function persist(): void {
    if (!file) return;
    const snapshot = { version: 1, apps: Object.fromEntries(apps) };
    pending = queue(() => writeJsonAtomically(file, snapshot)).catch((error: unknown) => {
      const notice = `Could not save ${CLEAR_QUOTA_FILE} (${errorText(error)}); this month's clear_quota count may restart after a restart.`;
      if (!recorded.includes(notice)) recorded.push(notice);
    });
  }

  return {
    get: (appid) => ({ ...current(appid) }),
    sent(appid) {
      current(appid).lastSentAt = clock();
      persist();
    },
    accepted(appid) {
      current(appid).used += 1;
      persist();
    },
    notices: () => [...recorded],
    flush: () => pending,
  };
}
