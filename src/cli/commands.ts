/**
 * The command table: each command's options, help and run function. A run function opens what it
 * needs, calls the contract, and returns a Report; the runner prints it. Commands whose endpoints
 * are not in this build have no `run` yet: adding one is one function here.
 */
import { cliLanes, type TokenInfo, type TokenLane } from '../contract';
import { appOptions, openHandlers, withApp, type OpenedApp } from './app';
import { commonOptions, usageError, CliFailure, type OptionTable, type Values } from './args';
import {
  entryLines,
  entrySummary,
  errorDetails,
  errorHeadline,
  formatDuration,
  laneText,
  maskToken,
  routeJson,
  routeText,
  type CliError,
} from './format';
import type { Io } from './io';
import { call, permissions } from './api';
import { jssdkCommands } from './jssdk';
import type { SensitiveRegistry } from '../core/log/sensitive';
import { callbackOptions, runCallback } from './callback';
import { runJscode2session, runOAuth, runUserinfo } from './oauth';
import { simulatorCommand } from './simulator';

export interface CommandContext {
  command: string;
  values: Values;
  /** Every value of each option that may be repeated. */
  lists: Record<string, string[]>;
  positionals: string[];
  io: Io;
  /** A line on stderr, now (warnings must precede the call they warn about). */
  warn(line: string): void;
  /** Registers a value (a secret read from env/stdin) that must never appear in any output. */
  redact(value: string): void;
  /** Everything the run learnt must not be printed (secrets, whatever their source). */
  sensitive?: SensitiveRegistry;
  now(): number;
}

export type Report =
  /**
   * `exitCode` for a result that is not an error yet not a pass (diagnose: a mistake was found);
   * `printed`: the command wrote its own output already (a server that prints, then runs).
   */
  | { ok: true; data: Record<string, unknown>; lines: string[]; exitCode?: number; printed?: boolean }
  /** `lines` replaces the runner's default rendering of the error (e.g. check's verdict line). */
  | { ok: false; error: CliError; lines?: string[] }
  /** A checked thing answered wrong: the same fields as success under "ok": false, and its exit status. */
  | { ok: false; verdict: Record<string, unknown>; lines: string[]; exit: number };

export interface Command {
  name: string;
  summary: string;
  synopsis: string[];
  description: string[];
  options: OptionTable;
  /** Name and help of the positional argument, for commands that take one. */
  positional?: { name: string; help: string };
  examples: string[];
  run?: (ctx: CommandContext) => Promise<Report>;
}

export { commonOptions };

const INVALIDATES =
  'makes WeChat issue a new access_token: the token your other servers hold stops working, and they will fail with 40001 until they fetch again.';

/** Opens the app, runs `use`, always closes; a typed failure becomes a failed Report. */
function tokenJson(token: TokenInfo): Record<string, unknown> {
  return {
    appid: token.appid,
    lane: token.lane,
    expiresIn: token.expiresIn,
    expiresAt: token.expiresAt,
    fetchedAt: token.fetchedAt,
    fromCache: token.fromCache,
    apiBase: token.apiBase,
    route: routeJson(token.route),
  };
}

async function fetchToken(app: OpenedApp, lane: TokenLane): Promise<{ ok: true; token: TokenInfo } | { ok: false; error: CliError }> {
  try {
    // Reaching an invalidating lane means the user asked for it by flag; the warning is already out.
    const token = await app.call('getToken', { profileId: app.profile.id, lane, confirmInvalidate: lane !== 'stable' });
    return { ok: true, token };
  } catch (thrown) {
    if (thrown instanceof CliFailure) return { ok: false, error: thrown.error };
    throw thrown;
  }
}

function routeOf(error: CliError): string {
  return error.kind === 'wechat' || error.kind === 'network' ? `, via ${routeText(error.route)}` : '';
}

function laneFrom(ctx: CommandContext): TokenLane {
  const lane = ctx.values.lane === 'classic' ? 'classic' : 'stable';
  if (ctx.values.force) {
    if (lane === 'classic') throw usageError('--force applies to the stable lane only; --lane classic always issues a new token');
    ctx.warn(`wxcred: warning: --force (stable_token with force_refresh) ${INVALIDATES}`);
    return 'stable-forced';
  }
  if (lane === 'classic') ctx.warn(`wxcred: warning: --lane classic (/cgi-bin/token) ${INVALIDATES}`);
  return lane;
}

const laneOption: OptionTable = {
  lane: {
    type: 'string',
    value: cliLanes.join('|'),
    choices: cliLanes,
    help: 'stable (default): /cgi-bin/stable_token, returns the token production already holds. classic: /cgi-bin/token, invalidates it',
  },
};

