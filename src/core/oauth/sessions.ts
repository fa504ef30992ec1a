/**
 * Logins held in main for the renderer to refer to by id: 网页授权 tokens and mini-program
 * session_keys. Memory only (nothing is written to disk) and bounded: the oldest go first.
 */
import { validationError } from '../../contract/errors';

export interface SessionStore<T> {
  add(id: string, value: T): void;
  /** The value, or a validation error (path 'sessionId') saying it is no longer held. */
  get(id: string): T;
  has(id: string): boolean;
  readonly size: number;
}

export const SESSION_LIMIT = 50;

export function createSessionStore<T>(what: string, limit = SESSION_LIMIT): SessionStore<T> {
  const held = new Map<string, T>();
  return {
    add(id, value) {
      held.delete(id);
      held.set(id, value);
      while (held.size > limit) {
        const oldest = held.keys().next().value;
        if (oldest === undefined) break;
        held.delete(oldest);
      }
    },
    get(id) {
      const value = held.get(id);
      if (value === undefined) {
        throw validationError(
          `That ${what} is no longer held: wxcred keeps the last ${limit} in memory only and forgets them when it restarts. Exchange a new code.`,
          'sessionId',
        );
      }
      return value;
    },
    has: (id) => held.has(id),
    get size() {
      return held.size;
    },
  };
}
