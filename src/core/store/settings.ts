/**
 * User settings (refresh margin, network timeouts, body cap) in settings.json in the user-data
 * folder. Read once at start-up, so every later call sees them synchronously; each save is
 * written atomically before it takes effect.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { Settings } from '../../contract';
import { api } from '../../contract/schema';
import { WxcredError } from '../../contract/errors';
import { corruptNotice, createWriteQueue, errorText, loadJsonFile, writeJsonAtomically } from './jsonFile';
import { defaultNetOptions, type NetOptions } from '../wechat/http';
import { parseOrThrow } from '../validation';

export const SETTINGS_FILE = 'settings.json';

export const defaultSettings: Settings = {
  refreshMarginMinutes: 5,
  connectTimeoutMs: defaultNetOptions.connectTimeoutMs,
  headersTimeoutMs: defaultNetOptions.headersTimeoutMs,
  bodyTimeoutMs: defaultNetOptions.bodyTimeoutMs,
  deadlineMs: defaultNetOptions.deadlineMs,
  maxBodyBytes: defaultNetOptions.maxBodyBytes,
};

/** The same limits the bridge enforces on saveSettings, so a hand-edited file cannot set what the UI could not. */
const patchSchema = api.saveSettings.request;
export type SettingsPatch = z.output<typeof patchSchema>;
const fileSchema = z.strictObject({ version: z.literal(1), settings: patchSchema });

export interface SettingsStore {
  /** The current settings (defaults for anything never saved). */
  get(): Settings;
  /** Merges `patch` into the settings and persists them; takes effect once written. */
  save(patch: SettingsPatch): Promise<Settings>;
  /** Problems met while loading, for the start-up notices. */
  notices(): string[];
}

/** What the HTTP layer takes from the settings. */
export const netOptionsOf = (s: Settings): Partial<NetOptions> => ({
  connectTimeoutMs: s.connectTimeoutMs,
  headersTimeoutMs: s.headersTimeoutMs,
  bodyTimeoutMs: s.bodyTimeoutMs,
  deadlineMs: s.deadlineMs,
  maxBodyBytes: s.maxBodyBytes,
});

export const refreshMarginMsOf = (s: Settings): number => s.refreshMarginMinutes * 60_000;

const checkedPatch = (patch: unknown): SettingsPatch => parseOrThrow(patchSchema, patch, 'Invalid settings.');

const merge = (base: Settings, patch: SettingsPatch): Settings => {
  const next = { ...base };
  for (const key of Object.keys(defaultSettings) as (keyof Settings)[]) {
    const value = patch[key];
    if (value !== undefined) next[key] = value;
  }
  return next;
};

/** Settings kept in memory only (the CLI, tests). */
export function createMemorySettingsStore(initial: SettingsPatch = {}): SettingsStore {
  let current = merge(defaultSettings, checkedPatch(initial));
  return {
    get: () => ({ ...current }),
    async save(patch) {
      current = merge(current, checkedPatch(patch));
      return { ...current };
    },
    notices: () => [],
  };
}

export function createSettingsStore(options: { dir: string; clock?: () => number }): SettingsStore {
  const file = join(options.dir, SETTINGS_FILE);
  const clock = options.clock ?? Date.now;
  const recorded: string[] = [];
  const queue = createWriteQueue();

  let current = defaultSettings;
  const load = loadJsonFile(file, fileSchema, clock());
  if (load.status === 'ok') current = merge(defaultSettings, load.value.settings);
  else if (load.status === 'corrupt') recorded.push(corruptNotice(file, load, 'using the default settings'));

  return {
    get: () => ({ ...current }),
    save: (patch) =>
      queue(async () => {
        const next = merge(current, checkedPatch(patch));
        const stored: SettingsPatch = { ...next };
        try {
          await writeJsonAtomically(file, { version: 1, settings: stored });
        } catch (error) {
          throw new WxcredError({ kind: 'internal', message: `Could not save ${file}: ${errorText(error)}` });
        }
        current = next;
        return { ...current };
      }),
    notices: () => [...recorded],
  };
}
