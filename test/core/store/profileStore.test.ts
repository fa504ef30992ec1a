import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WxcredError } from '../../../src/contract/errors';
import { MAX_JSON_FILE_BYTES } from '../../../src/core/store/jsonFile';
import { createProfileStore } from '../../../src/core/store/profileStore';
import type { ParsedProfileInput } from '../../../src/core/store/types';

const APPID_A = 'wx0123456789abcdef';
const APPID_B = 'wxfedcba9876543210';
const NOW = Date.parse('2026-01-02T03:04:05.678Z');

function input(overrides: Partial<ParsedProfileInput> = {}): ParsedProfileInput {
  return {
    label: 'Test account',
    appid: APPID_A,
    kind: 'test-account',
    domain: 'api',
    customBase: null,
    proxy: null,
    autoRefresh: false,
    ...overrides,
  };
}

async function caught(promise: Promise<unknown>): Promise<WxcredError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WxcredError);
  return error as WxcredError;
}

let dir: string;
const file = () => join(dir, 'profiles.json');
const store = () => createProfileStore({ dir, clock: () => NOW });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wxcred-profiles-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('profile store', () => {
  it('starts empty when there is no file, without creating one', async () => {
    const profiles = store();
    expect(await profiles.list()).toEqual([]);
    expect(profiles.notices()).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('creates, reads, updates and deletes', async () => {
    const profiles = store();
    const created = await profiles.save(input());
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      label: 'Test account',
      appid: APPID_A,
      kind: 'test-account',
      domain: 'api',
      customBase: null,
      proxy: null,
      autoRefresh: false,
      createdAt: '2026-01-02T03:04:05.678Z',
    });
    expect(await profiles.get(created.id)).toEqual(created);
    expect(await profiles.list()).toEqual([created]);

    const updated = await profiles.save(input({ id: created.id, label: 'Renamed', domain: 'hk', proxy: 'http://127.0.0.1:8080' }));
    expect(updated).toEqual({ ...created, label: 'Renamed', domain: 'hk', proxy: 'http://127.0.0.1:8080' });
    expect(await profiles.list()).toEqual([updated]);

    expect(await profiles.delete(created.id)).toBe(true);
    expect(await profiles.delete(created.id)).toBe(false);
    expect(await profiles.get(created.id)).toBeNull();
    expect(await profiles.list()).toEqual([]);
  });

  it('uses the injected id and clock', async () => {
    const profiles = createProfileStore({ dir, clock: () => 0, newId: () => '00000000-0000-4000-8000-000000000001' });
    const created = await profiles.save(input());
    expect(created.id).toBe('00000000-0000-4000-8000-000000000001');
    expect(created.createdAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('keeps the appid unique, naming the app that already has it', async () => {
    const profiles = store();
    const first = await profiles.save(input({ label: 'Prod OA' }));
    const error = await caught(profiles.save(input({ label: 'Copy' })));
    expect(error.error).toMatchObject({
      kind: 'validation',
      message: `An app with AppID ${APPID_A} is already added (Prod OA).`,
      issues: [{ path: 'appid' }],
    });

    // Updating an app to its own appid is fine; moving another app onto it is not.
    await profiles.save(input({ id: first.id, label: 'Prod OA 2' }));
    const second = await profiles.save(input({ appid: APPID_B, label: 'Mini' }));
    const clash = await caught(profiles.save(input({ id: second.id, appid: APPID_A, label: 'Mini' })));
    expect(clash.error.kind).toBe('validation');
    expect((await profiles.list()).map((p) => p.appid)).toEqual([APPID_A, APPID_B]);
  });

  it('rejects an update of an unknown id', async () => {
    const profiles = store();
    const error = await caught(profiles.save(input({ id: '11111111-1111-4111-8111-111111111111' })));
    expect(error.error).toMatchObject({ kind: 'validation', issues: [{ path: 'id' }] });
    expect(await profiles.list()).toEqual([]);
  });

  it('never writes fields it does not know, such as a secret', async () => {
    const profiles = store();
    const sneaky = { ...input(), secret: 'FAKE-SECRET-not-real-0000000000' } as ParsedProfileInput;
    const created = await profiles.save(sneaky);
    expect(created).not.toHaveProperty('secret');
    expect(await readFile(file(), 'utf8')).not.toContain('FAKE-SECRET');
  });

  it('refuses to save a profile the next load would reject', async () => {
    const profiles = store();
    const error = await caught(profiles.save(input({ label: '' })));
    expect(error.error.kind).toBe('validation');
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes atomically: version 1 JSON, mode 0600, no temp files left', async () => {
    const profiles = store();
    const created = await profiles.save(input());
    expect(JSON.parse(await readFile(file(), 'utf8'))).toEqual({ version: 1, profiles: [created] });
    expect(await readdir(dir)).toEqual(['profiles.json']);
    if (process.platform !== 'win32') {
      expect((await stat(file())).mode & 0o777).toBe(0o600);
    }
  });

  it('creates a missing directory with mode 0700', async () => {
    const nested = join(dir, 'user-data', 'wxcred');
    const profiles = createProfileStore({ dir: nested });
    await profiles.save(input());
    expect(await readdir(nested)).toEqual(['profiles.json']);
    if (process.platform !== 'win32') {
      expect((await stat(nested)).mode & 0o777).toBe(0o700);
    }
  });

  it('persists every one of many concurrent saves and deletes', async () => {
    const profiles = store();
    const appids = Array.from({ length: 20 }, (_, i) => `wx${i.toString(16).padStart(16, '0')}`);
    const saved = await Promise.all(appids.map((appid, i) => profiles.save(input({ appid, label: `App ${i}` }))));
    expect(new Set(saved.map((p) => p.id)).size).toBe(20);

    const fresh = await store().list();
    expect(fresh.map((p) => p.appid).sort()).toEqual([...appids].sort());

    // Racing duplicates: exactly one wins.
    const racing = await Promise.allSettled([profiles.save(input({ appid: APPID_B })), profiles.save(input({ appid: APPID_B }))]);
    expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(1);

    await Promise.all(saved.slice(0, 10).map((p) => profiles.delete(p.id)));
    expect(await store().list()).toHaveLength(11);
    expect((await readdir(dir)).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('reloads what an earlier store saved', async () => {
    const first = store();
    const a = await first.save(input());
    const b = await first.save(input({ appid: APPID_B, label: 'Website', kind: 'website-app', domain: 'custom', customBase: 'http://127.0.0.1:9000' }));
    const second = store();
    expect(await second.list()).toEqual([a, b]);
    expect(await second.get(b.id)).toEqual(b);
    expect(second.notices()).toEqual([]);
  });

  it('returns copies, so callers cannot change the store by mutating a result', async () => {
    const profiles = store();
    const created = await profiles.save(input());
    created.label = 'mutated';
    (await profiles.list())[0]!.label = 'mutated too';
    expect((await profiles.get(created.id))?.label).toBe('Test account');
  });

  describe('an unreadable profiles.json is moved aside, kept, and replaced by an empty list', () => {
    const valid = JSON.stringify({
      version: 1,
      profiles: [
        {
          id: '22222222-2222-4222-8222-222222222222',
          label: 'Kept',
          appid: APPID_A,
          kind: 'mini-program',
          domain: 'api',
          customBase: null,
          proxy: null,
          createdAt: '2025-05-05T05:05:05.000Z',
        },
      ],
    });
    const cases: [string, string | Buffer, RegExp][] = [
      ['garbage bytes', Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80]), /not valid JSON/],
      ['truncated JSON', valid.slice(0, valid.length / 2), /not valid JSON/],
      ['an empty file', '', /the file is empty/],
      ['profiles that is not a list', JSON.stringify({ version: 1, profiles: { appid: 'nope' } }), /unexpected content at profiles/],
      ['an unknown version', JSON.stringify({ version: 2, profiles: [] }), /unexpected content at version/],
      ['a bare array', '[]', /unexpected content/],
    ];

    it.each(cases)('%s', async (_name, content, reason) => {
      await writeFile(file(), content);
      const original = await readFile(file());
      const profiles = store();
      expect(await profiles.list()).toEqual([]);

      const aside = join(dir, 'profiles.json.corrupt-2026-01-02T03-04-05-678Z');
      expect(await readdir(dir)).toEqual(['profiles.json.corrupt-2026-01-02T03-04-05-678Z']);
      expect(await readFile(aside)).toEqual(original);

      const notices = profiles.notices();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(reason);
      expect(notices[0]).toContain(`moved to ${aside}`);
      expect(notices[0]).toContain('starting with no apps');
      expect(notices[0]).not.toContain('FAKE-SECRET');

      // The store works normally afterwards, and the corrupt copy stays.
      const created = await profiles.save(input());
      expect(await store().list()).toEqual([created]);
      expect(await readFile(aside)).toEqual(original);
    });

    it('never overwrites an earlier corrupt copy', async () => {
      await writeFile(file(), 'first bad');
      await store().list();
      await writeFile(file(), 'second bad');
      const profiles = store();
      await profiles.list();
      const names = (await readdir(dir)).sort();
      expect(names).toEqual(['profiles.json.corrupt-2026-01-02T03-04-05-678Z', 'profiles.json.corrupt-2026-01-02T03-04-05-678Z-1']);
      expect(await readFile(join(dir, names[0]!), 'utf8')).toBe('first bad');
      expect(await readFile(join(dir, names[1]!), 'utf8')).toBe('second bad');
      expect(profiles.notices()[0]).toContain(names[1]);
    });

  });

  describe('records are checked one by one: only the bad ones move aside, to a kept file', () => {
    const record = (n: number, overrides: Record<string, unknown> = {}) => ({
      id: `${n}${n}${n}${n}${n}${n}${n}${n}-${n}${n}${n}${n}-4${n}${n}${n}-8${n}${n}${n}-${String(n).repeat(12)}`,
      label: `App ${n}`,
      appid: `wx${String(n).repeat(16)}`,
      kind: 'official-account',
      domain: 'api',
      customBase: null,
      proxy: null,
      createdAt: '2025-05-05T05:05:05.000Z',
      ...overrides,
    });
    const kept = 'profiles.json.rejected-2026-01-02T03-04-05-678Z';

    async function loadWith(records: unknown[]) {
      await writeFile(file(), JSON.stringify({ version: 1, profiles: records }));
      const profiles = store();
      const list = await profiles.list();
      return { profiles, list };
    }

    it('one invalid app among valid ones: the valid ones load, the bad one is kept aside with a notice', async () => {
      const { profiles, list } = await loadWith([record(1), { ...record(2), appid: 'nope' }, record(3)]);
      expect(list.map((p) => p.label)).toEqual(['App 1', 'App 3']);
      expect((await readdir(dir)).sort()).toEqual(['profiles.json', kept]);
      const aside = JSON.parse(await readFile(join(dir, kept), 'utf8')) as { rejected: { index: number; record: unknown }[] };
      expect(aside.rejected).toEqual([expect.objectContaining({ index: 1, record: { ...record(2), appid: 'nope' } })]);
      expect((await stat(join(dir, kept))).mode & 0o777).toBe(0o600);
      const notices = profiles.notices();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^1 of 3 apps in profiles\.json could not be used \(#2: appid: /);
      expect(notices[0]).toContain(`moved to ${join(dir, kept)}`);
      expect(notices[0]).not.toContain('starting with no apps');
      // The file now holds the good ones only, so the next start is clean.
      const again = store();
      expect((await again.list()).map((p) => p.label)).toEqual(['App 1', 'App 3']);
      expect(again.notices()).toEqual([]);
    });

    it('a stored secret rejects that record only, and the notice never quotes it', async () => {
      const { profiles, list } = await loadWith([record(1, { secret: 'FAKE-SECRET-not-real-0000000000' }), record(2)]);
      expect(list.map((p) => p.label)).toEqual(['App 2']);
      expect(profiles.notices()[0]).toMatch(/Unrecognized key/);
      expect(profiles.notices()[0]).not.toContain('FAKE-SECRET');
      expect(await readFile(file(), 'utf8')).not.toContain('FAKE-SECRET');
    });

    it('rejects duplicate ids and duplicate appids, keeping the first', async () => {
      const { profiles, list } = await loadWith([record(1), { ...record(1), appid: APPID_B }, { ...record(2), appid: record(1).appid }]);
      expect(list.map((p) => p.label)).toEqual(['App 1']);
      expect(profiles.notices()[0]).toMatch(/2 of 3 apps .*Duplicate profile id.*\(\+1 more\)/);
    });
  });

  describe('a profiles.json that is not a small regular file is never read, and moved aside with a notice', () => {
    it('a FIFO: no hang', async () => {
      execFileSync('mkfifo', [file()]);
      const profiles = store();
      expect(await profiles.list()).toEqual([]);
      expect(profiles.notices()[0]).toMatch(/profiles\.json was unreadable \(it is a FIFO, not a regular file\); moved to .*corrupt/);
      expect(await profiles.save(input())).toMatchObject({ appid: APPID_A });
    });

    it('a directory: a notice, not an internal EISDIR error', async () => {
      await mkdir(file());
      const profiles = store();
      expect(await profiles.list()).toEqual([]);
      expect(profiles.notices()[0]).toMatch(/it is a directory, not a regular file/);
      expect(await profiles.save(input())).toMatchObject({ appid: APPID_A });
    });

    it('a file over the size cap', async () => {
      await writeFile(file(), '');
      await truncate(file(), MAX_JSON_FILE_BYTES + 1);
      const profiles = store();
      expect(await profiles.list()).toEqual([]);
      expect(profiles.notices()[0]).toMatch(new RegExp(`it is ${MAX_JSON_FILE_BYTES + 1} bytes, over the ${MAX_JSON_FILE_BYTES}-byte limit`));
    });
  });

  it('loads a valid file, defaulting autoRefresh for files written before it existed', async () => {
    const body = {
      version: 1,
      profiles: [
        {
          id: '33333333-3333-4333-8333-333333333333',
          label: 'Hand written',
          appid: APPID_B,
          kind: 'official-account',
          domain: 'sz',
          customBase: null,
          proxy: 'http://proxy.example:3128',
          createdAt: '2025-05-05T05:05:05.000Z',
        },
      ],
    };
    await writeFile(file(), JSON.stringify(body));
    const profiles = store();
    expect(await profiles.list()).toEqual(body.profiles.map((p) => ({ ...p, autoRefresh: false })));
    expect(profiles.notices()).toEqual([]);
  });
});
