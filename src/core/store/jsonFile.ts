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

/** Reads and validates `file`; an unreadable one is moved aside so the next save starts clean. */
export function loadJsonFile<T>(file: string, schema: z.ZodType<T>, now: number): JsonLoad<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { status: 'missing' };
    return { status: 'corrupt', problem: `could not be read (${errorText(error)})`, movedTo: null };
  }
  const parsed = parseJsonDocument(text, schema);
  if (parsed.ok) return { status: 'ok', value: parsed.value };
  let movedTo: string | null = null;
  try {
    movedTo = moveAside(file, now);
  } catch {
    // Left in place: the notice says so, and the next save replaces it.
  }
  return { status: 'corrupt', problem: parsed.problem, movedTo };
}

/** The validated document, or a short description of why it cannot be used. */
export function parseJsonDocument<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: text.length === 0 ? 'the file is empty' : `not valid JSON: ${errorText(error)}` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const { issues } = parsed.error;
  const first = issues[0];
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
  return { ok: false, problem: `unexpected content${where}: ${first?.message ?? 'invalid'}${more}` };
}

/**
 * Renames an unusable file to `<file>.corrupt-<time>` (never deleting it: the user may want to
 * repair it) and returns the new name; throws when it cannot be moved.
 */
export function moveAside(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = `${file}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
    if (existsSync(target)) continue;
    renameSync(file, target);
    return target;
  }
  throw new Error(`no free name beside ${file}`);
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
