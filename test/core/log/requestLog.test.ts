import { describe, expect, it } from 'vitest';
import { createRequestLog, maskToken, redactUrl, type RequestRecord } from '../../../src/core/log/requestLog';

const SECRET = 'FAKE-SECRET-0123456789abcdef';
const TOKEN = `86_${'A'.repeat(60)}tail`;

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

/** { a: { a: … { access_token, errmsg } } }, `levels` deep. */
function deepReply(levels: number): unknown {
  let value: unknown = { access_token: TOKEN, errmsg: `secret=${SECRET}` };
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

function call(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    appid: 'wx0123456789abcdef',
    endpoint: '/cgi-bin/token',
    method: 'GET',
    url: `https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=${SECRET}`,
    requestBody: null,
    status: 200,
    durationMs: 12,
    route: { kind: 'direct' },
    response: { access_token: TOKEN, expires_in: 7200 },
    errcode: null,
    ...overrides,
  };
}

describe('request log', () => {
  it('is bounded: the oldest entries go first', () => {
    const log = createRequestLog({ limit: 3 });
    for (let i = 0; i < 5; i++) log.record(call({ durationMs: i }));
    expect(log.size).toBe(3);
    expect(log.list().map((e) => e.durationMs)).toEqual([2, 3, 4]);
    expect(log.list().map((e) => e.id)).toEqual([3, 4, 5]);
    log.clear();
    expect(log.size).toBe(0);
    expect(log.list()).toEqual([]);
  });

  it('defaults to 1000 entries and stamps each with the clock', () => {
    let now = 1_700_000_000_000;
    const log = createRequestLog({ clock: () => now++ });
    for (let i = 0; i < 1005; i++) log.record(call());
    expect(log.size).toBe(1000);
    expect(log.list()[0]?.at).toBe(1_700_000_000_005);
  });

  it('is bounded in bytes as well: big entries (IP lists) evict the oldest before the entry cap is reached', () => {
    const cidrs = Array.from({ length: 300 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const big = () => call({ endpoint: '/cgi-bin/get_api_domain_ip', response: { ip_list: cidrs } });
    const one = createRequestLog();
    one.record(big());
    const perEntry = one.bytes;
    expect(perEntry).toBeGreaterThan(300 * 10);
    const log = createRequestLog({ limit: 1000, maxBytes: perEntry * 10 + 50 });
    for (let i = 0; i < 50; i++) log.record(big());
    expect(log.size).toBe(10);
    expect(log.bytes).toBeLessThanOrEqual(perEntry * 10 + 50);
    expect(log.list().map((e) => e.id)).toEqual([41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    // (ids 41–50 are a digit longer than id 1: the 50-byte margin is far below one entry.)
    // Small entries still fill up to the entry cap under the same byte cap.
    const small = createRequestLog({ limit: 5, maxBytes: perEntry * 10 });
    for (let i = 0; i < 8; i++) small.record(call());
    expect(small.size).toBe(5);
  });

  it('keeps the newest entry even when it alone is over the byte cap, and clear() resets the bytes', () => {
    const log = createRequestLog({ maxBytes: 100 });
    log.record(call({ durationMs: 1 }));
    log.record(call({ durationMs: 2 }));
    expect(log.list().map((e) => e.durationMs)).toEqual([2]);
    expect(log.bytes).toBeGreaterThan(100);
    log.clear();
    expect(log.bytes).toBe(0);
    expect(log.size).toBe(0);
  });

  it('counts each entry as exactly its JSON length, whatever the bodies hold', () => {
    const log = createRequestLog({ limit: 10_000, maxBytes: Number.POSITIVE_INFINITY });
    let sum = 0;
    const check = (record: RequestRecord): void => {
      const entry = log.record(record);
      sum += JSON.stringify(entry).length;
      expect(log.bytes, JSON.stringify(entry)).toBe(sum);
    };
    const odd = ['', 'plain', 'q"uote', 'back\\slash', 'ctl\u0001\n\t', 'line\u2028sep', 'é中文', '😀 pair', 'lone \ud800', 'lone \udc00 end'];
    const numbers = [0, -0, 7, -12, 7200, 1.5, -0.25, 1e21, 1e-7, 2 ** 53, -(2 ** 53 - 1), 123456789012345, Number.NaN, Number.POSITIVE_INFINITY];
    check(call());
    check(call({ appid: null, status: null, errcode: null, requestBody: null, response: null }));
    check(call({ requestBody: `appid=wx0123456789abcdef&secret=${SECRET}`, response: 'not an object' }));
    check(call({ requestBody: { odd, numbers, flags: [true, false, null], empty: {}, none: [], nested: [[[]], [{}]] }, response: 42 }));
    check(call({ response: Object.fromEntries(odd.map((k, i) => [k, numbers[i] ?? odd[i]])) }));
    check(call({ response: JSON.parse(`{"__proto__":{"secret":"${SECRET}"},"Secret":"x","ACCESS_TOKEN":"${TOKEN}","ticket":7}`) as unknown }));
    check(call({ requestBody: { gone: undefined, fn: () => 1, list: [undefined, () => 1, Symbol('s')] } }));
    check(call({ response: deepReply(100) }));
    check(call({ route: { kind: 'proxy', proxy: 'http://127.0.0.1:8080', source: 'profile' } }));
    check(call({ error: { kind: 'network', reason: 'timeout', message: `secret=${SECRET} "quoted"`, endpoint: '/cgi-bin/token', route: { kind: 'direct' } } }));
    check(call({ errcode: 40164, response: { errcode: 40164, errmsg: 'invalid ip 1.2.3.4 ipv6 ::ffff, not in whitelist rid: 6666-aaaa' } }));
    // And random JSON, as a reply parsed from text would be.
    const next = random(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
    const keys = ['a', 'errmsg', 'access_token', 'secret', 'Code', 'k"ey', 'ip_list', 'é', '__proto__', TOKEN];
    const value = (depth: number): unknown => {
      const r = next();
      if (depth > 4 || r < 0.4) return r < 0.2 ? pick(odd) + pick(['', SECRET, TOKEN]) : pick([...numbers, true, false, null]);
      if (r < 0.7) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, () => [pick(keys), value(depth + 1)]));
    };
    for (let i = 0; i < 300; i++) check(call({ requestBody: JSON.parse(JSON.stringify(value(0))) as unknown, response: JSON.parse(JSON.stringify(value(0))) as unknown }));
  });

  it('defaults to a 1 MiB byte cap: 1,000 IP-list entries keep well under 1,000', () => {
    const cidrs = Array.from({ length: 300 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
    const log = createRequestLog();
    for (let i = 0; i < 1000; i++) log.record(call({ response: { ip_list: cidrs } }));
    expect(log.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(log.size).toBeLessThan(1000);
    expect(log.size).toBeGreaterThan(100);
  });

  it('redacts query parameters, request body keys and response tokens when recording', () => {
    const log = createRequestLog();
    log.record(call());
    log.record(
      call({
        method: 'POST',
        endpoint: '/sns/jscode2session',
        url: `https://api.weixin.qq.com/sns/jscode2session?appid=wx0123456789abcdef&secret=${SECRET}&js_code=JSCODE123&grant_type=authorization_code`,
        requestBody: { appid: 'wx0123456789abcdef', secret: SECRET, nested: { appsecret: SECRET, code: 'OAUTHCODE', refresh_token: 'RT-1234567890abcdef' } },
        response: { openid: 'o-123', session_key: 'SESSIONKEY==', unionid: 'u-1', refresh_token: 'RT-1234567890abcdefXYZ' },
      }),
    );
    const [token, session] = log.list();
    expect(token?.url).toBe('https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx0123456789abcdef&secret=***');
    expect(token?.response).toEqual({ access_token: `86_A…tail (len ${TOKEN.length})`, expires_in: 7200 });
    expect(session?.url).toContain('js_code=***');
    expect(session?.requestBody).toEqual({
      appid: 'wx0123456789abcdef',
      secret: '***',
      nested: { appsecret: '***', code: '***', refresh_token: '***' },
    });
    expect(session?.response).toEqual({ openid: 'o-123', session_key: '***', unionid: 'u-1', refresh_token: 'RT-1…fXYZ (len 22)' });

    const serialized = JSON.stringify(log.list());
    for (const secret of [SECRET, TOKEN, 'JSCODE123', 'OAUTHCODE', 'SESSIONKEY==']) expect(serialized).not.toContain(secret);
  });

  it('copies what it records: later changes to the caller’s objects do not leak in', () => {
    const log = createRequestLog();
    const body = { appid: 'wx0123456789abcdef', secret: SECRET };
    log.record(call({ requestBody: body }));
    body.secret = 'changed';
    (body as Record<string, unknown>).appid = SECRET;
    expect(JSON.stringify(log.list())).not.toContain(SECRET);
  });

  it('redacts access_token in authed URLs and never keeps URL credentials', () => {
    expect(redactUrl(`https://user:pw@api.weixin.qq.com/cgi-bin/getcallbackip?access_token=${TOKEN}`)).toBe(
      'https://api.weixin.qq.com/cgi-bin/getcallbackip?access_token=***',
    );
    expect(redactUrl('not a url')).toBe('***');
    expect(maskToken('short')).toBe('***');
  });
});

describe('redaction has no recursion limit', () => {
  const deep = deepReply;

  it('a reply nested 50,000 levels deep is recorded (cut at a safe depth), never a RangeError', () => {
    const log = createRequestLog();
    const entry = log.record(call({ response: deep(50_000) }));
    const text = JSON.stringify(entry);
    expect(text).toContain('[nested too deeply]');
    expect(text).not.toContain(TOKEN);
  });

  it('shallow replies keep everything, names and values redacted alike', () => {
    const log = createRequestLog();
    const entry = log.record(call({ response: deep(10) }));
    const text = JSON.stringify(entry);
    expect(text).not.toContain('[nested too deeply]');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('secret=***');
  });

  it('learns the secret and token of each call and redacts them by value too', () => {
    const log = createRequestLog();
    log.record(call());
    const entry = log.record(call({ url: 'https://api.weixin.qq.com/cgi-bin/x', response: { errcode: 1, errmsg: `echo ${SECRET} / ${TOKEN}` } }));
    expect(JSON.stringify(entry)).not.toContain(SECRET);
    expect(JSON.stringify(entry)).not.toContain(TOKEN);
    expect(log.sensitive.redact(`x ${encodeURIComponent(SECRET)} y`)).toBe('x *** y');
  });
});
