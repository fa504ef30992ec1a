/** The one JSON-file reader: a FIFO, a directory or a huge file is refused unread and moved aside. */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_JSON_FILE_BYTES, loadJsonFile, readSmallFile } from '../../../src/core/store/jsonFile';

let dir: string;
const file = () => join(dir, 'settings.json');
const schema = z.object({ a: z.number() });
const NOW = Date.parse('2026-01-02T03:04:05.678Z');

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxcred-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadJsonFile', () => {
  it('reads a small regular file', async () => {
    await writeFile(file(), '{"a":1}');
    expect(loadJsonFile(file(), schema, NOW)).toEqual({ status: 'ok', value: { a: 1 } });
  });

  it.each([
    ['a FIFO', () => execFileSync('mkfifo', [file()]), /it is a FIFO, not a regular file/],
    ['a directory', () => mkdir(file()), /it is a directory, not a regular file/],
    ['a file over the cap', async () => {
      await writeFile(file(), '');
      await truncate(file(), MAX_JSON_FILE_BYTES + 1);
    }, /over the \d+-byte limit/],
  ])('%s is refused without being read, and moved aside', async (_name, make, problem) => {
    await make();
    const load = loadJsonFile(file(), schema, NOW);
    expect(load).toMatchObject({ status: 'corrupt', problem: expect.stringMatching(problem), movedTo: `${file()}.corrupt-2026-01-02T03-04-05-678Z` });
    expect(await readdir(dir)).toEqual(['settings.json.corrupt-2026-01-02T03-04-05-678Z']);
  });

  it('reads at most the cap, however large the file says it is', async () => {
    await writeFile(file(), 'x'.repeat(100));
    expect(readSmallFile(file(), 10)).toEqual({ status: 'refused', problem: 'it is 100 bytes, over the 10-byte limit' });
    expect(readSmallFile(join(dir, 'absent.json'))).toEqual({ status: 'missing' });
  });
});
