/**
 * The profiles export: apps as the user set them up, never a secret, an id or a keychain flag.
 * Reading one is strict and all-or-nothing: a file with any problem adds nothing, and says where.
 */
import { PROFILES_EXPORT_FORMAT, PROFILES_EXPORT_VERSION, type Profile } from '../../contract';
import { validationError } from '../../contract/errors';
import { profilesExportSchema, type ProfilesExportFile } from '../../contract/schema';
import { parseOrThrow } from '../validation';
import { errorText } from './jsonFile';

export type ExportedProfile = ProfilesExportFile['profiles'][number];

export function exportProfiles(profiles: readonly Profile[], now: number): { filename: string; json: string; count: number } {
  const file = {
    format: PROFILES_EXPORT_FORMAT,
    version: PROFILES_EXPORT_VERSION,
    exportedAt: new Date(now).toISOString(),
    // Picked field by field, so nothing else a profile gains later leaks into the file unseen.
    profiles: profiles.map(({ label, appid, kind, domain, customBase, proxy, autoRefresh }) => ({ label, appid, kind, domain, customBase, proxy, autoRefresh })),
  } satisfies ProfilesExportFile;
  const day = new Date(now).toISOString().slice(0, 10);
  return { filename: `wxcred-profiles-${day}.json`, json: `${JSON.stringify(file, null, 2)}\n`, count: profiles.length };
}

/** The apps in an export's text, or a thrown validation error naming the first problem and where it is. */
export function readProfilesExport(text: string): ExportedProfile[] {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw validationError(`The file is not JSON (${errorText(error)}); nothing was imported.`, 'json');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw validationError('The file is not a wxcred profiles export (it is not a JSON object); nothing was imported.', 'json');
  }
  return parseOrThrow(profilesExportSchema, json, 'Not a wxcred profiles export; nothing was imported.').profiles;
}
