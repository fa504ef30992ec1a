#!/usr/bin/env node
// The `wxcred` command: a shim onto the built CLI (out/main/cli.js), which needs plain Node only.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('wxcred: the CLI is not built yet: run npm run build first\n');
  process.exit(2);
}
await import(cli.href);
