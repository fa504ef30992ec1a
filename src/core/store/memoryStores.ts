/**
 * Stores that live only as long as the process: the CLI's throwaway profile (a secret from the
 * environment or stdin, or a saved profile with this run's overrides), and the tests' and the
 * bench's compositions. Nothing here touches the disk or the keychain.
 */
import { randomUUID } from 'node:crypto';
import type { Profile } from '../../contract';
import { validationError } from '../../contract/errors';
import type { ParsedProfileInput, ProfileStore, SecretStore } from './types';

export interface EphemeralProfileStoreOptions {
  /** Profiles to start with, e.g. one read from the app's profiles.json with overrides still to apply. */
  initial?: readonly Profile[];
  clock?: () => number;
  newId?: () => string;
}

/** Same rules as the app's store: one profile per appid, an update needs an existing id. */
export function createEphemeralProfileStore(options: EphemeralProfileStoreOptions = {}): ProfileStore {
  const clock = options.clock ?? Date.now;
  const newId = options.newId ?? randomUUID;
  const profiles = new Map<string, Profile>((options.initial ?? []).map((p) => [p.id, { ...p }]));

  return {
    async list() {
      return [...profiles.values()].map((p) => ({ ...p }));
    },
    async get(id) {
      const profile = profiles.get(id);
      return profile ? { ...profile } : null;
    },
    async save(input: ParsedProfileInput) {
      const existing = input.id === undefined ? undefined : profiles.get(input.id);
      if (input.id !== undefined && !existing) throw validationError('No app with that id; it may have been deleted.', 'id');
      for (const other of profiles.values()) {
        if (other.appid === input.appid && other.id !== input.id) {
          throw validationError(`An app with AppID ${input.appid} already exists.`, 'appid');
        }
      }
      const profile: Profile = {
        id: existing?.id ?? newId(),
        label: input.label,
        appid: input.appid,
        kind: input.kind,
        domain: input.domain,
        customBase: input.customBase,
        proxy: input.proxy,
        autoRefresh: input.autoRefresh,
        createdAt: existing?.createdAt ?? new Date(clock()).toISOString(),
      };
      profiles.set(profile.id, profile);
      return { ...profile };
    },
    async delete(id) {
      return profiles.delete(id);
    },
  };
}

/** AppSecrets in a Map, keyed by appid like the keychain store. */
export function createEphemeralSecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    async get(appid) {
      return secrets.get(appid) ?? null;
    },
    async set(appid, secret) {
      secrets.set(appid, secret);
    },
    async delete(appid) {
      return secrets.delete(appid);
    },
  };
}
