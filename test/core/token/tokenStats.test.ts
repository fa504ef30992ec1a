import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WxcredError } from '../../../src/contract/errors';
import { FORCED_SPACING_MS } from '../../../src/contract/constants';
import { TOKEN_STATS_FILE, createTokenStats } from '../../../src/core/token/tokenStats';
import { tempDir } from '../support';

const APPID = 'wx0123456789abcdef';
let folder: Awaited<ReturnType<typeof tempDir>>;
let now: number;
const clock = () => now;

beforeEach(async () => {
  folder = await tempDir();
  now = new Date(2025, 0, 6, 23, 59, 50).getTime(); // local time, 10 s before midnight
});

afterEach(() => folder.remove());

describe('token stats', () => {
  it('counts per lane per local day; a new day starts at zero but keeps the last forced time', async () => {
    const stats = createTokenStats({ dir: folder.dir, clock });
    stats.record(APPID, 'stable');
    stats.record(APPID, 'classic');
    stats.record(APPID, 'stable-forced');
    const forcedAt = now;
    expect(stats.get(APPID)).toEqual({
      day: '2025-01-06',
      fetches: { stable: 1, 'stable-forced': 1, classic: 1 },
      forcedDailyLimit: 20,
      lastForcedAt: forcedAt,
      nextForcedAllowedAt: forcedAt + FORCED_SPACING_MS,
    });
    now += 15_000; // 00:00:05 the next day
    expect(stats.get(APPID)).toMatchObject({ day: '2025-01-07', fetches: { stable: 0, 'stable-forced': 0, classic: 0 }, lastForcedAt: forcedAt });
    // The 30 s spacing spans midnight.
    expect(() => stats.checkForced(APPID)).toThrow(WxcredError);
    stats.record(APPID, 'stable');
    expect(stats.get(APPID).fetches.stable).toBe(1);
    expect(stats.get('wxfedcba9876543210').fetches.stable).toBe(0);
  });

  it('checkForced: refused for 30 s after a forced fetch, with the time it is allowed again', () => {
    const stats = createTokenStats({ clock });
    expect(() => stats.checkForced(APPID)).not.toThrow();
    stats.record(APPID, 'stable-forced');
    now += 29_999;
    let thrown: unknown;
    try {
      stats.checkForced(APPID);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WxcredError);
    // A rate rule, not a bad value: it says when the same request is accepted.
    expect((thrown as WxcredError).error).toMatchObject({ kind: 'validation', message: expect.stringContaining('(in 1 s)'), retryAt: now + 1 });
    now += 1;
    expect(() => stats.checkForced(APPID)).not.toThrow();
  });

  it('persists to token-stats.json (0600, no secrets) and reads it back', async () => {
    const stats = createTokenStats({ dir: folder.dir, clock });
    stats.record(APPID, 'classic');
    stats.record(APPID, 'classic');
    await stats.flush();
    const path = join(folder.dir, TOKEN_STATS_FILE);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      apps: { [APPID]: { day: '2025-01-06', fetches: { stable: 0, 'stable-forced': 0, classic: 2 }, lastForcedAt: null } },
    });
    expect(createTokenStats({ dir: folder.dir, clock }).get(APPID).fetches.classic).toBe(2);
  });

  it('a corrupt file is moved aside and counting starts at zero, with a notice', async () => {
    const path = join(folder.dir, TOKEN_STATS_FILE);
    await writeFile(path, '{"version":1,"apps":{"wx0123456789abcdef":{"day":"x"}}}');
    const stats = createTokenStats({ dir: folder.dir, clock });
    expect(stats.get(APPID).fetches).toEqual({ stable: 0, 'stable-forced': 0, classic: 0 });
    expect(stats.notices()).toEqual([expect.stringMatching(/^token-stats\.json was unreadable .*moved to .*token counts start again from zero\.$/)]);
    expect((await readdir(folder.dir)).some((name) => name.startsWith(`${TOKEN_STATS_FILE}.corrupt-`))).toBe(true);
  });

  it('a failed write costs a notice, not the fetch', async () => {
    const blocker = join(folder.dir, 'not-a-dir');
    await writeFile(blocker, '');
    const stats = createTokenStats({ dir: blocker, clock });
    stats.record(APPID, 'stable');
    await stats.flush();
    expect(stats.get(APPID).fetches.stable).toBe(1);
    expect(stats.notices()).toContainEqual(expect.stringContaining('Could not save token-stats.json'));
  });
});
