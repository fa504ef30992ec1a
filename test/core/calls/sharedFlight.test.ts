/** One upstream call, several waiting callers: who may abort it, and when. */
import { describe, expect, it } from 'vitest';
import { callSignal, runWithSignal } from '../../../src/core/calls/scope';
import { createSharedFlights } from '../../../src/core/calls/sharedFlight';

/** An upstream that resolves when told to, and records whether its own signal was aborted. */
function upstream() {
  let resolve: (value: string) => void = () => undefined;
  const seen: { signal: AbortSignal | undefined } = { signal: undefined };
  const start = () => {
    seen.signal = callSignal();
    return new Promise<string>((r) => {
      resolve = r;
    });
  };
  return { start, seen, answer: (value: string) => resolve(value) };
}

const caller = <T>(controller: AbortController, run: () => Promise<T>) => runWithSignal(controller.signal, run);

describe('shared flights', () => {
  it('runs the upstream under a signal of its own, not the first caller\'s', async () => {
    const flights = createSharedFlights<string>();
    const up = upstream();
    const first = new AbortController();
    const a = caller(first, () => flights.join('k', up.start));
    expect(up.seen.signal).toBeDefined();
    expect(up.seen.signal).not.toBe(first.signal);
    up.answer('token');
    expect(await a).toBe('token');
    expect(flights.has('k')).toBe(false);
  });

  it('a caller that cannot cancel keeps the upstream alive when every other caller leaves', async () => {
    const flights = createSharedFlights<string>();
    const up = upstream();
    const leaving = new AbortController();
    const a = caller(leaving, () => flights.join('k', up.start));
    const pinned = flights.join('k', up.start);
    leaving.abort();
    await expect(a).rejects.toMatchObject({ error: { kind: 'network', reason: 'aborted' } });
    expect(up.seen.signal?.aborted).toBe(false);
    up.answer('token');
    expect(await pinned).toBe('token');
  });

  it('the last caller to leave aborts the upstream and frees the key for a fresh start', async () => {
    const flights = createSharedFlights<string>();
    const up = upstream();
    const callers = [new AbortController(), new AbortController()];
    const waits = callers.map((c) => caller(c, () => flights.join('k', up.start)));
    callers[0]!.abort();
    expect(up.seen.signal?.aborted).toBe(false);
    callers[1]!.abort();
    expect(up.seen.signal?.aborted).toBe(true);
    expect(flights.has('k')).toBe(false);
    for (const wait of waits) await expect(wait).rejects.toMatchObject({ error: { reason: 'aborted' } });
    const next = upstream();
    const fresh = flights.join('k', next.start);
    next.answer('new');
    expect(await fresh).toBe('new');
  });

  it('a caller whose call is already cancelled does not start waiting, nor leaves an orphan upstream', async () => {
    const flights = createSharedFlights<string>();
    const up = upstream();
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(caller(cancelled, () => flights.join('k', up.start))).rejects.toMatchObject({ error: { reason: 'aborted' } });
    expect(up.seen.signal?.aborted).toBe(true);
    expect(flights.has('k')).toBe(false);
  });
});
