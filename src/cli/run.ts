/**
 * The runner: picks the command, parses its arguments, runs it, prints the Report (human lines or
 * exactly one JSON object) and returns the exit status. Every byte it prints passes the redactor.
 */
import { CliFailure, helpHint, parseCommandArgs, refuseSecretArgument, usageError } from './args';
import { commands, findCommand, type Report } from './commands';
import { errorDetails, errorHeadline, errorJson, exitCodeOf, exitCodes, type CliError } from './format';
import { commandHelp, topHelp } from './help';
import type { Io } from './io';

/** Wraps io so that no registered secret can be printed, whichever path produced the text. */
function redactingIo(io: Io): { io: Io; redact: (value: string) => void } {
  const secrets: string[] = [];
  const scrub = (text: string): string => secrets.reduce((t, s) => t.split(s).join('***'), text);
  return {
    io: { ...io, stdout: (text) => io.stdout(scrub(text)), stderr: (text) => io.stderr(scrub(text)) },
    redact: (value) => {
      if (value) secrets.push(value);
    },
  };
}

export async function run(argv: readonly string[], rawIo: Io, now: () => number = Date.now): Promise<number> {
  const { io, redact } = redactingIo(rawIo);
  const json = argv.includes('--json');
  const [name, ...args] = argv;

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
      const topic = name === 'help' ? args[0] : undefined;
      const command = topic === undefined ? undefined : findCommand(topic);
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
      now,
    });
    if (!report.ok) return fail(report.error, report.lines);
    if (report.printed) return exitCodes.ok;
    io.stdout(json ? JSON.stringify({ ok: true, ...report.data }) : report.lines.join('\n'));
    return exitCodes.ok;
  } catch (thrown) {
    if (thrown instanceof CliFailure) return fail(thrown.error);
    // A bug: say so without the message, which could hold request data.
    const kind = thrown instanceof Error ? thrown.name : typeof thrown;
    if (io.env.WXCRED_DEBUG && thrown instanceof Error) io.stderr(thrown.stack ?? '');
    return fail({ kind: 'internal', message: `unexpected ${kind} inside wxcred (set WXCRED_DEBUG=1 for the stack)` });
  }
}
