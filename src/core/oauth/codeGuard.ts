/**
 * Remembers which codes this run already sent to WeChat, so a second exchange of the same code
 * (WeChat answers 40163) is stopped before it costs a call, unless the user says to send it.
 * A code is marked the moment it is sent: an exchange that arrives while it is on the wire shares
 * that one upstream call and its answer (a double click, or a script firing twice, spends one code
 * once). Only sha256 digests are kept, in memory, bounded.
 */
import { createHash } from 'node:crypto';
import { validationError } from '../../contract/errors';
import { createSharedFlights } from '../calls/sharedFlight';

export type CodeKind = 'oauth' | 'jscode';

export interface CodeGuard {
  /** Throws a validation error (path 'allowReuse') when the code was already exchanged and reuse is not allowed. */
  check(kind: CodeKind, appid: string, code: string, allowReuse: boolean): void;
  /** Records that WeChat has now consumed this code. */
  remember(kind: CodeKind, appid: string, code: string): void;
  usedAt(kind: CodeKind, appid: string, code: string): number | null;
  /** Whether an exchange of this code is on the wire now. */
  inFlight(kind: CodeKind, appid: string, code: string): boolean;
  /**
   * The exchange of this code on the wire, joined, or `start`ed and marked as sent until it
   * settles. A caller that cancels leaves it; the last one to cancel aborts it.
   */
  share<T>(kind: CodeKind, appid: string, code: string, start: () => Promise<T>): Promise<T>;
}

const digest = (kind: CodeKind, appid: string, code: string): string =>
  createHash('sha256').update(`${kind}\n${appid}\n${code}`).digest('hex');

export function createCodeGuard(clock: () => number, limit = 1000): CodeGuard {
  const used = new Map<string, number>();
  const sending = createSharedFlights<unknown>();
  const usedAt = (kind: CodeKind, appid: string, code: string) => used.get(digest(kind, appid, code)) ?? null;
  return {
    usedAt,
    check(kind, appid, code, allowReuse) {
      const at = usedAt(kind, appid, code);
      if (at === null || allowReuse) return;
      const name = kind === 'oauth' ? 'code' : 'js_code';
      throw validationError(
        `This ${name} was already exchanged at ${new Date(at).toISOString()}; WeChat would answer 40163 (code been used). ` +
          `A ${name} works once: get a new one, or send it anyway to see WeChat's answer (allowReuse: true).`,
        'allowReuse',
      );
    },
    remember(kind, appid, code) {
      const key = digest(kind, appid, code);
      if (used.has(key)) return; // keep the first time: that is when WeChat consumed it
      used.set(key, clock());
      while (used.size > limit) {
        const oldest = used.keys().next().value;
        if (oldest === undefined) break;
        used.delete(oldest);
      }
    },
    inFlight: (kind, appid, code) => sending.has(digest(kind, appid, code)),
    share: <T>(kind: CodeKind, appid: string, code: string, start: () => Promise<T>) =>
      sending.join(digest(kind, appid, code), start) as Promise<T>,
  };
}
