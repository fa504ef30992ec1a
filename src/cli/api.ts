/**
 * `wxcred call` and `wxcred permissions`: the request console and the permission map from the
 * command line, through the same handlers. The token is added by wxcred, never typed.
 */
import { readFile, stat } from 'node:fs/promises';
import { catalogEntryOf, isReadOnlyCall, permissionProbes, type ApiMethod, type PermissionMap } from '../contract';
import { appOptions, withApp } from './app';
import { commonOptions, helpHint, usageError } from './args';
import type { Command, CommandContext, Report } from './commands';
import { routeJson, routeText } from './format';

const MAX_BODY_BYTES = 256 * 1024;

function queryFrom(ctx: CommandContext): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of ctx.lists.query ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw usageError(`--query takes name=value, e.g. --query next_openid=`, helpHint(ctx.command));
    query[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return query;
}

async function bodyFrom(ctx: CommandContext): Promise<string | undefined> {
  const data = ctx.values.data;
  if (typeof data !== 'string') return undefined;
  if (!data.startsWith('@')) return data;
  const file = data.slice(1);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw usageError(`--data @${file}: not a readable file`);
  if (info.size > MAX_BODY_BYTES) throw usageError(`--data @${file}: larger than ${MAX_BODY_BYTES} bytes`);
  return readFile(file, 'utf8');
}

async function runCall(ctx: CommandContext): Promise<Report> {
  const [methodArg, path, ...extra] = ctx.positionals;
  const method = methodArg?.toUpperCase();
  if ((method !== 'GET' && method !== 'POST') || path === undefined || extra.length > 0) {
    throw usageError('give the method and the path: wxcred call GET /cgi-bin/user/get …', helpHint(ctx.command));
  }
  if (!isReadOnlyCall(method, path) && ctx.values.confirm !== true) {
    const changes = catalogEntryOf(method as ApiMethod, path)?.changes;
    const why = changes ? changes.en : 'wxcred does not know this API, so it treats it as one that changes things';
    throw usageError(`${method} ${path} runs against production and ${why}; add --confirm to run it`);
  }
  const query = queryFrom(ctx);
  const body = await bodyFrom(ctx);
  return withApp(ctx, async (app) => {
    const result = await app.call('callApi', {
      profileId: app.profile.id,
      method,
      path,
      query,
      ...(body === undefined ? {} : { body }),
      confirm: ctx.values.confirm === true,
    });
    const pretty = JSON.stringify(result.reply, null, 2);
    if (result.errcode !== 0) {
      return {
        ok: false,
        error: { kind: 'wechat', errcode: result.errcode, errmsg: result.errmsg ?? '', endpoint: path, route: result.route, entry: result.entry },
        lines: [`${method} ${path} → errcode ${result.errcode}${result.entry ? ` (${result.entry.en})` : ''}, via ${routeText(result.route)}`, pretty],
      };
    }
    return {
      ok: true,
      data: { method, path, reply: result.reply, durationMs: result.durationMs, route: routeJson(result.route) },
      lines: [`ok  ${method} ${path} (${result.durationMs} ms, via ${routeText(result.route)})`, pretty],
    };
  });
}

const verdictText = { allowed: 'allowed', unauthorized: '48001 unauthorized', error: 'error' } as const;

function permissionLines(map: PermissionMap): string[] {
  const lines = [`ok  ${map.appid}: ${map.results.filter((r) => r.verdict === 'allowed').length} of ${map.results.length} API groups allowed`];
  for (const result of map.results) {
    const probe = permissionProbes.find((p) => p.id === result.probeId);
    const detail =
      result.verdict === 'allowed'
        ? ''
        : result.verdict === 'unauthorized'
          ? ` — usually needs: ${probe?.requires.en ?? '?'}`
          : ` — ${result.errcode ?? 'network'} ${result.entry?.en ?? result.errmsg ?? ''}`;
    lines.push(`  ${verdictText[result.verdict].padEnd(20)} ${(probe?.group.en ?? result.probeId).padEnd(40)} ${result.path}${detail}`);
  }
  return lines;
}

async function runPermissions(ctx: CommandContext): Promise<Report> {
  return withApp(ctx, async (app) => {
    const map = await app.call('runPermissionMap', { profileId: app.profile.id });
    return {
      ok: true,
      data: { appid: map.appid, ranAt: map.ranAt, results: map.results.map((r) => ({ ...r, route: r.route ? routeJson(r.route) : null })) },
      lines: permissionLines(map),
    };
  });
}

export const call: Command = {
  name: 'call',
  summary: 'call any WeChat API with the app\'s access_token (read-only ones directly, others with --confirm)',
  synopsis: ['wxcred call GET|POST PATH (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) [--query k=v ...] [--data JSON | --data @file] [--confirm] [--json]'],
  description: [
    'Sends one request to the app\'s API base with the access_token from the stable lane added by',
    'wxcred (never type a token). Calls wxcred knows to be read-only run directly; anything else runs',
    'against production and needs --confirm. The reply is printed; an errcode exits 1 with its meaning.',
  ],
  options: {
    ...appOptions,
    query: { type: 'string', value: 'NAME=VALUE', multiple: true, help: 'a query parameter (repeatable); access_token is added for you' },
    data: { type: 'string', value: 'JSON|@FILE', help: 'the JSON body of a POST, inline or from a file' },
    confirm: { type: 'boolean', help: 'run a call that changes things in production' },
    ...commonOptions,
  },
  positional: { name: 'METHOD PATH', help: 'GET or POST, and the API path, e.g. /cgi-bin/user/get' },
  examples: [
    'wxcred call GET /cgi-bin/user/get --profile my-account --query next_openid=',
    'wxcred call POST /cgi-bin/menu/create --profile my-account --data @menu.json --confirm',
  ],
  run: runCall,
};

export const permissions: Command = {
  name: 'permissions',
  summary: 'which API groups can this app call? (read-only probes; nothing changes)',
  synopsis: ['wxcred permissions (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) [--json]'],
  description: [
    'Calls a curated set of read-only APIs with the app\'s stable token and prints, for each API group,',
    'whether it is allowed, refused with 48001 (and what that permission usually needs), or another errcode.',
  ],
  options: { ...appOptions, ...commonOptions },
  examples: ['wxcred permissions --profile my-account'],
  run: runPermissions,
};
