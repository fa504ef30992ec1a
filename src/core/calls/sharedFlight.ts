/**
 * One upstream call shared by every caller that asks for the same thing while it is on the wire
 * (a token, a ticket, the exchange of one code). Each caller waits under its own call signal: a
 * caller that cancels stops waiting at once, and the others keep waiting for the one answer. The
 * upstream runs under a signal of its own, aborted only when the last caller has cancelled. A
 * caller that cannot cancel (no call scope: background refresh, the CLI, tests) waits to the end,
 * so it keeps the upstream alive.
 */
import { callSignal, cancelledError, runWithSignal } from './scope';

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Callers that may still cancel. */
  waiting: number;
  /** A caller without a signal joined: the upstream is never aborted. */
  pinned: boolean;
}

export interface SharedFlights<T> {
  /** The flight for `key` (started with `start` if none is on the wire), awaited by this caller. */
  join(key: string, start: () => Promise<T>): Promise<T>;
  /** Whether a flight for `key` is on the wire. */
  has(key: string): boolean;
  keys(): IterableIterator<string>;
}

export function createSharedFlights<T>(): SharedFlights<T> {
  const flights = new Map<string, Flight<T>>();

  function drop(key: string, flight: Flight<T>): void {
    if (flights.get(key) === flight) flights.delete(key);
  }

  function startFlight(key: string, start: () => Promise<T>): Flight<T> {
    const controller = new AbortController();
    const flight: Flight<T> = { promise: runWithSignal(controller.signal, start), controller, waiting: 0, pinned: false };
    flights.set(key, flight);
    // Settled either way; every caller sees the rejection on its own promise, this copy must not be unhandled.
    flight.promise.then(
      () => drop(key, flight),
      () => drop(key, flight),
    );
    return flight;
  }

  return {
    join(key, start) {
      const flight = flights.get(key) ?? startFlight(key, start);
      const signal = callSignal();
      if (!signal) {
        flight.pinned = true;
        return flight.promise;
      }
      flight.waiting += 1;
      return new Promise<T>((resolve, reject) => {
        let done = false;
        const settle = (finish: () => void) => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', leave);
          flight.waiting -= 1;
          finish();
        };
        function leave() {
          settle(() => reject(cancelledError()));
          if (flight.waiting === 0 && !flight.pinned && flights.get(key) === flight) {
            // Nobody is left to read the answer: stop asking for it, and let the next caller start afresh.
            drop(key, flight);
            flight.controller.abort();
          }
        }
        if (signal.aborted) {
          leave();
          return;
        }
        signal.addEventListener('abort', leave, { once: true });
        flight.promise.then(
          (value) => settle(() => resolve(value)),
          (error: unknown) => settle(() => reject(error)),
        );
      });
    },
    has: (key) => flights.has(key),
    keys: () => flights.keys(),
  };
}
