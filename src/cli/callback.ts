/**
 * `wxcred callback sign|decrypt|verify|push`: the server URL lab from a terminal. The Token and
 * the EncodingAESKey come only from the environment or stdin; they go into a throwaway profile's
 * in-memory store and through the same handlers as the desktop app.
 */
import { readFile, stat } from 'node:fs/promises';
import type { CallbackMessage, CallbackMode, CallbackSecretKind, HandshakeResult, LiveVerdict, PushResult } from '../contract';
import { CALLBACK_MAX_BODY } from '../contract/constants';
import { openHandlers, type ContractCaller } from './app';
import { CliFailure, helpHint, usageError, type OptionTable } from './args';
import type { CommandContext, Report } from './commands';
import { exitCodes } from './format';

export const callbackActions = ['sign', 'decrypt', 'verify', 'push'] as const;
type Action = (typeof callbackActions)[number];

/** No AppID is involved in signatures or the handshake; the throwaway profile still needs one. */
const NO_APPID = 'wx0000000000000000';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const callbackOptions: OptionTable = {
  'token-env': { type: 'string', value: 'VAR', help: 'read the Token from the environment variable VAR' },
  'token-stdin': { type: 'boolean', help: 'read the Token from stdin (one trailing newline is dropped)' },
  'aes-key-env': { type: 'string', value: 'VAR', help: 'read the EncodingAESKey (43 characters) from the environment variable VAR' },
  'aes-key-stdin': { type: 'boolean', help: 'read the EncodingAESKey from stdin' },
  appid: { type: 'string', value: 'APPID', help: 'the AppID encrypted messages carry (decrypt; push in compatible or safe mode)' },
  timestamp: { type: 'string', value: 'T', help: 'the timestamp from the callback URL' },
  nonce: { type: 'string', value: 'N', help: 'the nonce from the callback URL' },
  'msg-signature': { type: 'string', value: 'S', help: 'the msg_signature from the callback URL' },
  encrypt: { type: 'string', value: 'BASE64', help: 'the Encrypt value of the pushed message' },
  'body-file': { type: 'string', value: 'F', help: 'a file holding the pushed body (XML with <Encrypt>, or the JSON form)' },
  url: { type: 'string', value: 'URL', help: 'your server URL, as entered in 服务器配置' },
  mode: { type: 'string', value: 'plain|compatible|safe', choices: ['plain', 'compatible', 'safe'], help: '明文 (default), 兼容 or 安全 mode' },
  message: { type: 'string', value: 'text|subscribe', choices: ['text', 'subscribe'], help: 'the sample push: a text message (default) or a subscribe event' },
};

const str = (ctx: CommandContext, name: string): string | undefined => {
  const value = ctx.values[name];
  return typeof value === 'string' ? value.trim() : undefined;
};

function need(ctx: CommandContext, name: string, what: string): string {
  const value = str(ctx, name);
  if (value === undefined) throw usageError(`--${name} is required: ${what}`, helpHint(ctx.command));
  return value;
}

const flags: Record<CallbackSecretKind, { env: string; stdin: string; what: string }> = {
  token: { env: 'token-env', stdin: 'token-stdin', what: 'Token' },
  aesKey: { env: 'aes-key-env', stdin: 'aes-key-stdin', what: 'EncodingAESKey' },
};

/** From the environment or stdin only; never from an argument, so never in shell history or `ps`. */
async function readSecret(ctx: CommandContext, kind: CallbackSecretKind, required: boolean): Promise<string | undefined> {
  const { env, stdin, what } = flags[kind];
  const fromEnv = str(ctx, env);
  const fromStdin = ctx.values[stdin] === true;
  if (fromEnv !== undefined && fromStdin) throw usageError(`use --${env} or --${stdin} for the ${what}, not both`);
  let value: string | undefined;
  if (fromEnv !== undefined) {
    if (!ENV_NAME.test(fromEnv)) throw usageError(`--${env} takes the NAME of an environment variable, e.g. --${env} WX_${kind === 'token' ? 'TOKEN' : 'AES_KEY'}`);
    value = ctx.io.env[fromEnv];
    if (value === undefined || value === '') throw usageError(`the environment variable ${fromEnv} is not set or is empty`);
  } else if (fromStdin) {
    if (ctx.io.stdinIsTTY) throw usageError(`--${stdin} reads a pipe or a file, not the terminal (what you type would be shown)`);
    const read = await ctx.io.readStdin(4096);
    if (read === null) throw usageError(`--${stdin}: stdin holds more than 4096 bytes`);
    value = read.replace(/\r?\n$/, '');
    if (value === '') throw usageError(`--${stdin}: stdin was empty`);
  } else if (required) {
    throw usageError(`say where the ${what} comes from: --${env} VAR or --${stdin}`, helpHint(ctx.command));
  }
  if (value !== undefined) ctx.redact(value);
  return value;
}

