/**
 * The `evenhand` command line: parses arguments with yargs and dispatches to one module per command.
 *
 *   protocol + dataset manifest
 *     -> replay / simulate   (searches.arrow + candidates.arrow: the contract)
 *     -> analyse             (results.json)
 *     -> report              (reports/<campaign>/)
 *
 * Bad input (InputError) prints its message and exits with code 2; other failures exit with code 1.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../core/input-error.ts';
import { commandsFor } from './commands.ts';

async function main(argv: string[]): Promise<void> {
  const cli = yargs(argv)
    .scriptName('evenhand')
    .usage('evenhand <command> [options]\n\nTest whether live facial recognition treats demographic groups equitably.')
    .strict()
    .demandCommand(1, 'Name a command: evenhand --help lists them.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`evenhand: ${msg}\nRun with --help for usage.\n`);
      process.exit(2);
    });
  for (const command of await commandsFor(argv)) cli.command(command);
  await cli.parseAsync();
}

try {
  await main(hideBin(process.argv));
} catch (err) {
  if (err instanceof InputError) {
    process.stderr.write(`evenhand: bad input\n${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`evenhand: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
