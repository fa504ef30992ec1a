// Builds the benchmark into Node scripts (out/bench/index.js, and firstSearch.js, which runs in a
// fresh process); dependencies stay external.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir: resolve(import.meta.dirname, '../out/bench'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      input: { index: resolve(import.meta.dirname, 'index.ts'), firstSearch: resolve(import.meta.dirname, 'firstSearch.ts') },
      // As the app's build (electron.vite.config.ts), so figure 3 reads its chunk as the app does.
      output: { entryFileNames: '[name].js', format: 'es', charset: 'ascii' },
    },
  },
});
