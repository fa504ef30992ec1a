import { describe, expect, it } from 'vitest';
import { allErrcodes, lookupErrcode, searchErrcodes } from '../../../src/core/errcodes';

const codes = (query: string, limit?: number): number[] => searchErrcodes(query, limit).map((e) => e.code);

describe('searchErrcodes', () => {
  it.each(['whitelist', '白名单', '40164', 'ip', 'IP', ' Whitelist ', 'ip whitelist', '４０１６４'])(
    'puts 40164 in the top 3 for %j',
    (query) => {
      expect(codes(query).slice(0, 3)).toContain(40164);
    },
  );

  it('returns the same entry objects as lookup and the full table', () => {
    const hit = searchErrcodes('40164')[0];
    expect(hit).toBe(lookupErrcode(40164));
    expect(allErrcodes()).toContain(hit);
    expect(Object.isFrozen(hit)).toBe(true);
  });

  it('puts the exact code first, then codes starting with it', () => {
    // There is no code 4001, so the codes starting with it come first, shortest and lowest first.
    expect(codes('4001').slice(0, 3)).toEqual([40010, 40011, 40012]);
    expect(codes('40001')[0]).toBe(40001);
    const prefix = codes('4000', 20);
    expect(prefix.slice(0, 9)).toEqual([40001, 40002, 40003, 40004, 40005, 40006, 40007, 40008, 40009]);
  });

  it('finds negative codes', () => {
    expect(codes('-1')[0]).toBe(-1);
    expect(codes('-1')).toContain(-1000);
  });

  it('tolerates full-width digits, case and extra whitespace', () => {
    expect(codes('４２００１')[0]).toBe(42001);
    expect(codes('  42001 ')[0]).toBe(42001);
    expect(codes('INVALID   APPID')).toContain(40013);
  });

  it('ranks entries with guidance above plain text hits', () => {
    const hits = searchErrcodes('invalid', 200);
    const firstWithout = hits.findIndex((e) => e.cause === null);
    const lastWith = hits.map((e) => e.cause !== null).lastIndexOf(true);
    expect(firstWithout).toBeGreaterThan(0);
    expect(lastWith).toBeLessThan(firstWithout);
  });

  it('searches the guidance text too', () => {
    expect(codes('clear_quota/v2')).toContain(45009);
    expect(codes('mmbizurl').length).toBe(0);
    expect(codes('component_verify_ticket')).toContain(61024);
  });

  it('maps problem words to the codes they usually mean', () => {
    expect(codes('secret').slice(0, 3)).toContain(40125);
    expect(codes('管理员').slice(0, 2)).toContain(89503);
    expect(codes('quota').slice(0, 3)).toEqual(expect.arrayContaining([45009, 45011]));
    expect(codes('redirect_uri').slice(0, 3)).toContain(10003);
  });

  it('requires every word to match', () => {
    const hits = searchErrcodes('redirect_uri 不一致');
    expect(hits.map((e) => e.code)).toContain(10003);
    expect(codes('redirect_uri zzzzqqq')).toEqual([]);
  });

  it('respects limit, and lists the table for an empty query', () => {
    expect(searchErrcodes('invalid', 5)).toHaveLength(5);
    expect(searchErrcodes('', 10)).toEqual(allErrcodes().slice(0, 10));
    expect(searchErrcodes('   ')).toHaveLength(50);
  });

  it('returns nothing for nonsense', () => {
    expect(searchErrcodes('qqqxxxzzz')).toEqual([]);
  });
  // Speed is measured by `npm run bench`, never asserted on a clock here.
});
