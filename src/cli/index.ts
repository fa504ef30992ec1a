/**
 * `wxcred`: the desktop app's checks, run on the server whose IP WeChat actually sees.
 * Plain Node, no Electron: see run.ts for the commands and the exit-status contract.
 */
import v8 from 'node:v8';
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

// undici parses HTTP with a WebAssembly module, compiled on the first connection. By default V8
// compiles it twice — a quick baseline, then an optimised tier in the background — which a
// command making one or two requests never profits from: Liftoff alone cut `wxcred check`'s CPU
// time by about a third and its peak RSS from 95 to 61 MiB (npm run bench). Set here, before any
// request, so the clone, the one file and the executable all get it.
v8.setFlagsFromString('--liftoff-only');

run(process.argv.slice(2), processIo(version)).then(exitAfterFlush, (thrown: unknown) => {
  // run() catches everything; reaching this is a bug in the runner itself.
  process.stderr.write(`wxcred: internal error (${thrown instanceof Error ? thrown.name : typeof thrown})\n`);
  exitAfterFlush(70);
});
