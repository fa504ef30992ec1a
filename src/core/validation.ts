/**
 * zod's issues as the contract's validation error, the one shape the renderer and the CLI render
 * field by field. Bounded: issues echo field names (unknown keys), whatever was sent.
 */
import type { z } from 'zod';
import { WxcredError, type WxError } from '../contract/errors';

const MAX_ISSUES = 20;
const MAX_MESSAGE = 300;

const clip = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text);

export function validationErrorOf(error: z.ZodError, fallback = 'Invalid request.'): Extract<WxError, { kind: 'validation' }> {
  const issues = error.issues
    .slice(0, MAX_ISSUES)
    .map((issue) => ({ path: clip(issue.path.map(String).join('.')), message: clip(issue.message) }));
  const first = issues[0];
  const message = first ? (first.path ? `${first.path}: ${first.message}` : first.message) : fallback;
  return { kind: 'validation', message, issues };
}

/** `value` read through `schema`, or a thrown validation WxcredError. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, fallback?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new WxcredError(validationErrorOf(parsed.error, fallback));
}
