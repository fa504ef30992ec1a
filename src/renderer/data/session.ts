/**
 * Web mode only: whether the loopback server has refused this browser's session, and why. The
 * bridge reports it; the app shell swaps every page for one that says what to do.
 *   no-token  the page was opened without `#token=…` and never had a session in this tab
 *   spent     the URL's launch token was refused: used already (it is single-use) or from an older run
 *   lost      the tab had a session that the server no longer knows (restarted, or another browser)
 */
export type SessionProblem = 'no-token' | 'spent' | 'lost';

let problem: SessionProblem | null = null;
const listeners = new Set<() => void>();

export function reportSessionProblem(next: SessionProblem): void {
  // The first reason stands: later refusals of the same tab say nothing new.
  if (problem !== null) return;
  problem = next;
  for (const listener of listeners) listener();
}

export const sessionProblem = (): SessionProblem | null => problem;

export function subscribeSessionProblem(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
