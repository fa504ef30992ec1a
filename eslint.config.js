import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { boundaries } from './eslint.boundaries.js';

// Only the Electron shell may touch Electron; everything else stays testable in plain Node.
const shellFiles = ['src/electron/**', 'src/preload/**'];
const electronBan = {
  name: 'electron',
  message: 'Only src/electron and src/preload import electron.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'src/core/errcodes/table.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // A promise nobody awaits loses its error; one passed where a void callback is expected does too.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}', 'test/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { wxcred: boundaries },
    rules: { 'wxcred/boundaries': 'error' },
  },
  {
    // Not even a type: src/ outside the shell never names Electron.
    files: ['src/**/*.{ts,tsx}'],
    ignores: shellFiles,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [electronBan] }] },
  },
  {
    // Tests describe the shell with its types; the module itself is always the fake.
    files: ['test/**/*.{ts,tsx}', 'bench/**/*.ts', 'scripts/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ ...electronBan, allowTypeImports: true }] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            {
              group: ['node:*', 'zod', 'zod/*', 'undici', 'keytar'],
              message: 'The renderer runs in a sandboxed page: contract types and constants only, no Node or core libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/contract/**/*.ts'],
    ignores: ['src/contract/schema.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [{ group: ['node:*', 'react', 'undici', 'keytar', 'zod', 'zod/*'], message: 'src/contract is zod-free TypeScript; only schema.ts builds on zod.' }],
        },
      ],
    },
  },
  {
    files: ['src/contract/schema.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [electronBan], patterns: [{ group: ['node:*', 'react', 'undici', 'keytar'], message: 'src/contract is pure TypeScript.' }] },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
