/**
 * Argument parsing on node:util parseArgs (strict), with the CLI's own messages: one line saying
 * what is wrong and one hint, never an echo of a value that might be a secret.
 */
import { parseArgs } from 'node:util';
import type { CliError } from './format';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. "VAR" for --secret-env VAR. */
  value?: string;
  help: string;
  /** Allowed values of a string option. */
  choices?: readonly string[];
  short?: string;
  /** May be given more than once (e.g. --query k=v --query k2=v2); every value lands in `lists`. */
  multiple?: boolean;
}
export type OptionTable = Record<string, OptionSpec>;
export type Values = Record<string, string | boolean | undefined>;

/** The options every command takes. */
export const commonOptions: OptionTable = {
  json: { type: 'boolean', help: 'print exactly one JSON object on stdout: { "ok": true, ... } or { "ok": false, "error": {...} }' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

/** Thrown anywhere in the CLI for a failure that is already typed; the runner prints it. */
export class CliFailure extends Error {
  constructor(readonly error: CliError) {
    super(error.kind === 'wechat' ? `errcode ${error.errcode}` : error.message);
    this.name = 'CliFailure';
  }
}

export const usageError = (message: string, hint?: string): CliFailure =>
  new CliFailure({ kind: 'usage', message, ...(hint ? { hint } : {}) });

export const helpHint = (command?: string): string =>
  command ? `run "wxcred ${command} --help" to see its options` : 'run "wxcred --help" to see the commands';

export const SECRET_REFUSED =
  '--secret is not accepted: a secret on the command line ends up in shell history, `ps` output and CI logs.';
const SECRET_HINT = 'use --profile <label-or-appid> (keychain), --secret-env VAR, or --secret-stdin (e.g. < secret.txt)';

/** `--secret` and `--secret=…` are refused before parsing, so the value is never looked at or echoed. */
export function refuseSecretArgument(args: readonly string[]): void {
  for (const arg of args) {
    if (arg === '--') return;
    if (arg === '--secret' || arg.startsWith('--secret=') || arg === '--appsecret' || arg.startsWith('--appsecret=')) {
      throw usageError(SECRET_REFUSED, SECRET_HINT);
    }
  }
}

export interface Parsed {
  values: Values;
  /** Every value of each `multiple` option, in order. */
  lists: Record<string, string[]>;
  positionals: string[];
}

/** WeChat errcodes can be negative (-1): "-1" is a code, not an option. */
const NEGATIVE_NUMBER = /^-\d+$/;

export function parseCommandArgs(command: string, args: readonly string[], options: OptionTable, takesPositionals: boolean): Parsed {
  refuseSecretArgument(args);
  const negatives = takesPositionals ? args.filter((a) => NEGATIVE_NUMBER.test(a)) : [];
  const rest = takesPositionals ? args.filter((a) => !NEGATIVE_NUMBER.test(a)) : [...args];
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(
        Object.entries(options).map(([name, spec]) => [
          name,
          { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
        ]),
      ),
      strict: true,
      allowPositionals: takesPositionals,
    });
  } catch (thrown) {
    throw usageError(parseErrorMessage(thrown, options), helpHint(command));
  }
  const values: Values = {};
  const lists: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    values[name] = Array.isArray(value) ? value[value.length - 1] : value;
    if (options[name]?.multiple) lists[name] = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  }
  for (const [name, spec] of Object.entries(options)) {
    const value = values[name];
    if (spec.type === 'string' && typeof value === 'string') {
      if (value.trim() === '') throw usageError(`--${name} needs a value`, helpHint(command));
      if (spec.choices && !spec.choices.includes(value)) {
        throw usageError(`--${name} must be one of ${spec.choices.join(', ')}`, helpHint(command));
      }
    }
  }
  return { values, lists, positionals: [...parsed.positionals, ...negatives] };
}

/** parseArgs's messages, reworded; the offending option's name is kept, its value never. */
function parseErrorMessage(thrown: unknown, options: OptionTable): string {
  const code = (thrown as { code?: unknown }).code;
  const message = thrown instanceof Error ? thrown.message : '';
  const name = /'(-{1,2}[^' =<]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${name ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      const spec = name ? options[name.replace(/^-+/, '')] : undefined;
      if (spec?.type === 'boolean') return `${name} is a switch and takes no value`;
      return `${name ?? 'an option'} needs a value${spec?.value ? ` (${spec.value})` : ''}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      // The stray argument is not repeated: it may be a secret typed in the wrong place.
      return 'unexpected argument: this command takes options only';
    default:
      return 'could not read the arguments';
  }
}
