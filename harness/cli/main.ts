/**
 * The `evenhand` command line: parses arguments with yargs and dispatches to one module per command (run-cli.ts).
 *
 *   protocol + dataset manifest
 *     -> replay / simulate   (searches.arrow + candidates.arrow: the contract)
 *     -> analyse             (results.json)
 *     -> report              (reports/<campaign>/)
 *
 * Exit codes: 0 done; 1 an internal failure; 2 bad input (one line per problem, naming the file or option first);
 * 3 a missing system tool.
 */
import { hideBin } from 'yargs/helpers';
import { runCli } from './run-cli.ts';

// A reader that stops early (`evenhand plan | head`) is not an error: end quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await runCli(hideBin(process.argv));