const check: Command = {
  name: 'check',
  summary: 'can this machine get an access_token for the app? (invalidates nothing by default)',
  synopsis: ['wxcred check (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) [--lane stable|classic] [--domain D] [--proxy URL] [--json]'],
  description: [
    'Fetches a token on the stable lane (force_refresh: false), which returns the token your servers',
    'already hold and breaks nothing, and prints one line: whether this machine can get a token.',
    'On failure it prints the errcode, what it means and how to fix it; for an IP-whitelist failure',
    '(40164, 61004) it prints the IP WeChat saw, which is the one to whitelist.',
  ],
  options: { ...appOptions, ...laneOption, ...commonOptions },
  examples: [
    'WX_SECRET=… wxcred check --appid wx0123456789abcdef --secret-env WX_SECRET',
    'wxcred check --appid wx0123456789abcdef --secret-stdin < /run/secrets/wx',
    'wxcred check --profile "My 公众号" --proxy http://egress.internal:3128 --json',
  ],
  async run(ctx) {
    const lane = laneFrom(ctx);
    return withApp(ctx, async (app) => {
      const result = await fetchToken(app, lane);
      if (!result.ok) {
        const { error } = result;
        return {
          ok: false,
          error,
          lines: [`fail  ${app.profile.appid} cannot get an access_token (${laneText(lane)}${routeOf(error)}): ${errorHeadline(error)}`, ...errorDetails(error)],
        };
      }
      const { token } = result;
      const left = formatDuration(token.expiresAt - ctx.now());
      return {
        ok: true,
        data: tokenJson(token),
        lines: [`ok  ${token.appid} can get an access_token (${laneText(token.lane)}, expires in ${left}, via ${routeText(token.route)})`],
      };
    });
  },
};

const token: Command = {
  name: 'token',
  summary: 'fetch an access_token and print it masked (--show prints it whole)',
  synopsis: [
    'wxcred token (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) [--lane stable|classic] [--force] [--show] [--domain D] [--proxy URL] [--json]',
  ],
  description: [
    'Fetches a token (stable lane by default, which invalidates nothing) and prints it masked to its',
    'first 6 and last 4 characters, with its expiry. --force and --lane classic make WeChat issue a',
    'NEW token, which breaks the one your servers hold; wxcred warns on stderr and goes ahead.',
  ],
  options: {
    ...appOptions,
    ...laneOption,
    force: { type: 'boolean', help: 'stable lane with force_refresh: true (invalidates the token your servers hold)' },
    show: { type: 'boolean', help: 'print the whole token (it grants API access: mind your scrollback and logs)' },
    ...commonOptions,
  },
  examples: [
    'wxcred token --profile wx0123456789abcdef',
    'wxcred token --appid wx0123456789abcdef --secret-env WX_SECRET --show --json',
  ],
  async run(ctx) {
    const lane = laneFrom(ctx);
    const show = ctx.values.show === true;
    return withApp(ctx, async (app) => {
      const result = await fetchToken(app, lane);
      if (!result.ok) return { ok: false, error: result.error };
      const { token } = result;
      const shown = show ? token.accessToken : maskToken(token.accessToken);
      const left = formatDuration(token.expiresAt - ctx.now());
      return {
        ok: true,
        data: { ...tokenJson(token), accessToken: shown, masked: !show },
        lines: [
          `access_token  ${shown}${show ? '' : '  (masked; --show prints it whole)'}`,
          `expires in    ${left}, at ${new Date(token.expiresAt).toISOString()}  (${laneText(token.lane)}${token.fromCache ? ', cached' : ''}, via ${routeText(token.route)})`,
        ],
      };
    });
  },
};

const errcode: Command = {
  name: 'errcode',
  summary: 'look up a WeChat errcode, or search the built-in table by text',
  synopsis: ['wxcred errcode <code | text> [--json]', 'wxcred errcode --list [--json]'],
  description: [
    'A number prints that code\'s entry: WeChat\'s Chinese text, an English meaning, and for common',
    'codes the cause and the fix. Anything else searches codes and texts (e.g. "ip whitelist").',
  ],
  options: {
    list: { type: 'boolean', help: 'print the whole built-in table' },
    ...commonOptions,
  },
  positional: { name: '<code | text>', help: 'an errcode such as 40164 or -1, or words to search for' },
  examples: ['wxcred errcode 40164', 'wxcred errcode invalid ip --json', 'wxcred errcode --list --json > errcodes.json'],
  async run(ctx) {
    const query = ctx.positionals.join(' ').trim();
    if (ctx.values.list) {
      if (query) throw usageError('--list takes no code or text', 'use either wxcred errcode --list or wxcred errcode <code | text>');
      const table = (await import('../core/errcodes')).allErrcodes();
      return { ok: true, data: { count: table.length, entries: table }, lines: table.map(entrySummary) };
    }
    if (!query) throw usageError('give an errcode or some text to search for', 'e.g. wxcred errcode 40164');
    // No app, no secret: these channels need neither, but still go through the same handlers.
    const app = openHandlers(ctx.io, null, undefined, undefined, ctx.sensitive);
    try {
      if (/^-?\d+$/.test(query)) {
        const entry = await app.call('lookupErrcode', { code: Number(query) });
        return {
          ok: true,
          data: { code: Number(query), entry },
          lines: entry ? entryLines(entry) : [`${query}  is not in wxcred's errcode table (try: wxcred errcode <words from the errmsg>)`],
        };
      }
      const results = await app.call('searchErrcodes', { query, limit: 50 });
      return {
        ok: true,
        data: { query, results },
        lines: results.length ? results.map(entrySummary) : [`no errcode matches "${query}"`],
      };
    } finally {
      await app.close();
    }
  },
};

