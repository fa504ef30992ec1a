import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { undiciHttp1Only } from './scripts/vite-undici-http1.js';

/**
 * `electron-vite dev` only: Vite's dev server injects an inline React-refresh preamble and inline
 * styles and talks to its HMR socket, all of which the production CSP forbids. The built app
 * keeps the strict policy untouched.
 */
const devCsp = (): Plugin => ({
  name: 'wxcred-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* http://localhost:*"),
});

export default defineConfig({
  main: {
    plugins: [undiciHttp1Only()],
    build: {
      // undici, zod and fast-xml-parser are bundled (devDependencies): loading them as hundreds of separate files
      // was most of `wxcred check`'s start-up. keytar is native, optional and stays external.
      externalizeDeps: { include: ['keytar'] },
      // Less to parse at every `wxcred` start; sourcemaps keep stack traces readable.
      minify: true,
      sourcemap: true,
      // One build for every Node-side entry: the Electron main process, the `wxcred` CLI and the
      // web-mode server share the same handlers, so they share chunks. Only index.ts imports electron.
      rolldownOptions: {
        input: {
          index: resolve('src/electron/main.ts'),
          cli: resolve('src/cli/index.ts'),
          web: resolve('src/web/server.ts'),
          // The keychain helper process (child_process.fork / utilityProcess.fork): its own small entry.
          keychainWorker: resolve('src/core/keychain/workerEntry.ts'),
        },
        // One "…" or "’" in a chunk makes V8 hold all of its source as UTF-16; escaped, a chunk
        // without Chinese text is held one byte a character (0.5 MiB of `wxcred check`'s peak RSS).
        output: { charset: 'ascii' },
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
    plugins: [react(), devCsp()],
    build: {
      // electron-vite leaves output readable by default; the renderer ships minified.
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
