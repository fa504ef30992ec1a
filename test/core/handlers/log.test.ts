import { describe, expect, it } from 'vitest';
import { createRequestLog, exportRequestLog, redactText, type RequestRecord } from '../../../src/core/log/requestLog';

const SECRET = 'FAKE-SECRET-0123456789abcdef';
const TOKEN = `86_${'T'.repeat(100)}end`;
const REFRESH = `86_${'R'.repeat(60)}ref`;
const CODE = '081AbCdEfGhIjKlMn';
const JS_CODE = '0a1B2c3D4e5F6g7H';
const SESSION_KEY = 'tiihtNczf5v6AKRyjwEUhQ==';
const sensitive = [SECRET, TOKEN, REFRESH, CODE, JS_CODE, SESSION_KEY];

const base: RequestRecord = {
  appid: 'wx0123456789abcdef',
  endpoint: '/sns/oauth2/access_token',
  method: 'POST',
  url: 'https://api.weixin.qq.com/sns/oauth2/access_token',
  requestBody: null,
  status: 200,
  durationMs: 5,
  route: { kind: 'proxy', proxy: 'http://proxy.example:3128', source: 'profile' },
  response: null,
  errcode: null,
};

describe('redaction at the moment of recording', () => {
  it('hides every sensitive key in query strings, JSON bodies and form bodies', () => {
    const log = createRequestLog();
    log.record({
      ...base,
      url: `https://api.weixin.qq.com/sns/oauth2/access_token?appid=wx0123456789abcdef&secret=${SECRET}&code=${CODE}&grant_type=authorization_code`,
      response: { access_token: TOKEN, refresh_token: REFRESH, openid: 'o1' },
    });
    log.record({
      ...base,
      requestBody: { js_code: JS_CODE, appsecret: SECRET, nested: [{ session_key: SESSION_KEY, access_token: TOKEN }] },
      response: { session_key: SESSION_KEY, openid: 'o2' },
    });
    // A form-encoded body, as a string.
    log.record({ ...base, requestBody: `appid=wx0123456789abcdef&secret=${SECRET}&js_code=${JS_CODE}&grant_type=authorization_code` });
    // JSON that arrived as text (rid/get echoes what WeChat recorded), plain and escaped.
    log.record({
      ...base,
      response: {
        request: {
          request_url: `grant_type=client_credential&appid=wx0123456789abcdef&secret=${SECRET}`,
          request_body: JSON.stringify({ code: CODE, refresh_token: REFRESH }),
          response_body: JSON.stringify(JSON.stringify({ session_key: SESSION_KEY })),
        },
      },
    });
    const entries = log.list();
    expect(entries[0]?.url).toBe(
      'https://api.weixin.qq.com/sns/oauth2/access_token?appid=wx0123456789abcdef&secret=***&code=***&grant_type=authorization_code',
    );
    expect(entries[1]?.requestBody).toEqual({ js_code: '***', appsecret: '***', nested: [{ session_key: '***', access_token: '***' }] });
    expect(entries[2]?.requestBody).toBe('appid=wx0123456789abcdef&secret=***&js_code=***&grant_type=authorization_code');
    expect(entries[3]?.response).toEqual({
      request: {
        request_url: 'grant_type=client_credential&appid=wx0123456789abcdef&secret=***',
        request_body: '{"code":"***","refresh_token":"***"}',
        response_body: '"{\\"session_key\\":\\"***\\"}"',
      },
    });
    expect(entries.every((e) => e.route.kind === 'proxy')).toBe(true);
    const all = JSON.stringify(entries);
    for (const value of sensitive) expect(all).not.toContain(value);
  });

  it('also scrubs an error message that quotes the start of a body', () => {
    const log = createRequestLog();
    log.record({
      ...base,
      error: { kind: 'network', reason: 'not-json', message: `starting "{\\"access_token\\":\\"${TOKEN}\\",\\"expi"` },
    });
    expect(JSON.stringify(log.list())).not.toContain(TOKEN);
  });

  it('leaves look-alikes alone', () => {
    expect(redactText('errcode=40029&mycode=1 {"errcode":40029,"errmsg":"invalid code"}')).toBe(
      'errcode=40029&mycode=1 {"errcode":40029,"errmsg":"invalid code"}',
    );
  });

  it('export: the recorded entries as JSON, named by local date, nothing sensitive', () => {
    const log = createRequestLog();
    log.record({ ...base, requestBody: `secret=${SECRET}&js_code=${JS_CODE}`, response: { session_key: SESSION_KEY } });
    const at = new Date(2025, 0, 6, 23, 59).getTime();
    const out = exportRequestLog(log.list(), at);
    expect(out.filename).toBe('wxcred-request-log-2025-01-06.json');
    expect(JSON.parse(out.json)).toMatchObject({ count: 1, entries: [{ requestBody: 'secret=***&js_code=***', response: { session_key: '***' } }] });
    for (const value of sensitive) expect(out.json).not.toContain(value);
  });

  it('stays bounded at 1,000 entries', () => {
    const log = createRequestLog();
    for (let i = 0; i < 1_050; i++) log.record({ ...base, durationMs: i });
    expect(log.size).toBe(1000);
    expect(log.query({ limit: 1 })[0]?.durationMs).toBe(1049);
    expect(log.query().at(-1)?.durationMs).toBe(50);
  });
});