const oauth: Command = {
  name: 'oauth',
  summary: 'exchange a 网页授权 code (or the redirect URL holding it) for openid / unionid',
  synopsis: ['wxcred oauth (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) --code <code | redirect URL> [--userinfo] [--show] [--json]'],
  description: [
    'Exchanges an OAuth code from a 网页授权 redirect (sns/oauth2/access_token) and prints the openid,',
    'unionid and scope; --userinfo also fetches the user\'s profile (snsapi_userinfo scope only).',
    'A code works once and for five minutes.',
  ],
  options: {
    ...appOptions,
    code: { type: 'string', value: 'CODE|URL', help: 'the code, or the whole redirect URL it arrived on' },
    userinfo: { type: 'boolean', help: 'also fetch sns/userinfo with the resulting access_token' },
    show: { type: 'boolean', help: 'print the access_token and refresh_token whole (they act as the user: mind your scrollback)' },
    ...commonOptions,
  },
  examples: ['wxcred oauth --profile site --code "https://example.com/cb?code=061abc&state=x"'],
  run: runOAuth,
};

const jscode2session: Command = {
  name: 'jscode2session',
  summary: 'exchange a mini-program js_code (wx.login) for openid / unionid',
  synopsis: ['wxcred jscode2session (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) --js-code CODE [--json]'],
  description: ['Calls sns/jscode2session with a js_code from wx.login() and prints the openid and unionid (the session_key is never printed).'],
  options: {
    ...appOptions,
    'js-code': { type: 'string', value: 'CODE', help: 'the js_code from wx.login()' },
    ...commonOptions,
  },
  examples: ['wxcred jscode2session --profile my-miniprogram --js-code 0a1B2c…'],
  run: runJscode2session,
};

const userinfo: Command = {
  name: 'userinfo',
  summary: 'fetch a follower\'s profile by openid (cgi-bin/user/info)',
  synopsis: ['wxcred userinfo (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) --openid OPENID [--lang zh_CN|zh_TW|en] [--json]'],
  description: ['Fetches a token on the stable lane and calls cgi-bin/user/info for the openid.'],
  options: {
    ...appOptions,
    openid: { type: 'string', value: 'OPENID', help: 'the user\'s openid for this app' },
    lang: { type: 'string', value: 'zh_CN|zh_TW|en', choices: ['zh_CN', 'zh_TW', 'en'], help: 'language of the returned texts (default zh_CN)' },
    ...commonOptions,
  },
  examples: ['wxcred userinfo --profile my-account --openid oABC…'],
  run: runUserinfo,
};

const callback: Command = {
  name: 'callback',
  summary: 'be WeChat for your callback server: signatures, message crypto, the handshake and sample pushes',
  synopsis: [
    'wxcred callback sign --token-env VAR --timestamp T --nonce N [--json]',
    'wxcred callback decrypt --token-env VAR --aes-key-env VAR --appid A --timestamp T --nonce N --msg-signature S (--encrypt BASE64 | --body-file F) [--json]',
    'wxcred callback verify --url URL --token-env VAR [--json]',
    'wxcred callback push --url URL --token-env VAR [--mode plain|compatible|safe --aes-key-env VAR --appid A] [--message text|subscribe] [--json]',
  ],
  description: [
    'sign     prints the signature WeChat sends: sha1 of Token, timestamp and nonce, sorted and joined.',
    'decrypt  checks msg_signature and decrypts a pushed message with the EncodingAESKey; exit 1 when the',
    '         signature or the AppID inside does not match.',
    'verify   sends the GET handshake to URL exactly as WeChat does (its User-Agent, 5 s deadline) and says',
    '         whether the reply is echostr byte for byte, and why not.',
    'push     POSTs a sample message in the chosen mode and judges the reply (success, empty or a passive reply).',
    'verify and push exit 0 when the server passed, 1 when it answered wrong, 3 when it could not be reached',
    'or took more than 5 seconds. The Token and the EncodingAESKey come only from the environment or stdin.',
  ],
  options: { ...callbackOptions, ...commonOptions },
  positional: { name: '<sign | decrypt | verify | push>', help: 'what to do' },
  examples: [
    'WX_TOKEN=… wxcred callback verify --url https://example.com/wx --token-env WX_TOKEN',
    'wxcred callback push --url https://example.com/wx --token-env WX_TOKEN --mode safe --aes-key-env WX_AES --appid wx0123456789abcdef --json',
    'wxcred callback decrypt --token-env WX_TOKEN --aes-key-env WX_AES --appid wx0123456789abcdef --timestamp 1409304348 --nonce xxxxxx --msg-signature 0c… --body-file push.xml',
  ],
  run: runCallback,
};

export const commands: readonly Command[] = [check, token, errcode, oauth, jscode2session, userinfo, callback, call, permissions, ...jssdkCommands, simulatorCommand];

export const findCommand = (name: string): Command | undefined => commands.find((c) => c.name === name);
