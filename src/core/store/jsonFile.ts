/**
 * Small JSON files in the user-data folder that hold no secrets (settings, token counts, apps):
 * read once at start-up, validated, moved aside when unreadable; written whole, atomically, 0600.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, renameSync, statSync, type Stats } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { z } from 'zod';

export type JsonLoad<T> =
  | { status: 'missing' }
  | { status: 'ok'; value: T }
  /** The file was unusable and now lives at `movedTo` (never deleted: the user may want it). */
  | { status: 'corrupt'; problem: string; movedTo: string | null };

/** These files hold a few kilobytes; anything near this size is not ours, and is never read whole. */
export const MAX_JSON_FILE_BYTES = 4 * 1024 * 1024;

export type FileRead =
  | { status: 'missing' }
  | { status: 'ok'; bytes: Buffer }
  /** Not read at all: not a regular file, or too large. Safe to move aside. */
  | { status: 'refused'; problem: string }
  | { status: 'error'; problem: string };

function fileKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function refusal(info: Stats, maxBytes: number): string | null {
  if (!info.isFile()) return `it is ${fileKind(info)}, not a regular file`;
  if (info.size > maxBytes) return `it is ${info.size} bytes, over the ${maxBytes}-byte limit`;
  return null;
}

/**
 * The one way these files are read. The type and size are checked before the file is opened
 * (opening a FIFO for reading would wait for a writer forever), opened non-blocking, checked again
 * on the open descriptor (the path may have been swapped in between), and read at most to the limit.
 */
export function readSmallFile(file: string, maxBytes = MAX_JSON_FILE_BYTES): FileRead {
  let before: Stats;
  try {
    before = statSync(file);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { status: 'missing' };
    return { status: 'error', problem: `could not be read (${errorText(error)})` };
  }
  const early = refusal(before, maxBytes);
  if (early) return { status: 'refused', problem: early };
  let fd: number;
  try {
    // O_NONBLOCK is undefined on Windows, where there are no FIFOs to fear.
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { status: 'missing' };
    return { status: 'error', problem: `could not be read (${errorText(error)})` };
  }
  try {
    const late = refusal(fstatSync(fd), maxBytes);
    if (late) return { status: 'refused', problem: late };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > maxBytes) return { status: 'refused', problem: `it grew past the ${maxBytes}-byte limit while being read` };
    }
    return { status: 'ok', bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { status: 'error', problem: `could not be read (${errorText(error)})` };
  } finally {
    closeSync(fd);
  }
}

/** Reads and validates `file`; an unreadable one is renamed to `<file>.corrupt-<time>` so the next save starts clean. */
export function loadJsonFile<T>(file: string, schema: z.ZodType<T>, now: number): JsonLoad<T> {
  const read = readSmallFile(file);
  if (read.status === 'missing') return { status: 'missing' };
  if (read.status === 'error') return { status: 'corrupt', problem: read.problem, movedTo: null };
  if (read.status === 'refused') return corrupt(file, read.problem, now);
  const text = read.bytes.toString('utf8');
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

/**
 * Keeps an unusable file under a new name, `<file>.corrupt-<time>` (never deleting it), so the user
 * can repair it and the next save starts clean. Throws when it cannot be moved.
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

function corrupt(file: string, problem: string, now: number): JsonLoad<never> {
  try {
    return { status: 'corrupt', problem, movedTo: moveAside(file, now) };
  } catch {
    return { status: 'corrupt', problem, movedTo: null };
  }
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
