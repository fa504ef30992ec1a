import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../../contract';
import { WxcredError, validationError } from '../../contract/errors';
import { PROFILES_FILE_VERSION, profilesFileSchema, storedProfileSchema, type ProfilesFile } from './profileSchema';
import type { ParsedProfileInput, ProfileStore } from './types';
import { parseOrThrow } from '../validation';
import { errorText, moveAside, parseJsonDocument, writeJsonAtomically } from './jsonFile';

export interface ProfileStoreOptions {
  /** Folder holding profiles.json (the app's user-data folder, or ~/.config/wxcred for the CLI). */
  dir: string;
  clock?: () => number;
  newId?: () => string;
}

export const PROFILES_FILE = 'profiles.json';

export function createProfileStore(options: ProfileStoreOptions): ProfileStore & {
  /** Problems met while loading profiles.json, for the UI to show once; filled by the first call of any other method. */
  notices(): string[];
} {
  const { dir } = options;
  const clock = options.clock ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const file = join(dir, PROFILES_FILE);
  const recorded: string[] = [];
  let profiles: Profile[] | null = null;

  // Every operation runs in this queue, so a save always sees the previous save's result and two
  // writes of profiles.json never overlap.
  let tail: Promise<unknown> = Promise.resolve();
  let waiting = 0;
  function queued<T>(operation: (current: Profile[]) => Promise<T> | T): Promise<T> {
    waiting++;
    const run = tail.then(async () => operation(await loaded())).finally(() => waiting--);
    tail = run.catch(() => undefined);
    return run;
  }

  /** Reads skip the queue when nothing is loading or being written: the memory copy is the file. */
  function read<T>(operation: (current: Profile[]) => T): Promise<T> {
    if (profiles !== null && waiting === 0) {
      try {
        return Promise.resolve(operation(profiles));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return queued(operation);
  }

  async function loaded(): Promise<Profile[]> {
    profiles ??= await load();
    return profiles;
  }

  async function load(): Promise<Profile[]> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return [];
      throw internal(`Could not read ${file}: ${errorText(error)}`);
    }
    const parsed = parseJsonDocument(bytes.toString('utf8'), profilesFileSchema);
    if (parsed.ok) return parsed.value.profiles;
    let aside: string;
    try {
      aside = moveAside(file, clock());
    } catch (error) {
      // Starting empty would overwrite the user's apps with the next save: refuse instead.
      throw internal(`${PROFILES_FILE} is unreadable and could not be moved aside: ${errorText(error)}`);
    }
    recorded.push(`${PROFILES_FILE} was unreadable (${parsed.problem}); moved to ${aside}; starting with no apps.`);
    return [];
  }

  async function persist(next: Profile[]): Promise<void> {
    const body: ProfilesFile = { version: PROFILES_FILE_VERSION, profiles: next };
    try {
      await writeJsonAtomically(file, body);
    } catch (error) {
      throw internal(`Could not save ${file}: ${errorText(error)}`);
    }
    profiles = next;
  }

  return {
    notices: () => [...recorded],

    list: () => read((current) => current.map(copy)),

    get: (id) => read((current) => {
      const found = current.find((profile) => profile.id === id);
      return found ? copy(found) : null;
    }),

    save: (input) =>
      queued(async (current) => {
        const existing = input.id === undefined ? undefined : current.find((profile) => profile.id === input.id);
        if (input.id !== undefined && !existing) {
          throw validationError('No app with this id; it may have been deleted. Reload the list and try again.', 'id');
        }
        const clash = current.find((profile) => profile.appid === input.appid && profile.id !== input.id);
        if (clash) throw validationError(`An app with AppID ${input.appid} is already added (${clash.label}).`, 'appid');

        const profile = checked({
          id: existing?.id ?? newId(),
          ...fields(input),
          createdAt: existing?.createdAt ?? new Date(clock()).toISOString(),
        });
        await persist(existing ? current.map((p) => (p.id === profile.id ? profile : p)) : [...current, profile]);
        return copy(profile);
      }),

    delete: (id) =>
      queued(async (current) => {
        if (!current.some((profile) => profile.id === id)) return false;
        await persist(current.filter((profile) => profile.id !== id));
        return true;
      }),
  };
}

/** Picks exactly the stored fields, so nothing else a caller passes (least of all a secret) reaches the file. */
function fields(input: ParsedProfileInput): Omit<Profile, 'id' | 'createdAt'> {
  const { label, appid, kind, domain, customBase, proxy, autoRefresh } = input;
  return { label, appid, kind, domain, customBase, proxy, autoRefresh };
}

const copy = (profile: Profile): Profile => ({ ...profile });

/** Refuses to write what the next load would reject (and so move aside), e.g. from a caller that skipped the IPC schema. */
const checked = (profile: Profile): Profile => parseOrThrow(storedProfileSchema, profile, 'Invalid app.');

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

const internal = (message: string): WxcredError => new WxcredError({ kind: 'internal', message });
