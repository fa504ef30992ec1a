#!/usr/bin/env node
// `wxcred` during development: a shim onto the built CLI (out/main/cli.js), which needs plain Node
// only. The package's own command (package.json "bin") is the one-file build, dist/wxcred.mjs.
import { existsSync } from 'node:fs';
import process from 'node:process';
import v8 from 'node:v8';
import { URL, fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('wxcred: the CLI is not built yet: run npm run build first\n');
  process.exit(2);
}
// undici parses HTTP with a WebAssembly module. By default V8 compiles it twice — a quick
// baseline, then an optimised tier in the background — which a CLI making one or two requests
// never profits from: Liftoff alone cut `wxcred check`'s CPU time by about a third and its peak
// RSS from 95 to 61 MiB (npm run bench). The flag must be set before undici compiles the module.
v8.setFlagsFromString('--liftoff-only');
await import(cli.href);
