/** The --help texts, built from the command table so options and help cannot drift apart. */
import type { OptionTable } from './args';
import type { Command } from './commands';

const SECRETS =
  'AppSecrets never come from an argument: use --profile (an app saved in the desktop app, secret in the\n' +
  'system keychain), --secret-env VAR (the name of an environment variable) or --secret-stdin.';

const EXIT =
  'Exit status: 0 ok, 1 WeChat returned an errcode, 2 usage error, 3 network failure, 4 keychain failure.\n' +
  'Results go to stdout (with --json: exactly one JSON object); warnings and usage errors to stderr.';

const ENVIRONMENT = [
  'Environment:',
  '  WXCRED_API_BASE   send every call here instead of WeChat (e.g. a test server)',
  '  WXCRED_USER_DATA  the desktop app\'s data folder (saved apps, settings, today\'s token counts); --user-data wins',
  '  HTTPS_PROXY, HTTP_PROXY, NO_PROXY   used when neither --proxy nor the profile names a proxy',
].join('\n');

function optionLines(options: OptionTable): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.help] as const;
  });
  const width = Math.min(34, Math.max(...rows.map(([flag]) => flag.length)) + 2);
  return rows.map(([flag, help]) => `  ${flag.length >= width ? `${flag}\n  ${' '.repeat(width)}` : flag.padEnd(width)}${help}`);
}

export function commandHelp(command: Command): string {
  const parts = [
    `wxcred ${command.name} — ${command.summary}${command.run ? '' : '\n(not available in this build yet)'}`,
    ['Usage:', ...command.synopsis.map((s) => `  ${s}`)].join('\n'),
    command.description.join('\n'),
  ];
  if (command.positional) parts.push(`Arguments:\n  ${command.positional.name}  ${command.positional.help}`);
  parts.push(['Options:', ...optionLines(command.options)].join('\n'));
  if ('secret-env' in command.options) parts.push(SECRETS);
  parts.push(EXIT, ['Examples:', ...command.examples.map((e) => `  ${e}`)].join('\n'));
  return parts.join('\n\n');
}

export function topHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `wxcred ${version} — test WeChat credentials from the machine that will use them`,
    'Usage:\n  wxcred <command> [options]\n  wxcred <command> --help',
    [
      'Commands:',
      ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}${c.run ? '' : ' (not available in this build yet)'}`),
    ].join('\n'),
    SECRETS,
    ENVIRONMENT,
    EXIT,
  ].join('\n\n');
}
