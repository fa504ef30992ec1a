#!/usr/bin/env node
// `wxcred` during development: a shim onto the built CLI (out/main/cli.js), which needs plain Node
// only. The package's own command (package.json "bin") is the one-file build, dist/wxcred.mjs.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('wxcred: the CLI is not built yet: run npm run build first\n');
  process.exit(2);
}
await import(cli.href);
