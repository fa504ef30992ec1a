import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseErrmsg } from '../../../src/contract/errmsg';
import { errorDetails } from '../../../src/cli/format';
import { lookupErrcode } from '../../../src/core/errcodes';

const entry = (code: number) => {
  const found = lookupErrcode(code);
  if (!found) throw new Error(`no entry for ${code}`);
  return found;
};

describe('errcode titles come from the table text only', () => {
  const rows = readFileSync(resolve(__dirname, '../../../data/errcodes.tsv'), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));

  it('no remark from the note column reaches a meaning (40164, 61004, 40125, 40226, -1000 among them)', () => {
    const noted = rows.filter((cols) => (cols[4] ?? '').trim() !== '');
    expect(noted.map((cols) => Number(cols[0]))).toEqual(expect.arrayContaining([-1000, 40125, 40164, 40226, 61004]));
    for (const cols of noted) {
      const found = entry(Number(cols[0]));
      const note = (cols[4] ?? '').trim();
      expect(found.en, `code ${cols[0]}`).not.toContain(note);
      expect(found.zh ?? '', `code ${cols[0]}`).not.toContain(note);
    }
    expect(entry(40164).en).toBe('invalid ip, not in whitelist');
  });

  it('the CLI heads a 40164 with the table text, not a note', () => {
    const lines = errorDetails({ kind: 'wechat', errcode: 40164, errmsg: 'invalid ip 203.0.113.9, not in whitelist', endpoint: '/cgi-bin/stable_token', ip: '203.0.113.9', entry: entry(40164) });
    expect(lines.join('\n')).toContain('meaning: 调用接口的IP地址不在白名单中，请在接口IP白名单中进行设置 / invalid ip, not in whitelist');
    expect(lines.join('\n')).not.toMatch(/real errmsg embeds/);
  });
});

describe('guidance says what WeChat does today', () => {
  it('40164: states what is known about token calls and how to confirm on the server', () => {
    const { cause } = entry(40164);
    expect(cause?.en).toContain('Official Account');
    expect(cause?.en).toMatch(/disagree/);
    expect(cause?.en).toContain('wxcred check');
    expect(cause?.en).not.toMatch(/always check/);
  });

  it('61004: whitelists the address after requestIP, not one after "invalid ip"', () => {
    const { fix } = entry(61004);
    expect(fix?.en).toContain('requestIP:');
    expect(fix?.zh).toContain('requestIP:');
    expect(fix?.en).not.toContain('follows "invalid ip"');
  });

  it('40014 no longer claims a user OAuth token; 40001 carries it and leads with what is seen now', () => {
    expect(entry(40014).cause?.en).not.toMatch(/OAuth web access_token used for a server API/);
    const cause40001 = entry(40001).cause?.en ?? '';
    expect(cause40001).toContain('user access_token from the OAuth exchange');
    expect(cause40001.indexOf('not the latest')).toBeLessThan(cause40001.indexOf('wrong AppSecret'));
    expect(cause40001).toContain('40125');
  });

  it('a 测试号 is never sent to a whitelist page it does not have', () => {
    expect(entry(40164).fix?.en).toContain('has no IP whitelist');
    expect(entry(40164).fix?.zh).toContain('测试号没有 IP 白名单');
  });

  it('0.0.0.0 is explained, in the guidance and in the CLI', () => {
    expect(entry(40164).fix?.en).toContain('0.0.0.0');
    const text = errorDetails({ kind: 'wechat', errcode: 40164, errmsg: 'invalid ip 0.0.0.0, not in whitelist', endpoint: '/cgi-bin/token', ip: '0.0.0.0', entry: entry(40164) }).join('\n');
    expect(text).toContain('could not tell');
    expect(text).not.toContain('add it to the IP whitelist');
  });
});

describe('errmsg link text', () => {
  it('40125: "view more at <link>" leaves no dangling words', () => {
    const parts = parseErrmsg('invalid appsecret, view more at http://t.cn/RAEkdVq hint: [1fUWsA04483054]');
    expect(parts.text).toBe('invalid appsecret');
    expect(parts.link).toBe('http://t.cn/RAEkdVq');
    expect(parts.hint).toBe('1fUWsA04483054');
    const older = parseErrmsg('invalid appsecret, view more at http:\\/\\/t.cn\\/LOEdzVq, hints: [ req_id: kL8J90219sg58 ]'.replace(/\\\//g, '/'));
    expect(older.text).toBe('invalid appsecret');
    expect(older.hint).toBe('kL8J90219sg58');
  });
});
