import { z } from 'zod';
import { apiDomainChoices, appKinds } from '../../contract';
import { appidSchema, httpUrlSchema } from '../../contract/schema';

/**
 * One profile as it sits in profiles.json. Strict, so a file that somehow holds a `secret` (or
 * any other unknown key) is rejected rather than loaded and written back.
 */
export const storedProfileSchema = z.strictObject({
  id: z.uuid(),
  label: z.string().trim().min(1).max(64),
  appid: appidSchema,
  kind: z.enum(appKinds),
  domain: z.enum(apiDomainChoices),
  customBase: httpUrlSchema.nullable(),
  proxy: httpUrlSchema.nullable(),
  // Absent in files written before proxy credentials moved to the keychain.
  proxyAuth: z.boolean().optional(),
  // Added after version 1 shipped: files written before it simply lack the key.
  autoRefresh: z.boolean().default(false),
  createdAt: z.iso.datetime(),
});

export const PROFILES_FILE_VERSION = 1;

export const profilesFileSchema = z
  .strictObject({
    version: z.literal(PROFILES_FILE_VERSION),
    profiles: z.array(storedProfileSchema),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.profiles.forEach((profile, index) => {
      if (seen.has(profile.id)) ctx.addIssue({ code: 'custom', path: ['profiles', index, 'id'], message: 'Duplicate profile id.' });
      seen.add(profile.id);
    });
  });

export type ProfilesFile = z.output<typeof profilesFileSchema>;
