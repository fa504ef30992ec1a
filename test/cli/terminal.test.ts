/**
 * What the CLI prints reaches a terminal: ANSI/OSC escapes and other control characters in a
 * value that came from a file (a profile label) or from WeChat (an errmsg) are shown escaped,
 * never acted on.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shownValue, terminalSafe } from '../../src/cli/format';
import { baseEnv, ensureBuilt, onlyJson, tempDir, wxcred } from './support';

/** Retitles the window (OSC 0), hyperlinks (OSC 8), turns text red, clears the screen; a C1 CSI; a bidi override. */
const HOSTILE = '\u001b]0;pwned\u0007\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\\u001b[31mred\u001b[2J\u009b31m\u202eevil';
const APPID = 'wx0123456789abcdef';
// eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
const rawControl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

let server: Server;
let base = '';
beforeAll(async () => {
  await ensureBuilt();
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errcode: 4_999_999, errmsg: `invalid appid ${HOSTILE}` }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
});

describe('format helpers', () => {
  it('escape ESC, C0, C1 and bidi controls; keep the CLI\'s own newlines', () => {
    expect(terminalSafe(`a\u001b[31mb\nc\u009bd\u202ee\rf`)).toBe('a\\x1b[31mb\nc\\x9bd\\u{202e}e\\x0df');
    expect(shownValue('line\nbreak\u0007')).toBe('line\\x0abreak\\x07');
  });
});

describe('the CLI never prints a control sequence raw', () => {
  it('a profile label from profiles.json, in the "no such app" usage error', async () => {
    const userData = await tempDir('wxcred-term-');
    const profile = {
      id: '22222222-2222-4222-8222-222222222222',
      label: `App ${HOSTILE}`.slice(0, 64),
      appid: APPID,
      kind: 'official-account',
      domain: 'api',
      customBase: null,
      proxy: null,
      createdAt: '2025-05-05T05:05:05.000Z',
    };
    await writeFile(join(userData, 'profiles.json'), JSON.stringify({ version: 1, profiles: [profile] }));
    const run = await wxcred(['check', '--profile', 'no-such-app'], { env: baseEnv(userData) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('\\x1b]0;pwned');
    expect(run.stderr).not.toMatch(rawControl);
    expect(run.stdout).not.toMatch(rawControl);
  }, 60_000);

  it.each([false, true])('WeChat\'s errmsg (--json: %s)', async (json) => {
    const userData = await tempDir('wxcred-term-');
    const run = await wxcred(['check', '--appid', APPID, '--secret-env', 'WX_SECRET', ...(json ? ['--json'] : [])], {
      env: { ...baseEnv(userData), WX_SECRET: 'FAKE-SECRET-0123456789abcdef', WXCRED_API_BASE: base },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(rawControl);
    expect(run.stderr).not.toMatch(rawControl);
    if (json) {
      // Still the same JSON: the escapes decode back to WeChat's exact text.
      const error = onlyJson(run).error as { errmsg: string };
      expect(error.errmsg).toBe(`invalid appid ${HOSTILE}`);
    } else {
      expect(run.stdout).toContain('\\x1b[31mred');
    }
  }, 60_000);
});