async function withLab(ctx: CommandContext, appid: string, use: (lab: ContractCaller, profileId: string) => Promise<Report>, secrets: Partial<Record<CallbackSecretKind, string>>): Promise<Report> {
  const lab = openHandlers(ctx.io, null, undefined, undefined, ctx.sensitive);
  try {
    const profile = await lab.call('saveProfile', { label: 'wxcred callback', appid, kind: 'official-account' });
    for (const kind of ['token', 'aesKey'] as const) {
      const value = secrets[kind];
      if (value !== undefined) await lab.call('setCallbackSecret', { profileId: profile.id, kind, value });
    }
    return await use(lab, profile.id);
  } catch (thrown) {
    if (thrown instanceof CliFailure) return { ok: false, error: thrown.error };
    throw thrown;
  } finally {
    await lab.close();
  }
}

const verdictJson = (v: LiveVerdict) => ({
  cause: { code: v.cause.code, en: v.cause.en, zh: v.cause.zh },
  fix: v.fix ? { en: v.fix.en, zh: v.fix.zh } : null,
});

const exitOf = (v: LiveVerdict): number => (v.outcome === 'passed' ? exitCodes.ok : v.outcome === 'wrong' ? exitCodes.wechat : exitCodes.network);

function verdictLines(v: LiveVerdict, extra: string[]): string[] {
  return [
    `${v.ok ? 'ok  ' : 'fail'}  ${v.cause.en}`,
    ...extra,
    ...(v.fix ? [`fix    ${v.fix.en}`] : []),
    ...v.notes.map((n) => `note   ${n.en}`),
  ];
}

/** A verdict as a Report: passed prints like any result; anything else exits 1 or 3 with the same fields. */
function verdictReport(v: LiveVerdict, data: Record<string, unknown>, lines: string[]): Report {
  if (v.ok) return { ok: true, data, lines };
  return { ok: false, verdict: data, lines, exit: exitOf(v) };
}

const shown = (text: string | null): string => (text === null ? '(no answer)' : JSON.stringify(text));

async function sign(ctx: CommandContext): Promise<Report> {
  const token = await readSecret(ctx, 'token', true);
  const timestamp = need(ctx, 'timestamp', 'the timestamp to sign');
  const nonce = need(ctx, 'nonce', 'the nonce to sign');
  return withLab(ctx, NO_APPID, async (lab, profileId) => {
    const signed = await lab.call('callbackSign', { profileId, timestamp, nonce });
    return {
      ok: true,
      data: { signature: signed.signature },
      lines: [`signature  ${signed.signature}`, `sha1 of    ${signed.sorted.map((p) => (p.value === null ? '<Token>' : p.value)).join(' + ')}  (sorted)`],
    };
  }, { token });
}

