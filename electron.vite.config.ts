import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      // Bundle the pure-JS dependencies: loading undici and zod as hundreds of separate files
      // was most of `wxcred check`'s start-up. keytar is native and stays external.
      externalizeDeps: { exclude: ['undici', 'zod'] },
      // Less to parse at every `wxcred` start; sourcemaps keep stack traces readable.
      minify: true,
      sourcemap: true,
      // One build for every Node-side entry: the Electron main process, the `wxcred` CLI and the
      // web-mode server share the same handlers, so they share chunks. Only index.ts imports electron.
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/cli/index.ts'),
          web: resolve('src/web/server.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can only require('electron'): bundle everything else into one CJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves output readable by default; the renderer ships minified.
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
