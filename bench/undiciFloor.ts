/**
 * The part of `wxcred check`'s start-up that is undici's: the same stable_token POST through the
 * undici modules wxcred loads (src/core/wechat/undici.ts), bundled, minified and stubbed as the CLI
 * is (bench/vite.floor.config.ts) and with the CLI's V8 flag — and nothing else of wxcred. Figure
 * 2 runs it beside the CLI and the bare node:http script, as a second floor that is not wxcred's.
 */
import v8 from 'node:v8';
import { Agent, request } from '../src/core/wechat/undici';

v8.setFlagsFromString('--liftoff-only');
const agent = new Agent();
const body = JSON.stringify({ grant_type: 'client_credential', appid: process.env.WX_BENCH_APPID, secret: process.env.WX_BENCH_SECRET, force_refresh: false });
const reply = await request(agent, new URL(`${process.env.WXCRED_API_BASE}/cgi-bin/stable_token`), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});
const parsed = JSON.parse(await reply.body.text()) as { access_token?: string };
console.log(parsed.access_token ? 'ok' : 'fail');
await agent.close();
