// `node --import <this file>`: records what a process loaded, for tests on start-up cost. Every
// file: module it loads goes to $WXCRED_LOAD_LOG (one URL a line, written by hooks.mjs, which
// Node runs on its loader thread), and at exit the built-in modules it loaded, as `builtin <name>`.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import process from 'node:process';

register('./hooks.mjs', import.meta.url);
process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => `builtin ${m.slice(13)}`);
  appendFileSync(process.env.WXCRED_LOAD_LOG, `${builtins.join('\n')}\n`);
});
