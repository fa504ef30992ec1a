/**
 * The architecture's walls are lint rules; this proves each one fires. Every snippet is linted by
 * ESLint's Node API with the repository's own eslint.config.js, as if it were the file it names
 * (an existing file, so the type-aware rules see it inside its TypeScript project).
 */
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../support/build';

let eslint: ESLint;

// The first lint of each TypeScript project builds its program: slow on a busy machine, once.
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rules that fire on `code` when it stands in `file`. */
async function rulesFired(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${file}` });
  const fatal = result?.messages.filter((m) => m.fatal) ?? [];
  if (fatal.length > 0) throw new Error(`could not lint ${file}: ${fatal.map((m) => m.message).join('; ')}`);
  return (result?.messages ?? []).map((m) => m.ruleId ?? '');
}

const feature = 'src/renderer/features/oauth/OAuthTab.tsx';
const core = 'src/core/services.ts';

describe('the renderer', () => {
  it('takes types from the zod table, never a value', async () => {
    expect(await rulesFired(feature, "import { api } from '../../../contract/schema';\nexport const x = api;\n")).toContain('wxcred/boundaries');
    expect(await rulesFired(feature, "import type { Handlers } from '../../../contract/schema';\nexport type X = Handlers;\n")).not.toContain(
      'wxcred/boundaries',
    );
  });

  it('imports nothing from the core, a host or Node', async () => {
    expect(await rulesFired(feature, "import { dispatch } from '../../../core/dispatch';\nexport const x = dispatch;\n")).toContain('wxcred/boundaries');
    expect(await rulesFired(feature, "import type { Io } from '../../../cli/io';\nexport type X = Io;\n")).toContain('wxcred/boundaries');
    expect(await rulesFired(feature, "import { readFile } from 'node:fs';\nexport const x = readFile;\n")).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await rulesFired(feature, "import { z } from 'zod';\nexport const x = z;\n")).toContain('@typescript-eslint/no-restricted-imports');
  });

  it('keeps features apart: one feature may not import another, only the shared ui', async () => {
    expect(await rulesFired(feature, "import { UserInfoTab } from '../userinfo/UserInfoTab';\nexport const x = UserInfoTab;\n")).toContain(
      'wxcred/boundaries',
    );
    expect(await rulesFired(feature, "export { UserInfoTab } from '../userinfo/UserInfoTab';\n")).toContain('wxcred/boundaries');
    expect(await rulesFired(feature, "import { ErrorView } from '../../ui/ErrorView';\nexport const x = ErrorView;\n")).toEqual([]);
    expect(await rulesFired(feature, "import { AuthorizeSection } from './AuthorizeSection';\nexport const x = AuthorizeSection;\n")).toEqual([]);
    const shared = 'src/renderer/ui/ErrorView.tsx';
    expect(await rulesFired(shared, "import { TokenCard } from '../features/token/TokenCard';\nexport const x = TokenCard;\n")).toContain(
      'wxcred/boundaries',
    );
  });
});

describe('the core', () => {
  it('imports nothing from the hosts or the renderer', async () => {
    for (const host of ['../cli/run', '../web/bridgeServer', '../electron/window', '../renderer/data/bridge']) {
      expect(await rulesFired(core, `import * as host from '${host}';\nexport const x = host;\n`), host).toContain('wxcred/boundaries');
    }
    expect(await rulesFired(core, "import { createHandlers } from './handlers/index';\nexport const x = createHandlers;\n")).toEqual([]);
  });
});

describe('electron', () => {
  it('is imported by src/electron and src/preload only, not even for a type elsewhere', async () => {
    const value = "import { app } from 'electron';\nexport const x = app;\n";
    const type = "import type { App } from 'electron';\nexport type X = App;\n";
    expect(await rulesFired(core, value)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await rulesFired(core, type)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await rulesFired('src/cli/app.ts', value)).toContain('@typescript-eslint/no-restricted-imports');
    expect(await rulesFired('src/electron/main.ts', value)).toEqual([]);
    expect(await rulesFired('src/preload/index.ts', value)).toEqual([]);
  });
});

describe('promises', () => {
  it('a promise nobody handles, or one given where a void callback is expected, is an error', async () => {
    const floating = 'async function f(): Promise<void> {}\nf();\n';
    expect(await rulesFired(core, floating)).toContain('@typescript-eslint/no-floating-promises');
    expect(await rulesFired(core, 'async function f(): Promise<void> {}\nvoid f();\n')).toEqual([]);
    const misused = 'export const x = (xs: number[]) => xs.forEach(async () => {});\n';
    expect(await rulesFired(core, misused)).toContain('@typescript-eslint/no-misused-promises');
  });
});
