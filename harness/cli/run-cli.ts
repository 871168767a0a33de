/**
 * runCli: the `evenhand` command line from arguments to an exit code, without exiting, so tests run commands in the
 * same process through the real error path.
 *
 *   argv -> yargs (options checked as parsed) -> command handler -> exit code
 *     0  done
 *     1  a failure that is not the input's fault (printed with a hint to EVENHAND_DEBUG=1 for the stack)
 *     2  bad input: one line per problem, `<file or option>: <path>: expected ..., got ...`, nothing else first
 *     3  a missing system tool (Chromium for --pdf), set by the command
 */
import yargs, { type Argv } from 'yargs';
import { InputError } from '../core/input-error.ts';
import { errnoCode, fsReason } from '../core/messages.ts';
import { commands, commandsFor } from './commands.ts';
import { usageProblems } from './usage-problems.ts';

/** Where runCli writes its own messages (commands write progress to process.stderr themselves). */
export interface CliIo {
  stderr: (text: string) => void;
}

const processIo: CliIo = { stderr: (text) => void process.stderr.write(text) };

function commandNames(): string[] {
  return commands.map((c) => c.names[0] ?? '').filter((n) => n !== '');
}

async function build(argv: readonly string[]) {
  const cli = yargs([...argv])
    .scriptName('evenhand')
    .usage('evenhand <command> [options]\n\nTest whether live facial recognition treats demographic groups equitably.')
    .locale('en')
    .strict()
    .demandCommand(1, 'Name a command: evenhand --help lists them.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg: string | null, err: Error | undefined) => {
      // Errors from handlers pass through as they are; yargs's own messages and failed option checks are usage errors.
      if (err !== undefined && err.name !== 'YError') throw err;
      const problems = usageProblems(msg ?? err?.message ?? '', argv, commandNames());
      const first = problems[0];
      if (first === undefined) throw new InputError('command line', [{ path: '', expected: 'options as --help describes them', got: msg ?? '' }]);
      throw new InputError(first.option, problems.map((p) => ({ ...p.problem, file: p.option })));
    });
  // Only the named command's module is loaded (commands.ts); --help and unknown commands load them all.
  for (const command of await commandsFor(argv)) cli.command(command);
  skipHelpCache(cli);
  return cli;
}

/**
 * yargs renders the selected command's whole help text right after starting its handler, to have it ready should the
 * handler ask yargs to show help. No handler here does (and yargs renders the text afresh when asked), so that step,
 * 40-70 ms of text measuring (string-width, cliui) on every run, is skipped: through yargs' usage object, whose
 * `cacheHelpMessage` becomes a no-op, when it has that shape. A yargs without it renders as before; a test checks
 * that the installed yargs has it.
 * @returns whether the step was found and skipped
 */
export function skipHelpCache(cli: Argv): boolean {
  const usage = callMethod(callMethod(cli, 'getInternalMethods'), 'getUsageInstance');
  if (typeof usage !== 'object' || usage === null || !('cacheHelpMessage' in usage) || typeof usage.cacheHelpMessage !== 'function') return false;
  return Reflect.set(usage, 'cacheHelpMessage', () => undefined);
}

/** target[name]() when target is an object with that method, else undefined. */
function callMethod(target: unknown, name: string): unknown {
  if (typeof target !== 'object' || target === null) return undefined;
  const method: unknown = Reflect.get(target, name);
  return typeof method === 'function' ? Reflect.apply(method, target, []) : undefined;
}

/**
 * Runs the command line `argv` (without the node and script names) and returns its exit code.
 * @example process.exitCode = await runCli(process.argv.slice(2))
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await (await build(argv)).parseAsync();
    return Number(process.exitCode ?? 0);
  } catch (err) {
    return report(err, io);
  } finally {
    process.exitCode = before;
  }
}

/** Prints `err` as the exit code it maps to and returns that code. */
function report(err: unknown, io: CliIo): number {
  if (err instanceof InputError) {
    io.stderr(`${err.message}\n`);
    return 2;
  }
  const at = typeof err === 'object' && err !== null && 'path' in err && typeof err.path === 'string' ? err.path : null;
  if (errnoCode(err) !== null && at !== null) {
    // A filesystem error no check caught: still one named line, still bad input (a path the user gave).
    io.stderr(`${at}: expected a usable file or folder, got ${fsReason(err)}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  const stack = err instanceof Error && process.env['EVENHAND_DEBUG'] === '1' ? `\n${err.stack ?? ''}` : '';
  io.stderr(`evenhand: ${message}${stack}\n${stack === '' ? '(an internal error: run again with EVENHAND_DEBUG=1 for the stack trace, and report it)\n' : ''}`);
  return 1;
}
