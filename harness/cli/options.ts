/** Option definitions shared by several commands, so each is described once. */
import type { Options } from 'yargs';

export const protocolOption: Options = {
  type: 'string',
  demandOption: true,
  describe: 'Campaign protocol file (JSON or YAML), e.g. protocols/npl-2023-lfr.json',
};

export const outOption = (what: string): Options => ({
  type: 'string',
  demandOption: true,
  describe: `Output folder for ${what}; written whole or not at all (an existing folder is replaced)`,
});

/** Writes a progress or status line to stderr (results go to files; stdout stays for summaries). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The banner every output of simulated data carries. */
export const SIMULATED_BANNER = 'SIMULATED DATA: these searches were drawn from a score model, not recorded from people.';
