/**
 * `npm start`: the Electron app (electron-vite preview), or, where Electron cannot run, one
 * sentence saying why and what to run instead.
 */
import console from 'node:console';
import process from 'node:process';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { electronUnavailable } from './runtime.mjs';

const root = join(import.meta.dirname, '..');
const why = electronUnavailable(root);
if (why) {
  console.error(`wxcred: the Electron app cannot start here: ${why}.`);
  console.error('wxcred: run the same console in a browser instead: npm run web (or npm run demo to try it on the simulator).');
  process.exit(1);
}
const child = spawn('npx', ['electron-vite', 'preview', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
