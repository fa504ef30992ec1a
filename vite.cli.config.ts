/**
 * The `wxcred` CLI as one file for servers: `vite build -c vite.cli.config.ts` writes
 * dist/wxcred.mjs (runs on Node >= 20 alone: undici and zod inside, keytar loaded from next to it
 * only when --profile needs the keychain). `--mode sea` writes out/sea/wxcred.cjs, the CommonJS
 * variant Node's single executable applications need (scripts/build-exe.mjs makes the executable).
 */
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { undiciHttp1Only } from './scripts/vite-undici-http1.js';

const KEYTAR_FROM_DISK = '\0wxcred-keytar-from-disk';

/**
 * Inside a single executable, require() only knows Node's built-ins and import() of a package
 * fails, so keytar (native, never bundled) is required from the executable's own folder. Its
 * "not found" error becomes the same typed keychain error as everywhere else.
 */
const keytarBesideExecutable = (): Plugin => ({
  name: 'wxcred-keytar-beside-executable',
  enforce: 'pre',
  resolveId: (id) => (id === 'keytar' ? KEYTAR_FROM_DISK : null),
  load: (id) =>
    id === KEYTAR_FROM_DISK
      ? `import { createRequire } from 'node:module';\nexport default createRequire(process.execPath)('keytar');\n`
      : null,
});

export default defineConfig(({ mode }) => {
  const sea = mode === 'sea';
  return {
    logLevel: 'warn',
    plugins: sea ? [undiciHttp1Only(), keytarBesideExecutable()] : [undiciHttp1Only()],
    // Everything is bundled; only Node's built-ins (and, outside the executable, keytar) stay imports.
    ssr: { noExternal: true },
    build: {
      ssr: resolve(import.meta.dirname, 'src/cli/index.ts'),
      outDir: resolve(import.meta.dirname, sea ? 'out/sea' : 'dist'),
      // dist/ also holds the executable; each build replaces only its own file.
      emptyOutDir: false,
      target: 'node20',
      minify: true,
      rolldownOptions: {
        external: sea ? [] : ['keytar'],
        output: sea
          ? { format: 'cjs', entryFileNames: 'wxcred.cjs', codeSplitting: false, charset: 'ascii' }
          : { format: 'es', entryFileNames: 'wxcred.mjs', codeSplitting: false, charset: 'ascii', banner: '#!/usr/bin/env node' },
      },
    },
  };
});