async function decrypt(ctx: CommandContext): Promise<Report> {
  const token = await readSecret(ctx, 'token', true);
  const aesKey = await readSecret(ctx, 'aesKey', true);
  const appid = need(ctx, 'appid', 'the AppID the message must carry');
  const timestamp = need(ctx, 'timestamp', 'the timestamp from the callback URL');
  const nonce = need(ctx, 'nonce', 'the nonce from the callback URL');
  const msgSignature = need(ctx, 'msg-signature', 'the msg_signature from the callback URL');
  const encrypt = str(ctx, 'encrypt');
  const file = str(ctx, 'body-file');
  if ((encrypt === undefined) === (file === undefined)) throw usageError('give the message as --encrypt BASE64 or --body-file F (one of them)', helpHint(ctx.command));
  let body = encrypt ?? '';
  if (file !== undefined) {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw usageError(`--body-file ${file}: no such file`);
    if (info.size > CALLBACK_MAX_BODY) throw usageError(`--body-file: larger than ${CALLBACK_MAX_BODY} bytes, which no WeChat message is`);
    body = await readFile(file, 'utf8');
  }
  return withLab(ctx, appid, async (lab, profileId) => {
    const result = await lab.call('callbackDecrypt', { profileId, body, timestamp, nonce, msgSignature });
    const data = { signatureValid: result.signatureValid === true, appid: result.appid, plaintext: result.plaintext };
    const lines = [
      `msg_signature  ${result.signatureValid ? 'valid' : `does not match (expected ${result.expectedSignature ?? '?'})`}`,
      `appid          ${result.appid === null ? '(not decrypted)' : `${result.appid}${result.appidMatches ? '' : `  (not ${appid})`}`}`,
      ...(result.problem ? [`problem        ${result.problem.text.en}`] : []),
      ...(result.plaintext === null ? [] : ['', result.plaintext]),
    ];
    if (result.signatureValid && result.appidMatches && result.problem === null) return { ok: true, data, lines };
    if (result.problem && ctx.values.json) ctx.warn(`wxcred: ${result.problem.text.en}`);
    return { ok: false, verdict: data, lines, exit: exitCodes.wechat };
  }, { token, aesKey });
}

async function verify(ctx: CommandContext): Promise<Report> {
  const token = await readSecret(ctx, 'token', true);
  const url = need(ctx, 'url', 'your server URL');
  return withLab(ctx, NO_APPID, async (lab, profileId) => {
    const r: HandshakeResult = await lab.call('callbackHandshake', { profileId, url });
    const data = { status: r.status, ms: r.ms, body: r.body, ...verdictJson(r) };
    return verdictReport(r, data, verdictLines(r, [`status ${r.status ?? '(none)'} in ${r.ms} ms`, `sent   echostr=${r.echostr}`, `body   ${shown(r.body)}`]));
  }, { token });
}

async function pushCommand(ctx: CommandContext): Promise<Report> {
  const mode = (str(ctx, 'mode') ?? 'plain') as CallbackMode;
  const token = await readSecret(ctx, 'token', true);
  const aesKey = await readSecret(ctx, 'aesKey', mode !== 'plain');
  const appid = mode === 'plain' ? (str(ctx, 'appid') ?? NO_APPID) : need(ctx, 'appid', 'encrypted pushes carry the AppID');
  const url = need(ctx, 'url', 'your server URL');
  const message = (str(ctx, 'message') ?? 'text') as CallbackMessage;
  return withLab(ctx, appid, async (lab, profileId) => {
    const r: PushResult = await lab.call('callbackPush', { profileId, url, mode, message });
    const data = { ms: r.ms, reply: r.reply, decryptedReply: r.decryptedReply, ...verdictJson(r) };
    const extra = [`status ${r.status ?? '(none)'} in ${r.ms} ms (${mode}, ${message})`, `reply  ${shown(r.reply)}`];
    if (r.decryptedReply !== null) extra.push(`decrypted  ${r.decryptedReply}`);
    return verdictReport(r, data, verdictLines(r, extra));
  }, { token, aesKey });
}

export async function runCallback(ctx: CommandContext): Promise<Report> {
  const [action, ...rest] = ctx.positionals;
  if (ctx.values['token-stdin'] === true && ctx.values['aes-key-stdin'] === true) {
    throw usageError('stdin can carry one secret: use --token-stdin or --aes-key-stdin, and an environment variable for the other');
  }
  if (rest.length > 0) throw usageError('give one action: sign, decrypt, verify or push', helpHint(ctx.command));
  if (!callbackActions.includes(action as Action)) {
    throw usageError(action === undefined ? 'say what to do: sign, decrypt, verify or push' : 'unknown action: use sign, decrypt, verify or push', helpHint(ctx.command));
  }
  switch (action as Action) {
    case 'sign':
      return sign(ctx);
    case 'decrypt':
      return decrypt(ctx);
    case 'verify':
      return verify(ctx);
    case 'push':
      return pushCommand(ctx);
  }
}
