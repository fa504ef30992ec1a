import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../../contract';
import { WxcredError, validationError } from '../../contract/errors';
import { PROFILES_FILE_VERSION, profilesFileSchema, storedProfileSchema, type ProfilesFile } from './profileSchema';
import type { ParsedProfileInput, ProfileStore, SecretStore } from './types';
import { parseOrThrow } from '../validation';
import { errorText, moveAside, parseJsonDocument, writeJsonAtomically } from './jsonFile';
import { createMemoryProxySecrets, splitProxyCredentials, withProxyCredentials } from './proxyCredentials';

export interface ProfileStoreOptions {
  /** Folder holding profiles.json (the app's user-data folder, or ~/.config/wxcred for the CLI). */
  dir: string;
  clock?: () => number;
  newId?: () => string;
  /** Where proxy user:password live (the keychain, account = profile id); in memory when not given. */
  proxySecrets?: SecretStore;
}

export const PROFILES_FILE = 'profiles.json';

export function createProfileStore(options: ProfileStoreOptions): ProfileStore & {
  routeProxy(profile: Profile): string | null;
  /** Problems met while loading profiles.json, for the UI to show once; filled by the first call of any other method. */
  notices(): string[];
} {
  const { dir } = options;
  const clock = options.clock ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const file = join(dir, PROFILES_FILE);
  const recorded: string[] = [];
  let profiles: Profile[] | null = null;
  const proxySecrets = options.proxySecrets ?? createMemoryProxySecrets();
  /** profile id → its proxy URL with the credentials from the keychain: for the route only, never listed. */
  const proxyRoutes = new Map<string, string>();

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
    if (parsed.ok) return withCredentialsMoved(parsed.value.profiles);
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

  /**
   * Proxy credentials never stay in profiles.json: ones found in a proxy URL move to the keychain
   * and the file is rewritten without them; ones already in the keychain are read for the route.
   */
  async function withCredentialsMoved(loadedProfiles: Profile[]): Promise<Profile[]> {
    let moved = false;
    let kept = true;
    const next: Profile[] = [];
    for (const profile of loadedProfiles) {
      const split = profile.proxy ? splitProxyCredentials(profile.proxy) : null;
      if (split?.credentials) {
        proxyRoutes.set(profile.id, profile.proxy ?? '');
        try {
          await proxySecrets.set(profile.id, split.credentials);
          moved = true;
        } catch (error) {
          kept = false;
          recorded.push(`The proxy password of ${profile.label} could not be moved to the system keychain (${errorText(error)}); it stays in ${PROFILES_FILE} until it can be.`);
        }
        next.push({ ...profile, proxy: split.url, proxyAuth: true });
        continue;
      }
      if (profile.proxy && profile.proxyAuth) {
        try {
          const credentials = await proxySecrets.get(profile.id);
          if (credentials) proxyRoutes.set(profile.id, withProxyCredentials(profile.proxy, credentials));
        } catch (error) {
          recorded.push(`The proxy password of ${profile.label} could not be read from the system keychain (${errorText(error)}); its calls go through the proxy without it.`);
        }
      }
      next.push(profile);
    }
    if (moved && kept) {
      try {
        await writeJsonAtomically(file, { version: PROFILES_FILE_VERSION, profiles: next } satisfies ProfilesFile);
        recorded.push(`Proxy passwords were moved from ${PROFILES_FILE} to the system keychain.`);
      } catch (error) {
        recorded.push(`${PROFILES_FILE} could not be rewritten without its proxy passwords: ${errorText(error)}`);
      }
    }
    return next;
  }

  /** The stored proxy (no credentials) and where its credentials now are; runs before the file is written. */
  async function placeProxyCredentials(id: string, input: ParsedProfileInput, existing: Profile | undefined): Promise<Pick<Profile, 'proxy' | 'proxyAuth'>> {
    if (!input.proxy) {
      if (existing?.proxyAuth) await proxySecrets.delete(id);
      proxyRoutes.delete(id);
      return { proxy: null };
    }
    const split = splitProxyCredentials(input.proxy);
    if (split.credentials) {
      await proxySecrets.set(id, split.credentials);
      proxyRoutes.set(id, input.proxy);
      return { proxy: split.url, proxyAuth: true };
    }
    // The same proxy again without credentials typed: the stored ones still apply to it.
    if (existing?.proxyAuth && existing.proxy && sameProxy(existing.proxy, split.url)) return { proxy: split.url, proxyAuth: true };
    if (existing?.proxyAuth) await proxySecrets.delete(id);
    proxyRoutes.delete(id);
    return { proxy: split.url };
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

    routeProxy: (profile) => proxyRoutes.get(profile.id) ?? profile.proxy,

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

        const id = existing?.id ?? newId();
        const profile = checked({
          id,
          ...fields(input),
          ...(await placeProxyCredentials(id, input, existing)),
          createdAt: existing?.createdAt ?? new Date(clock()).toISOString(),
        });
        await persist(existing ? current.map((p) => (p.id === profile.id ? profile : p)) : [...current, profile]);
        return copy(profile);
      }),

    delete: (id) =>
      queued(async (current) => {
        const gone = current.find((profile) => profile.id === id);
        if (!gone) return false;
        await persist(current.filter((profile) => profile.id !== id));
        proxyRoutes.delete(id);
        if (gone.proxyAuth) await proxySecrets.delete(id).catch(() => false);
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

const sameProxy = (a: string, b: string): boolean => {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.protocol === y.protocol && x.host === y.host;
  } catch {
    return false;
  }
};

/** Refuses to write what the next load would reject (and so move aside), e.g. from a caller that skipped the IPC schema. */
const checked = (profile: Profile): Profile => parseOrThrow(storedProfileSchema, profile, 'Invalid app.');

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

const internal = (message: string): WxcredError => new WxcredError({ kind: 'internal', message });
