import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Profile } from '../../contract';
import { WxcredError, validationError } from '../../contract/errors';
import { PROFILES_FILE_VERSION, storedProfileSchema, type ProfilesFile } from './profileSchema';
import type { ParsedProfileInput, ProfileStore, SecretStore } from './types';
import { createMemoryProxySecrets, splitProxyCredentials, withProxyCredentials } from './proxyCredentials';
import { errorText, moveAside, readSmallFile, writeJsonAtomically } from './jsonFile';

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
    const read = readSmallFile(file);
    if (read.status === 'missing') return [];
    if (read.status === 'error') throw internal(`Could not read ${file}: ${read.problem}`);
    const parsed = read.status === 'refused' ? read.problem : parseRecords(read.bytes);
    if (typeof parsed === 'string') {
      const aside = await setAside();
      recorded.push(`${PROFILES_FILE} was unreadable (${parsed}); moved to ${aside}; starting with no apps.`);
      return [];
    }
    if (parsed.rejected.length > 0) await setRejectedAside(parsed);
    return withCredentialsMoved(parsed.profiles);
  }

  /**
   * One bad record costs only itself: it goes to a kept file (never deleted), the good ones are
   * written back, and the notice says which and why.
   */
  async function setRejectedAside({ profiles: good, rejected }: ParsedRecords): Promise<void> {
    const kept = await keepRejected(rejected);
    await persist(good);
    const first = rejected[0] as RejectedRecord;
    const more = rejected.length > 1 ? ` (+${rejected.length - 1} more)` : '';
    recorded.push(
      `${rejected.length} of ${rejected.length + good.length} apps in ${PROFILES_FILE} could not be used ` +
        `(#${first.index + 1}: ${first.problem}${more}); moved to ${kept}; the other ${good.length} loaded.`,
    );
  }

  async function keepRejected(rejected: RejectedRecord[]): Promise<string> {
    const stamp = new Date(clock()).toISOString().replace(/[:.]/g, '-');
    for (let attempt = 0; ; attempt++) {
      const target = `${file}.rejected-${stamp}${attempt === 0 ? '' : `-${attempt}`}`;
      if (await exists(target)) continue;
      try {
        await writeJsonAtomically(target, { version: PROFILES_FILE_VERSION, rejected });
        return target;
      } catch (error) {
        throw internal(`Could not keep the unusable apps of ${PROFILES_FILE} in ${target}: ${errorText(error)}`);
      }
    }
  }

  /** The unreadable file kept aside; starting empty would overwrite the user's apps with the next save, so failing is an error. */
  async function setAside(): Promise<string> {
    try {
      return moveAside(file, clock());
    } catch (error) {
      throw internal(`${PROFILES_FILE} is unreadable and could not be moved aside: ${errorText(error)}`);
    }
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
function checked(profile: Profile): Profile {
  const result = storedProfileSchema.safeParse(profile);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  throw new WxcredError({ kind: 'validation', message: issues[0]?.message ?? 'Invalid app.', issues });
}

interface RejectedRecord {
  index: number;
  problem: string;
  record: unknown;
}
interface ParsedRecords {
  profiles: Profile[];
  rejected: RejectedRecord[];
}

const fileShapeSchema = z.strictObject({ version: z.literal(PROFILES_FILE_VERSION), profiles: z.array(z.unknown()) });

/** The usable records and the unusable ones, or why the file as a whole cannot be used. */
function parseRecords(bytes: Buffer): ParsedRecords | string {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return bytes.length === 0 ? 'the file is empty' : `not valid JSON: ${errorText(error)}`;
  }
  const shape = fileShapeSchema.safeParse(json);
  if (!shape.success) {
    const first = shape.error.issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    return `unexpected content${where}: ${first ? first.message : z.prettifyError(shape.error)}`;
  }
  const profiles: Profile[] = [];
  const rejected: RejectedRecord[] = [];
  const ids = new Set<string>();
  const appids = new Set<string>();
  shape.data.profiles.forEach((record, index) => {
    const result = storedProfileSchema.safeParse(record);
    let problem: string | null = null;
    if (!result.success) {
      const issue = result.error.issues[0];
      problem = `${issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'invalid'}`;
    } else if (ids.has(result.data.id)) {
      problem = 'Duplicate profile id.';
    } else if (appids.has(result.data.appid)) {
      problem = `Duplicate AppID ${result.data.appid}.`;
    }
    if (problem !== null || !result.success) {
      rejected.push({ index, problem: problem ?? 'invalid', record });
      return;
    }
    ids.add(result.data.id);
    appids.add(result.data.appid);
    profiles.push(result.data);
  });
  return { profiles, rejected };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

const internal = (message: string): WxcredError => new WxcredError({ kind: 'internal', message });
