/**
 * `wxcred jssdk ticket|sign|diagnose`: the JS-SDK lab from a shell. Credentials as for `check`;
 * sign and diagnose can take a pasted --ticket instead, and then need no app at all.
 */
import { jssdkCauses, ticketTypes, type JssdkDiagnosis, type TicketType } from '../contract';
import { appOptions, openApp, openHandlers, type ContractCaller } from './app';
import { CliFailure, helpHint, usageError, type OptionTable, type Values } from './args';
import type { Command, CommandContext, Report } from './commands';
import { formatDuration, maskToken, routeText } from './format';

const common: OptionTable = {
  json: { type: 'boolean', help: 'print exactly one JSON object on stdout' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};
const show: OptionTable = { show: { type: 'boolean', help: 'print the ticket whole (anyone holding it can sign pages for the app)' } };
const signing: OptionTable = {
  url: { type: 'string', value: 'URL', help: 'the page URL (location.href; everything from # on is dropped)' },
  noncestr: { type: 'string', value: 'N', help: 'the nonceStr the page passes to wx.config' },
  timestamp: { type: 'string', value: 'T', help: 'the timestamp the page passes to wx.config (seconds)' },
  ticket: { type: 'string', value: 'TICKET', help: 'sign with this jsapi_ticket instead of fetching the app\'s (no credentials needed)' },
};

const str = (values: Values, name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
const need = (values: Values, name: string, command: string): string => {
  const value = str(values, name);
  if (value === undefined) throw usageError(`--${name} is required`, helpHint(command));
  return value;
};

/** The ticket inside string1 (or anywhere), masked unless asked for. */
const hideTicket = (text: string, ticket: string, shown: boolean): string => (shown ? text : text.split(ticket).join(maskToken(ticket)));

/** With --ticket no app is opened; otherwise the app's credentials as for `check`. */
async function withSource(
  ctx: CommandContext,
  use: (caller: ContractCaller, source: { profileId: string } | { ticket: string }) => Promise<Report>,
): Promise<Report> {
  const ticket = str(ctx.values, 'ticket');
  if (ticket !== undefined) {
    const credentials = ['appid', 'profile', 'secret-env', 'secret-stdin'].filter((n) => ctx.values[n] !== undefined);
    if (credentials.length > 0) throw usageError(`use --ticket or --appid with credentials, not both (${credentials.map((n) => `--${n}`).join(', ')})`);
    // Printed only when asked for; otherwise scrubbed from every byte of output.
    if (ctx.values.show !== true) ctx.redact(ticket);
    const caller = openHandlers(ctx.io, null);
    try {
      return await use(caller, { ticket });
    } finally {
      await caller.close();
    }
  }
  if (ctx.values.appid === undefined && ctx.values.profile === undefined) {
    throw usageError('give --ticket, or --appid with --secret-env VAR / --secret-stdin (or --profile)', helpHint(ctx.command));
  }
  const app = await openApp({ command: ctx.command, values: ctx.values, io: ctx.io, redact: ctx.redact });
  try {
    return await use(app, { profileId: app.profile.id });
  } finally {
    await app.close();
  }
}

const failed = (thrown: unknown): Report => {
  if (thrown instanceof CliFailure) return { ok: false, error: thrown.error };
  throw thrown;
};

const ticket: Command = {
  name: 'jssdk ticket',
  summary: 'fetch the app\'s jsapi_ticket (or wx_card api_ticket), masked unless --show',
  synopsis: ['wxcred jssdk ticket (--appid APPID (--secret-env VAR | --secret-stdin) | --profile LABEL) [--type jsapi|wx_card] [--show] [--json]'],
  description: [
    'Fetches a stable access_token (invalidates nothing), then /cgi-bin/ticket/getticket. A 公众号 or',
    '测试号 only: 小程序 and 网站应用 have no JS-SDK.',
  ],
  options: {
    ...appOptions,
    type: { type: 'string', value: 'jsapi|wx_card', choices: ticketTypes, help: 'jsapi (default, for wx.config) or wx_card (card JS-SDK signatures)' },
    ...show,
    ...common,
  },
  examples: ['wxcred jssdk ticket --appid wx0123456789abcdef --secret-env WX_SECRET --json', 'wxcred jssdk ticket --profile my-account --type wx_card'],
  async run(ctx) {
    const type = (str(ctx.values, 'type') ?? 'jsapi') as TicketType;
    const shown = ctx.values.show === true;
    const app = await openApp({ command: ctx.command, values: ctx.values, io: ctx.io, redact: ctx.redact });
    try {
      const t = await app.call('getTicket', { profileId: app.profile.id, type });
      const text = shown ? t.ticket : maskToken(t.ticket);
      return {
        ok: true,
        data: { type: t.type, ticket: text, expiresIn: t.expiresIn },
        lines: [
          `${type === 'jsapi' ? 'jsapi_ticket' : 'api_ticket  '}  ${text}${shown ? '' : '  (masked; --show prints it whole)'}`,
          `expires in    ${formatDuration(t.expiresAt - ctx.now())}  (${t.fromCache ? 'cached, ' : ''}via ${routeText(t.route)})`,
        ],
      };
    } catch (thrown) {
      return failed(thrown);
    } finally {
      await app.close();
    }
  },
};

const sign: Command = {
  name: 'jssdk sign',
  summary: 'the wx.config signature for a page: string1 exactly as signed, and its sha1',
  synopsis: ['wxcred jssdk sign --url URL --noncestr N --timestamp T (--ticket TICKET | --appid APPID <credentials>) [--show] [--json]'],
  description: [
    'string1 = jsapi_ticket=…&noncestr=…&timestamp=…&url=… with raw values (no URL escaping) and the',
    'URL without its #fragment; the signature is its sha1 in lowercase hex. The ticket inside string1',
    'is masked unless --show.',
  ],
  options: { ...signing, ...appOptions, ...show, ...common },
  examples: [
    'wxcred jssdk sign --url "http://mp.weixin.qq.com?params=value" --noncestr Wm3WZYTPz0wzccnW --timestamp 1414587457 --ticket sM4A…',
    'wxcred jssdk sign --url https://www.example.com/page --noncestr abc --timestamp 1700000000 --profile my-account --json',
  ],
  async run(ctx) {
    const url = need(ctx.values, 'url', ctx.command);
    const noncestr = need(ctx.values, 'noncestr', ctx.command);
    const timestamp = need(ctx.values, 'timestamp', ctx.command);
    const shown = ctx.values.show === true;
    return withSource(ctx, async (caller, source) => {
      try {
        const signed = await caller.call('jssdkSign', { ...source, url, noncestr, timestamp });
        const ticketText = /^jsapi_ticket=([^&]*)&/.exec(signed.string1)?.[1] ?? '';
        const string1 = hideTicket(signed.string1, ticketText, shown);
        return {
          ok: true,
          data: { signature: signed.signature, string1 },
          lines: [`signature  ${signed.signature}`, `string1    ${string1}`, '', signed.configSnippet],
        };
      } catch (thrown) {
        return failed(thrown);
      }
    });
  },
};

function diagnosisLines(d: JssdkDiagnosis, hide: (text: string) => string): string[] {
  const lines = [
    d.match === 'exact' ? `ok  the signature is right for ${d.url}` : d.match ? `found  ${d.match}: ${d.explanation}` : `not found  ${d.explanation}`,
    `fix  ${d.fix}`,
  ];
  if (d.diff) {
    const marker = (text: string, marks: [number, number][]) => {
      let out = '';
      for (let i = 0; i < text.length; i++) out += marks.some(([s, e]) => i >= s && i < e) ? '^' : ' ';
      return out.trimEnd();
    };
    lines.push('', `expected  ${hide(d.diff.expected)}`);
    if (hide(d.diff.expected) === d.diff.expected) lines.push(`          ${marker(d.diff.expected, d.diff.expectedMarks)}`);
    lines.push(`${d.diff.comparedSource === 'pasted' ? 'server  ' : 'page    '}  ${hide(d.diff.compared)}`);
    if (hide(d.diff.compared) === d.diff.compared) lines.push(`          ${marker(d.diff.compared, d.diff.comparedMarks)}`);
  }
  if (d.domain) {
    lines.push(
      '',
      d.domain.register
        ? `JS接口安全域名: register ${d.domain.register} (a domain only: no scheme, no port, no path)`
        : `JS接口安全域名: ${d.domain.host} cannot be registered (${d.domain.problems.join(', ')}); serve the page from a domain on port 80/443`,
    );
  }
  lines.push('', 'tried:', ...d.tried.map((t) => `  ${t.cause.padEnd(15)}${t.signature}  ${t.url}`));
  return lines;
}

const diagnoseCommand: Command = {
  name: 'jssdk diagnose',
  summary: 'why does wx.config say "invalid signature"? which input was wrong, and the fix',
  synopsis: ['wxcred jssdk diagnose --url URL --noncestr N --timestamp T --signature S (--ticket TICKET | --appid APPID <credentials>) [--json]'],
  description: [
    'Recomputes the page\'s signature with the app\'s current ticket (and the one before it), then with',
    `each known mistake (${jssdkCauses.join(', ')}),`,
    'and reports the one that reproduces the page\'s signature. Exit 0 when the signature is right for',
    'the URL, 1 when a known mistake explains it or nothing does, 2 usage, 3 network.',
  ],
  options: {
    ...signing,
    signature: { type: 'string', value: 'S', help: 'the signature the page passed to wx.config' },
    'page-appid': { type: 'string', value: 'APPID', help: 'the appId the page passed to wx.config, if not the app\'s' },
    'landing-url': { type: 'string', value: 'URL', help: 'where a single-page app was first opened (iOS signs that one)' },
    string1: { type: 'string', value: 'S', help: 'the string1 your server logged, compared character by character' },
    ...appOptions,
    ...common,
  },
  examples: ['wxcred jssdk diagnose --url "https://www.example.com/a?from=singlemessage" --noncestr abc --timestamp 1700000000 --signature 0f9d… --profile my-account'],
  async run(ctx) {
    const url = need(ctx.values, 'url', ctx.command);
    const nonceStr = need(ctx.values, 'noncestr', ctx.command);
    const timestamp = need(ctx.values, 'timestamp', ctx.command);
    const signature = need(ctx.values, 'signature', ctx.command);
    return withSource(ctx, async (caller, source) => {
      let d: JssdkDiagnosis;
      try {
        d = await caller.call('jssdkDiagnose', {
          ...source,
          url,
          nonceStr,
          timestamp,
          signature,
          appId: str(ctx.values, 'page-appid'),
          landingUrl: str(ctx.values, 'landing-url'),
          string1: str(ctx.values, 'string1'),
        });
      } catch (thrown) {
        return failed(thrown);
      }
      const ticketText = /^jsapi_ticket=([^&]*)&/.exec(d.expectedString1)?.[1] ?? '';
      const hide = (text: string) => hideTicket(text, ticketText, false);
      return {
        ok: true,
        exitCode: d.match === 'exact' ? 0 : 1,
        data: {
          ok: d.match === 'exact',
          match: d.match,
          explanation: d.explanation,
          fix: d.fix,
          tried: d.tried.map((t) => ({ cause: t.cause, url: t.url, signature: t.signature })),
        },
        lines: diagnosisLines(d, hide),
      };
    });
  },
};

export const jssdkCommands: readonly Command[] = [ticket, sign, diagnoseCommand];
