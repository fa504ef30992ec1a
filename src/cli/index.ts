/**
 * `wxcred`: the desktop app's checks, run on the server whose IP WeChat actually sees.
 * Plain Node, no Electron: see run.ts for the commands and the exit-status contract.
 */
import { version } from '../../package.json';
import { processIo } from './io';
import { run } from './run';

/** Waits until stdout/stderr have taken everything, then exits: a hung keychain call must not keep us alive. */
function exitAfterFlush(code: number): void {
  let pending = 2;
  const done = (): void => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

run(process.argv.slice(2), processIo(version)).then(exitAfterFlush, (thrown: unknown) => {
  // run() catches everything; reaching this is a bug in the runner itself.
  process.stderr.write(`wxcred: internal error (${thrown instanceof Error ? thrown.name : typeof thrown})\n`);
  exitAfterFlush(70);
});
