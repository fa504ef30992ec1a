import { describe, expect, it } from 'vitest';
import { createRequestLog, maskToken, redactUrl, type RequestRecord } from '../../../src/core/log/requestLog';

const SECRET = 'FAKE-SECRET-0123456789abcdef';
const TOKEN = `86_${'A'.repeat(60)}tail`;

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
  const deep = (levels: number): unknown => {
    let value: unknown = { access_token: TOKEN, errmsg: `secret=${SECRET}` };
    for (let i = 0; i < levels; i++) value = { a: value };
    return value;
  };

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
