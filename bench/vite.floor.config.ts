// Builds bench/undiciFloor.ts the way vite.cli.config.ts builds the one-file CLI: everything
// bundled, minified, undici's HTTP/2 client stubbed (out/bench-floor/undiciFloor.mjs).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { undiciHttp1Only } from '../scripts/vite-undici-http1.js';

export default defineConfig({
  logLevel: 'warn',
  plugins: [undiciHttp1Only()],
  ssr: { noExternal: true },
  build: {
    ssr: resolve(import.meta.dirname, 'undiciFloor.ts'),
    outDir: resolve(import.meta.dirname, '../out/bench-floor'),
    emptyOutDir: true,
    target: 'node20',
    minify: true,
    rolldownOptions: { output: { format: 'es', entryFileNames: 'undiciFloor.mjs', codeSplitting: false } },
  },
});
