/**
 * `wxcred`: the desktop app's checks, run on the server whose IP WeChat actually sees.
 * Plain Node, no Electron: see run.ts for the commands and the exit-status contract.
 */
import { isSea } from 'node:sea';
import v8 from 'node:v8';
import { forkWorker, setDefaultSpawnWorker } from '../core/keychain/keychain';
import { serveKeychainParent } from '../core/keychain/worker';
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

/** Set on the copy of this CLI that serves as its own keychain helper. */
const HELPER_MODE = 'WXCRED_KEYCHAIN_HELPER_MODE';

/** A single executable is the program itself; everywhere else the CLI is a script run by node. */
function isSingleExecutable(): boolean {
  try {
    return isSea();
  } catch {
    return false;
  }
}

function main(): void {
  run(process.argv.slice(2), processIo(version)).then(exitAfterFlush, (thrown: unknown) => {
    // run() catches everything; reaching this is a bug in the runner itself.
    process.stderr.write(`wxcred: internal error (${thrown instanceof Error ? thrown.name : typeof thrown})\n`);
    exitAfterFlush(70);
  });
}

if (process.env[HELPER_MODE] === '1' && typeof process.send === 'function') {
  // keytar can crash or hang on a locked keyring: it runs here, in a copy of this CLI, never in the
  // process that prints the answer. The one file and the executable carry no separate helper file.
  serveKeychainParent();
} else {
  const self = isSingleExecutable() ? process.execPath : process.argv[1];
  if (self) setDefaultSpawnWorker(forkWorker(self, { ...process.env, [HELPER_MODE]: '1' }));
  main();
}
