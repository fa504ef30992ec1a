/**
 * The runner: picks the command, parses its arguments, runs it, prints the Report (human lines or
 * exactly one JSON object) and returns the exit status. Every byte it prints passes the redactor.
 */
import { CliFailure, helpHint, parseCommandArgs, refuseSecretArgument, usageError } from './args';
import { commands, findCommand, type Report } from './commands';
import { errorDetails, errorHeadline, errorJson, exitCodeOf, exitCodes, jsonSafe, terminalSafe, type CliError } from './format';
import { createSensitiveRegistry, type SensitiveRegistry } from '../core/log/sensitive';
import { commandHelp, topHelp } from './help';
import type { Io } from './io';

/**
 * Wraps io so that no secret the run knows can be printed, in any spelling, whichever path
 * produced the text, and no control sequence reaches the terminal. Tokens are the output of some
 * commands (token --show): dispatch has already kept them out of every other field.
 */
function safeIo(io: Io, json: boolean): { io: Io; redact: (value: string) => void; sensitive: SensitiveRegistry } {
  const sensitive = createSensitiveRegistry();
  // Values too short for the registry are still scrubbed in their raw form.
  const short: string[] = [];
  const scrub = (text: string): string => short.reduce((t, s) => t.split(s).join('***'), sensitive.redact(text, 'secrets'));
  const out = (text: string): string => terminalSafe(json ? jsonSafe(scrub(text)) : scrub(text));
  return {
    io: { ...io, stdout: (text) => io.stdout(out(text)), stderr: (text) => io.stderr(terminalSafe(scrub(text))) },
    redact: (value) => {
      if (!value) return;
      sensitive.add(value, 'secret');
      short.push(value);
    },
    sensitive,
  };
}

export async function run(argv: readonly string[], rawIo: Io, now: () => number = Date.now): Promise<number> {
  const json = argv.includes('--json');
  const { io, redact, sensitive } = safeIo(rawIo, json);
  // "jssdk sign" and its kind are one command: a group name and the word after it.
  const grouped = argv[0] !== undefined && argv[1] !== undefined && findCommand(`${argv[0]} ${argv[1]}`) !== undefined;
  const [name, ...args] = grouped ? [`${argv[0]} ${argv[1]}`, ...argv.slice(2)] : argv;

  const fail = (error: CliError, lines?: string[]): number => {
    if (json) {
      io.stdout(JSON.stringify({ ok: false, error: errorJson(error) }));
    } else if (lines) {
      io.stdout(lines.join('\n'));
    } else if (error.kind === 'usage' || error.kind === 'unavailable' || error.kind === 'validation') {
      // What the user must change in the command line: stderr, with a hint.
      io.stderr(`wxcred: ${error.message}`);
      if (error.kind === 'usage' && error.hint) io.stderr(`  hint: ${error.hint}`);
    } else {
      io.stdout([`error  ${errorHeadline(error)}`, ...errorDetails(error)].join('\n'));
    }
    return exitCodeOf(error);
  };

  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const pair = args[1] !== undefined ? `${args[0]} ${args[1]}` : undefined;
      const topic = name === 'help' ? (pair !== undefined && findCommand(pair) ? pair : args[0]) : undefined;
      const command = topic === undefined ? undefined : findCommand(topic);
      const group = topic === undefined ? [] : commands.filter((c) => c.name.startsWith(`${topic} `));
      if (!command && group.length > 0) {
        io.stdout(group.map((c) => commandHelp(c)).join('\n\n'));
        return exitCodes.ok;
      }
      if (topic !== undefined && !command) throw usageError(`unknown command "${topic}"`, helpHint());
      if (name === undefined) {
        io.stderr(topHelp(commands, io.version));
        return exitCodes.usage;
      }
      io.stdout(command ? commandHelp(command) : topHelp(commands, io.version));
      return exitCodes.ok;
    }
    if (name === '--version' || name === '-V') {
      io.stdout(io.version);
      return exitCodes.ok;
    }
    const command = findCommand(name);
    const group = commands.filter((c) => c.name.startsWith(`${name} `));
    if (!command && group.length > 0) {
      if (args.includes('--help') || args.includes('-h')) {
        io.stdout(group.map((c) => commandHelp(c)).join('\n\n'));
        return exitCodes.ok;
      }
      throw usageError(`wxcred ${name} needs one of: ${group.map((c) => c.name.slice(name.length + 1)).join(', ')}`, helpHint());
    }
    if (!command) {
      refuseSecretArgument(argv);
      throw usageError(
        name.startsWith('-') ? `give a command before the options (${name})` : `unknown command "${name}"`,
        `commands: ${commands.map((c) => c.name).join(', ')}; ${helpHint()}`,
      );
    }
    const { values, lists, positionals } = parseCommandArgs(command.name, args, command.options, command.positional !== undefined);
    if (values.help) {
      io.stdout(commandHelp(command));
      return exitCodes.ok;
    }
    if (!command.run) {
      throw new CliFailure({ kind: 'unavailable', message: `wxcred ${command.name} is not available in this build yet` });
    }
    const report: Report = await command.run({
      command: command.name,
      values,
      lists,
      positionals,
      io,
      warn: (line) => io.stderr(line),
      redact,
      sensitive,
      now,
    });
    if (!report.ok && 'verdict' in report) {
      io.stdout(json ? JSON.stringify({ ok: false, ...report.verdict }) : report.lines.join('\n'));
      return report.exit;
    }
    if (!report.ok) return fail(report.error, report.lines);
    if (report.printed) return exitCodes.ok;
    io.stdout(json ? JSON.stringify({ ok: true, ...report.data }) : report.lines.join('\n'));
    return report.exitCode ?? exitCodes.ok;
  } catch (thrown) {
    if (thrown instanceof CliFailure) return fail(thrown.error);
    // A bug: say so without the message, which could hold request data.
    const kind = thrown instanceof Error ? thrown.name : typeof thrown;
    if (io.env.WXCRED_DEBUG && thrown instanceof Error) io.stderr(thrown.stack ?? '');
    return fail({ kind: 'internal', message: `unexpected ${kind} inside wxcred (set WXCRED_DEBUG=1 for the stack)` });
  }
}
