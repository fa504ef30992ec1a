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
    // Minified and ASCII-escaped as the app's build is (electron.vite.config.ts): the code under
    // test runs as it ships, and figure 3 reads the errcode chunk in the form the app reads it.
    minify: true,
    rolldownOptions: {
      input: { index: resolve(import.meta.dirname, 'index.ts'), firstSearch: resolve(import.meta.dirname, 'firstSearch.ts') },
      output: { entryFileNames: '[name].js', format: 'es', charset: 'ascii' },
    },
  },
});
