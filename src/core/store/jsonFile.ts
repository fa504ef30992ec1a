/**
 * Small JSON files in the user-data folder that hold no secrets (settings, token counts): read
 * once at start-up, validated, moved aside when unreadable; written whole, atomically, 0600.
 */
import { randomBytes } from 'node:crypto';
import { constants, existsSync, readFileSync, renameSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { z } from 'zod';

export type JsonLoad<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  /** The file was unusable and now lives at `movedTo` (never deleted: the user may want it). */
  | { status: 'corrupt'; problem: string; movedTo: string | null };

/** Reads and validates `file`; an unreadable one is renamed to `<file>.corrupt-<time>` so the next save starts clean. */
export function loadJsonFile<T>(file: string, schema: z.ZodType<T>, now: number): JsonLoad<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', problem: `could not be read (${errorText(error)})`, movedTo: null };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return corrupt(file, text.length === 0 ? 'the file is empty' : `not valid JSON: ${errorText(error)}`, now);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { status: 'ok', value: parsed.data };
  const first = parsed.error.issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  return corrupt(file, `unexpected content${where}: ${first?.message ?? 'invalid'}`, now);
}

function corrupt(file: string, problem: string, now: number): JsonLoad<never> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = `${file}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    if (existsSync(target)) continue;
    try {
      renameSync(file, target);
      return { status: 'corrupt', problem, movedTo: target };
    } catch {
      break;
    }
  }
  return { status: 'corrupt', problem, movedTo: null };
}

/** Describes a corrupt load for the start-up notices. */
export function corruptNotice(file: string, load: Extract<JsonLoad<unknown>, { status: 'corrupt' }>, fallback: string): string {
  const where = load.movedTo ? `moved to ${load.movedTo}` : 'left in place';
  return `${basename(file)} was unreadable (${load.problem}); ${where}; ${fallback}.`;
}

/** Private temp file (0600), flushed, renamed over the target: a reader sees the old file or the new one, never half. */
export async function writeTextAtomically(file: string, text: string): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  try {
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await syncDir(dir);
}

export const writeJsonAtomically = (file: string, value: unknown): Promise<void> =>
  writeTextAtomically(file, `${JSON.stringify(value, null, 2)}\n`);

/** Makes the rename itself durable on POSIX; directories cannot be opened this way on Windows. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await open(dir, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the data itself is already flushed.
  }
}

/** Runs writes one after another, so a later state never lands before an earlier one. */
export function createWriteQueue(): <T>(write: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (write) => {
    const run = tail.then(write);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
