import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWechatClient, type WechatClient } from '../../../src/core/wechat/client';
import { escapeControlCharsInStrings, parseWechatJson } from '../../../src/core/wechat/lenientJson';
import { wxErrorOf } from './support';

describe('parseWechatJson', () => {
  it('parses strict JSON as JSON.parse does', () => {
    expect(parseWechatJson('{"a":"b\\u0014","n":1}')).toEqual({ a: 'b\u0014', n: 1 });
  });

  it('accepts raw control characters inside strings, as WeChat has sent them', () => {
    const raw = '{"nickname":"a\u0014b","city":"\b","province":"\t","openid":"o-1"}';
    expect(() => JSON.parse(raw)).toThrow();
    expect(parseWechatJson(raw)).toEqual({ nickname: 'a\u0014b', city: '\b', province: '\t', openid: 'o-1' });
  });

  it('leaves escapes and quotes alone and changes nothing outside strings', () => {
    expect(escapeControlCharsInStrings('{"a":"x\\"\u0001y"}\n')).toBe('{"a":"x\\"\\u0001y"}\n');
    expect(parseWechatJson('{\n\t"a" : "\\\\\u0002"\n}')).toEqual({ a: '\\\u0002' });
  });

  it('still refuses what is not JSON', () => {
    expect(() => parseWechatJson('<html>502 Bad Gateway</html>')).toThrow();
    expect(() => parseWechatJson('{"a":"unterminated\u0001')).toThrow();
    expect(() => parseWechatJson('{"a":1,}')).toThrow();
  });
});

describe('the client reads such a reply as WeChat’s answer', () => {
  let server: Server;
  let client: WechatClient;
  let base: string;
  let body = '';

  beforeEach(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = createWechatClient();
  });

  afterEach(async () => {
    await client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const target = () => ({ profileId: 'p-1', appid: 'wx0000000000000001', apiBase: base, proxy: null });

  it('a nickname with U+0014 and a city of "\\b" come through', async () => {
    body = '{"openid":"o-1","nickname":"Ann\u0014","city":"\b","sex":2}';
    const reply = await client.call(target(), { method: 'GET', path: '/sns/userinfo', query: { openid: 'o-1' } });
    expect(reply.body).toMatchObject({ nickname: 'Ann\u0014', city: '\b' });
  });

  it('garbage is still not-json', async () => {
    body = 'Service temporarily unavailable\u0001';
    expect(await wxErrorOf(client.call(target(), { method: 'GET', path: '/sns/userinfo', query: {} }))).toMatchObject({
      kind: 'network',
      reason: 'not-json',
    });
  });
});
