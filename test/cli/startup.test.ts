/**
 * What `wxcred check` loads: the built CLI run with a load recorder. A check that succeeds reads
 * only the code it runs — not the errcode table, the callback lab's XML parser, the JS-SDK signer
 * or the simulator — and never node:http2 or tls (WeChat over http:// here; HTTPS loads tls when
 * it connects), nor node:child_process when no keychain helper is needed. A failing check then loads the table on its first errcode and explains the code.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_APP, startFakeWechat, type FakeWechat } from '../../src/core/simulator';
import { ROOT, baseEnv, ensureBuilt, onlyJson, tempDir, wxcred, type ChildEnv } from './support';

const RECORDER = join(ROOT, 'test/support/loadRecorder/register.mjs');

let wx: FakeWechat;
let dir: string;

beforeAll(async () => {
  await ensureBuilt();
  wx = await startFakeWechat();
  dir = await tempDir('wxcred-startup-');
}, 180_000);

afterAll(async () => {
  await wx?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Loaded {
  builtins: string[];
  /** The original sources (from each loaded file's source map) that were loaded. */
  sources: string[];
}

async function checkLoading(name: string): Promise<{ json: Record<string, unknown>; loaded: Loaded }> {
  const log = join(dir, `${name}.log`);
  const env: ChildEnv = {
    ...baseEnv(dir),
    WXCRED_API_BASE: wx.url,
    WX_SECRET: FAKE_APP.secret,
    WXCRED_LOAD_LOG: log,
    NODE_OPTIONS: `--import=${RECORDER}`,
  };
  const run = await wxcred(['check', '--appid', FAKE_APP.appid, '--secret-env', 'WX_SECRET', '--json'], { env });
  const lines = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  const builtins = lines.filter((l) => l.startsWith('builtin ')).map((l) => l.slice(8));
  const files = lines.filter((l) => l.startsWith('file:')).map((l) => fileURLToPath(l));
  const sources: string[] = [];
  for (const file of files.filter((f) => f.startsWith(join(ROOT, 'out')))) {
    // The bundler's own runtime helpers have no map: they come from no source of ours or a package.
    const map = await readFile(`${file}.map`, 'utf8').catch(() => null);
    if (map === null && file.includes('rolldown-runtime')) continue;
    if (map === null) throw new Error(`no source map beside ${file}`);
    sources.push(...(JSON.parse(map) as { sources: string[] }).sources);
  }
  return { json: onlyJson(run), loaded: { builtins, sources } };
}

const loadedFrom = (loaded: Loaded, part: string): string[] => loaded.sources.filter((s) => s.includes(part));

describe('wxcred check loads what it runs', () => {
  it('a check that succeeds reads neither the errcode table nor other features’ code, nor HTTP/2', async () => {
    wx.scenario.clear();
    const { json, loaded } = await checkLoading('ok');
    expect(json.ok).toBe(true);
    // The recorder works: the token path itself is in the list.
    expect(loadedFrom(loaded, 'src/core/token/tokenService.ts')).toHaveLength(1);
    expect(loadedFrom(loaded, 'undici/lib/dispatcher/client-h1.js')).toHaveLength(1);
    expect(loadedFrom(loaded, 'errcodes/table.generated.ts')).toEqual([]);
    expect(loadedFrom(loaded, 'fast-xml-parser')).toEqual([]);
    expect(loadedFrom(loaded, 'src/core/handlers/callback.ts')).toEqual([]);
    expect(loadedFrom(loaded, 'src/core/handlers/jssdk.ts')).toEqual([]);
    expect(loadedFrom(loaded, 'src/core/simulator/')).toEqual([]);
    expect(loaded.builtins).toContain('http');
    expect(loaded.builtins).not.toContain('http2');
    expect(loaded.builtins).not.toContain('tls');
    // The secret came from the environment: no keychain helper, so no child_process either.
    expect(loaded.builtins).not.toContain('child_process');
  });

  it('a check that fails loads the table on its first errcode and explains the code', async () => {
    wx.scenario.ipNotWhitelisted('203.0.113.7');
    const { json, loaded } = await checkLoading('fail');
    wx.scenario.clear();
    expect(json).toMatchObject({
      ok: false,
      error: { kind: 'wechat', errcode: 40164, ip: '203.0.113.7', meaning: { zh: expect.any(String), en: expect.any(String) }, fix: expect.anything() },
    });
    expect(loadedFrom(loaded, 'errcodes/table.generated.ts')).toHaveLength(1);
  });
});
