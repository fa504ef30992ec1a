import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allErrcodes, errcodeCategories, lookupErrcode } from '../../../src/core/errcodes';
import { errcodeData } from '../../../src/core/errcodes/table.generated';

const tsvPath = resolve(__dirname, '../../../data/errcodes.tsv');
const tsvRows = readFileSync(tsvPath, 'utf8')
  .split(/\r?\n/)
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => line.split('\t'));

/** The codes the guidance must cover: the ones a credential check meets. */
const commonCodes = [
  -1, 40001, 40002, 40003, 40013, 40014, 40029, 40125, 40163, 40164, 40226, 41001, 41002, 41004, 41008, 42001,
  42002, 42003, 43002, 45009, 45011, 48001, 48006, 48017, 50001, 50002, 61004, 61024, 76021, 76022, 89503, 89506,
  89507, 10003, 10004, 10005, 10016,
];

describe('generated errcode table', () => {
  it('is up to date with the TSV and the categories, guidance and search rules (node scripts/gen-errcodes.mjs)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxcred-errcodes-'));
    try {
      const out = join(dir, 'table.generated.ts');
      execFileSync(process.execPath, [resolve(__dirname, '../../../scripts/gen-errcodes.mjs'), tsvPath, out]);
      const checkedIn = readFileSync(resolve(__dirname, '../../../src/core/errcodes/table.generated.ts'), 'utf8');
      expect(readFileSync(out, 'utf8')).toBe(checkedIn);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000); // the generator loads the TypeScript compiler to read the rules: seconds on a busy machine

  it('has one entry per TSV data row', () => {
    expect(tsvRows.length).toBeGreaterThan(1900);
    expect(errcodeData().rows).toHaveLength(tsvRows.length);
    expect(allErrcodes()).toHaveLength(tsvRows.length);
  });

  it('has no duplicate codes and is sorted by code', () => {
    const codes = allErrcodes().map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
  });

  it('matches every TSV row: code, zh (empty → null), en, enSource', () => {
    for (const [code, zh, en, source] of tsvRows) {
      const entry = lookupErrcode(Number(code));
      expect(entry, `code ${code}`).not.toBeNull();
      expect(entry?.zh).toBe(zh?.trim() ? zh.trim() : null);
      expect(entry?.en).toBe(en?.trim());
      const expected = /en=official errmsg/.test(source ?? '')
        ? 'official'
        : /en=wechatpy enum name/.test(source ?? '')
          ? 'wechatpy-enum'
          : 'gloss';
      expect(entry?.enSource, `code ${code}`).toBe(expected);
    }
  });

  it('keeps English-only codes as zh null', () => {
    expect(lookupErrcode(61024)?.zh).toBeNull();
    expect(lookupErrcode(40187)?.zh).toBeNull();
    expect(allErrcodes().filter((e) => e.zh === null).length).toBeGreaterThan(1000);
  });

  it('gives every entry a valid category', () => {
    for (const entry of allErrcodes()) expect(errcodeCategories).toContain(entry.category);
    // every category is actually used
    const used = new Set(allErrcodes().map((e) => e.category));
    expect([...used].sort()).toEqual([...errcodeCategories].sort());
  });

  it('categorises the well-known codes', () => {
    const expected: Record<number, string> = {
      [-1]: 'system',
      40001: 'credential',
      40125: 'credential',
      40164: 'ip-whitelist',
      61004: 'ip-whitelist',
      89503: 'ip-whitelist',
      45009: 'quota-rate',
      45011: 'quota-rate',
      40029: 'oauth',
      40163: 'oauth',
      10003: 'oauth',
      10016: 'oauth',
      40226: 'mini-program',
      85009: 'mini-program',
      48001: 'permission',
      40003: 'parameter',
      47001: 'parameter',
      // by keyword and by range, not by override
      45032: 'ip-whitelist',
      9203999: 'system',
      45040: 'quota-rate',
      61007: 'permission',
      89410: 'mini-program',
    };
    for (const [code, category] of Object.entries(expected)) {
      expect(lookupErrcode(Number(code))?.category, `code ${code}`).toBe(category);
    }
  });

  it('shows both readings of the two known conflicts, and only those', () => {
    const withConflict = allErrcodes().filter((e) => e.conflict !== null).map((e) => e.code);
    expect(withConflict.sort()).toEqual([40125, 61004]);
    const c40125 = lookupErrcode(40125)?.conflict;
    expect(c40125?.zh).toMatch(/AppID/);
    expect(c40125?.zh).toMatch(/appsecret/i);
    expect(c40125?.en).toMatch(/invalid AppID/);
    expect(c40125?.en).toMatch(/invalid appsecret/);
    const c61004 = lookupErrcode(61004)?.conflict;
    expect(c61004?.zh).toMatch(/未授权/);
    expect(c61004?.zh).toMatch(/IP/);
    expect(c61004?.en).toMatch(/not authorised/);
    expect(c61004?.en).toMatch(/IP is not registered/);
  });

  it('has zh and en cause and fix for every common code', () => {
    for (const code of commonCodes) {
      const entry = lookupErrcode(code);
      expect(entry, `code ${code}`).not.toBeNull();
      for (const text of [entry?.cause?.zh, entry?.cause?.en, entry?.fix?.zh, entry?.fix?.en]) {
        expect(text?.length ?? 0, `code ${code}`).toBeGreaterThan(8);
      }
      // Chinese text is Chinese, English text is not.
      expect(entry?.cause?.zh, `code ${code}`).toMatch(/[\u4e00-\u9fff]/);
      expect(entry?.fix?.en, `code ${code}`).toMatch(/^[^\u4e00-\u9fff]*[A-Za-z]/);
    }
  });

  it('gives guidance for no code outside the table', () => {
    for (const entry of allErrcodes()) expect(entry.cause === null).toBe(entry.fix === null);
  });

  it('links official pages', () => {
    expect(lookupErrcode(40013)?.docUrl).toBe(
      'https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html',
    );
    expect(lookupErrcode(40226)?.docUrl).toMatch(/^https:\/\/developers\.weixin\.qq\.com\/miniprogram\/.*code2session/);
    expect(lookupErrcode(10003)?.docUrl).toMatch(/Wechat_webpage_authorization/);
    expect(lookupErrcode(48006)?.docUrl).toMatch(/clear_quota/);
    for (const entry of allErrcodes()) {
      if (entry.docUrl !== null) expect(entry.docUrl).toMatch(/^https:\/\/developers\.weixin\.qq\.com\//);
    }
  });

  it('returns null for unknown codes', () => {
    expect(lookupErrcode(123456789)).toBeNull();
  });
});
