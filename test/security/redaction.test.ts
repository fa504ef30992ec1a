/**
 * One redaction pass over everything that leaves main. An upstream that reflects the request —
 * a gateway's HTML 502 page, an errmsg quoting the query or body — must not carry this app's
 * secret back out in any spelling: not in the bridge outcome, not in the CLI's --json or text
 * output, not in the request log.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEphemeralProfileStore, createEphemeralSecretStore } from '../../src/core/store/memoryStores';
import { dispatch } from '../../src/core/dispatch';
import { createHandlers } from '../../src/core/handlers/index';
import { createRequestLog } from '../../src/core/log/requestLog';
import { formsOf } from '../../src/core/log/sensitive';
import { createTokenService } from '../../src/core/token/tokenService';
import { baseEnv, ensureBuilt, tempDir, wxcred } from '../cli/support';

const APPID = 'wx0123456789abcdef';
/** Quote, backslash, ampersand, percent, plus and slash: each changes under some encoding. */
const SECRET = 'FAKE"se\\cret&x%41+y/z=0123456789';

/** Every spelling the secret can take on its way back. */
const spellings = (): string[] => {
  const json = JSON.stringify(SECRET).slice(1, -1);
  return [
    SECRET,
    json,
    JSON.stringify(json).slice(1, -1),
    encodeURIComponent(SECRET),
    new URLSearchParams({ s: SECRET }).toString().slice(2),
    Buffer.from(SECRET).toString('base64'),
    Buffer.from(SECRET).toString('base64url'),
    Buffer.from(SECRET).toString('hex'),
    SECRET.replace(/&/g, '&amp;').replace(/"/g, '&quot;'),
  ];
};

function expectNoSpelling(text: string, where: string): void {
  for (const form of spellings()) {
    if (text.includes(form)) throw new Error(`${where} carries the secret as ${JSON.stringify(form)}:\n${text.slice(0, 2000)}`);
  }
}

type Mode = 'html502' | 'errmsg' | 'encoded';
let mode: Mode = 'html502';
let server: Server;
let base = '';

const html = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}

beforeAll(async () => {
  // A gateway in front of WeChat that echoes what it was sent, every way such pages do.
  server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      // Body first: the client quotes only the start of a page it cannot parse.
      const echoed = `${body} ${req.method} ${req.url}`;
      // Pages that list the parameters without their names defeat any name-based redaction.
      const values = [...new URL(req.url ?? '/', 'http://x').searchParams.values(), ...(body.startsWith('{') ? Object.values(JSON.parse(body) as object).map(String) : [])];
      if (mode === 'html502') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<pre>${values.join(' | ')}</pre><p>${html(values.join(' | '))}</p><pre>${echoed}</pre><h1>502 Bad Gateway</h1>`);
        return;
      }
      const errmsg =
        mode === 'errmsg'
          ? `invalid appsecret ${values.join(',')}, request was ${echoed} hint: [x]`
          : `base64 ${Buffer.from(`appid=${APPID}&secret=${SECRET}`).toString('base64')} hex ${Buffer.from(SECRET).toString('hex')}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errcode: 40125, errmsg }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

async function stack() {
  const env = { WXCRED_API_BASE: base };
  const log = createRequestLog();
  const tokens = createTokenService({ env, log });
  const handlers = createHandlers({
    profiles: createEphemeralProfileStore(),
    secrets: createEphemeralSecretStore(),
    tokens,
    log,
    env,
    mode: 'cli',
    version: 'test',
  });
  const call = (channel: string, request: unknown) => dispatch(handlers, channel, request);
  const saved = await call('saveProfile', { label: 'Reflected', appid: APPID, kind: 'official-account' });
  if (!saved.ok) throw new Error(JSON.stringify(saved.error));
  const profileId = (saved.value as { id: string }).id;
  const set = await call('setSecret', { profileId, secret: SECRET });
  if (!set.ok) throw new Error(JSON.stringify(set.error));
  return { call, log, profileId, close: () => tokens.close() };
}

describe('the registry knows every spelling', () => {
  it('formsOf covers raw, JSON-escaped, URL-, form-encoded, HTML-escaped, hex and base64 at every alignment', () => {
    const forms = formsOf(SECRET);
    for (const form of spellings()) expect(forms.some((f) => form.includes(f))).toBe(true);
    for (const lead of ['', 'a', 'ab']) {
      const blob = Buffer.from(`${lead}${SECRET}tail`).toString('base64');
      expect(forms.some((f) => blob.includes(f))).toBe(true);
    }
  });
});

describe('an upstream that reflects the request', () => {
  it.each([
    ['an HTML 502 page (stable lane: the secret in the JSON body)', 'html502', 'stable'],
    ['an HTML 502 page (classic lane: the secret in the query)', 'html502', 'classic'],
    ['an errmsg quoting the request (stable lane)', 'errmsg', 'stable'],
    ['an errmsg quoting the request (classic lane)', 'errmsg', 'classic'],
    ['an errmsg with the secret base64- and hex-encoded', 'encoded', 'stable'],
  ] as const)('%s: nothing of the secret in the outcome or the log', async (_name, reflect, lane) => {
    mode = reflect;
    const app = await stack();
    try {
      const outcome = await app.call('getToken', { profileId: app.profileId, lane, ...(lane === 'classic' ? { confirmInvalidate: true } : {}) });
      expect(outcome.ok).toBe(false);
      const text = JSON.stringify(outcome);
      // The reply itself still comes through, minus the secret: the page and the errmsg are evidence.
      expect(text).toMatch(reflect === 'html502' ? /HTTP 502|502/ : /40125/);
      expectNoSpelling(text, 'the bridge outcome');
      expectNoSpelling(JSON.stringify(app.log.list()), 'the request log');
      const listed = await app.call('requestLog', {});
      expectNoSpelling(JSON.stringify(listed), 'the requestLog channel');
    } finally {
      await app.close();
    }
  });
});

describe('the CLI prints none of it', () => {
  beforeAll(async () => {
    await ensureBuilt();
  }, 180_000);

  it.each([
    ['--json, HTML 502', 'html502', true],
    ['text, HTML 502', 'html502', false],
    ['--json, errmsg', 'errmsg', true],
    ['text, errmsg', 'errmsg', false],
    ['--json, classic lane errmsg', 'errmsg', true, 'classic'],
  ] as [string, Mode, boolean, string?][])('%s', async (_name, reflect, json, lane = 'stable') => {
    mode = reflect;
    const userData = await tempDir('wxcred-redact-');
    const run = await wxcred(
      ['check', '--appid', APPID, '--secret-env', 'WX_SECRET', '--lane', lane, ...(json ? ['--json'] : [])],
      { env: { ...baseEnv(userData), WX_SECRET: SECRET, WXCRED_API_BASE: base } },
    );
    expect(run.code).not.toBe(0);
    // WeChat's (the gateway's) answer is reported, minus the secret.
    expect(run.stdout).toMatch(reflect === 'html502' ? /502/ : /40125/);
    expectNoSpelling(run.stdout, 'stdout');
    expectNoSpelling(run.stderr, 'stderr');
  }, 60_000);
});
