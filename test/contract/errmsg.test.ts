import { describe, expect, it } from 'vitest';
import { decodeRid, parseErrmsg, RID_LOOKUP_WINDOW_MS } from '../../src/contract/errmsg';
import type { ErrmsgParts } from '../../src/contract/errcodes';

const samples: [string, ErrmsgParts][] = [
  [
    'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist rid: 6523f1a2-1b2c3d4e-5f6a7b8c',
    {
      ip: '1.2.3.4',
      ipv6: '::ffff:1.2.3.4',
      rid: '6523f1a2-1b2c3d4e-5f6a7b8c',
      text: 'invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist',
    },
  ],
  [
    'invalid ip 222.240.168.30 ipv6 ::ffff:222.240.168.30, not in whitelist, rid: 67ee3e5f-29ee6d51-62c390eb',
    {
      ip: '222.240.168.30',
      ipv6: '::ffff:222.240.168.30',
      rid: '67ee3e5f-29ee6d51-62c390eb',
      text: 'invalid ip 222.240.168.30 ipv6 ::ffff:222.240.168.30, not in whitelist',
    },
  ],
  [
    'invalid ip 203.0.113.7, not in whitelist rid: 611740a4-27f9a8ba-065da01b',
    { ip: '203.0.113.7', rid: '611740a4-27f9a8ba-065da01b', text: 'invalid ip 203.0.113.7, not in whitelist' },
  ],
  [
    'invalid ip 114.221.159.11, not in whitelist hint: [xyz012345]',
    { ip: '114.221.159.11', hint: 'xyz012345', text: 'invalid ip 114.221.159.11, not in whitelist' },
  ],
  [
    'invalid ip 240e:3b7:3240:1f0::1, not in whitelist rid: 6523f1a2-1b2c3d4e-5f6a7b8c',
    {
      ip: '240e:3b7:3240:1f0::1',
      ipv6: '240e:3b7:3240:1f0::1',
      rid: '6523f1a2-1b2c3d4e-5f6a7b8c',
      text: 'invalid ip 240e:3b7:3240:1f0::1, not in whitelist',
    },
  ],
  [
    'invalid ip 2001:db8::8a2e:370:7334 ipv6 2001:db8::8a2e:370:7334, not in whitelist rid: 6523f1a2-1b2c3d4e-5f6a7b8c',
    {
      ip: '2001:db8::8a2e:370:7334',
      ipv6: '2001:db8::8a2e:370:7334',
      rid: '6523f1a2-1b2c3d4e-5f6a7b8c',
      text: 'invalid ip 2001:db8::8a2e:370:7334 ipv6 2001:db8::8a2e:370:7334, not in whitelist',
    },
  ],
  [
    'invalid ip ::ffff:10.1.2.3, not in whitelist rid:6523f1a2-1b2c3d4e-5f6a7b8c',
    {
      ip: '10.1.2.3',
      ipv6: '::ffff:10.1.2.3',
      rid: '6523f1a2-1b2c3d4e-5f6a7b8c',
      text: 'invalid ip ::ffff:10.1.2.3, not in whitelist',
    },
  ],
  [
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken, more details at https://mmbizurl.cn/s/JtxxFh33r rid: 655d9278-7c157f97-69055077',
    {
      link: 'https://mmbizurl.cn/s/JtxxFh33r',
      rid: '655d9278-7c157f97-69055077',
      text: 'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken',
    },
  ],
  [
    'invalid credential, access_token is invalid or not latest hint: [3FHfMa0754vr22!]',
    { hint: '3FHfMa0754vr22!', text: 'invalid credential, access_token is invalid or not latest' },
  ],
  [
    'invalid code, hints: [ req_id: 6EkbY7aLRa-se8T9 ]',
    { hint: '6EkbY7aLRa-se8T9', text: 'invalid code' },
  ],
  ['code been used, hints: [ req_id: 7_5aDa0305th56 ]', { hint: '7_5aDa0305th56', text: 'code been used' }],
  [
    'access clientip is not registered hint: [OOcsrA0577oxy3] requestIP: 123.57.208.67',
    { ip: '123.57.208.67', hint: 'OOcsrA0577oxy3', text: 'access clientip is not registered' },
  ],
  [
    'access clientip is not registered requestIP: 203.0.113.9 rid: 6523f1a2-1b2c3d4e-5f6a7b8c',
    { ip: '203.0.113.9', rid: '6523f1a2-1b2c3d4e-5f6a7b8c', text: 'access clientip is not registered' },
  ],
  ['invalid appsecret rid: 6523f1a2-1b2c3d4e-5f6a7b8c', { rid: '6523f1a2-1b2c3d4e-5f6a7b8c', text: 'invalid appsecret' }],
  [
    'api minute-quota reach limit  mustslower  retry next minute rid: 6523f1a2-1b2c3d4e-5f6a7b8c',
    { rid: '6523f1a2-1b2c3d4e-5f6a7b8c', text: 'api minute-quota reach limit mustslower retry next minute' },
  ],
  ['system error', { text: 'system error' }],
  ['ok', { text: 'ok' }],
  ['', { text: '' }],
  // "invalid ip" without an address (the docs' spelling) must not invent one.
  ['invalid ip, not in whitelist', { text: 'invalid ip, not in whitelist' }],
  ['invalid ip address format', { text: 'invalid ip address format' }],
  ['该账号不支持此操作 rid: 6523f1a2-1b2c3d4e-5f6a7b8c', { rid: '6523f1a2-1b2c3d4e-5f6a7b8c', text: '该账号不支持此操作' }],
  ['something WeChat never said before', { text: 'something WeChat never said before' }],
];

describe('parseErrmsg', () => {
  it.each(samples)('%j', (errmsg, expected) => {
    expect(parseErrmsg(errmsg)).toEqual(expected);
  });

  it('has enough realistic samples', () => {
    expect(samples.length).toBeGreaterThanOrEqual(15);
  });
});

describe('decodeRid', () => {
  // 0x67ee3e5f = 1743666783 s = 2025-04-03T07:53:03Z
  const rid = '67ee3e5f-29ee6d51-62c390eb';
  const issuedAt = 1_743_666_783_000;

  it('reads the first segment as hex Unix seconds', () => {
    const info = decodeRid(rid, issuedAt + 60_000);
    expect(info).toEqual({ issuedAt, ageMs: 60_000, lookupExpired: false });
    expect(new Date(issuedAt).toISOString()).toBe('2025-04-03T07:53:03.000Z');
  });

  it('marks rids older than 7 days as past the lookup window', () => {
    expect(decodeRid(rid, issuedAt + RID_LOOKUP_WINDOW_MS).lookupExpired).toBe(false);
    expect(decodeRid(rid, issuedAt + RID_LOOKUP_WINDOW_MS + 1).lookupExpired).toBe(true);
    expect(decodeRid(rid, issuedAt + 30 * 24 * 3600_000).ageMs).toBe(30 * 24 * 3600_000);
  });

  it('returns nulls for segments that are not plausible timestamps', () => {
    const none = { issuedAt: null, ageMs: null, lookupExpired: false };
    expect(decodeRid('6EkbY7aLRa-se8T9', Date.now())).toEqual(none);
    expect(decodeRid('00000001-1b2c3d4e-5f6a7b8c', Date.now())).toEqual(none);
    expect(decodeRid('', Date.now())).toEqual(none);
    expect(decodeRid('ffffffff-00', Date.now())).toEqual(none);
  });
});
