/** Option definitions shared by several commands, so each is described (and checked) once. */
import type { Options } from 'yargs';
import { InputError, show } from '../core/input-error.ts';
import { pathOption, type CheckedOption } from './option-values.ts';

export const protocolOption: Options = pathOption('--protocol', 'Campaign protocol file (JSON or YAML), e.g. protocols/npl-2023-lfr.json');

export const outOption = (what: string): Options => ({
  ...pathOption('--out', `Output folder for ${what}; written whole or not at all. An existing folder is replaced only when it is an earlier output of this command (never a folder holding this command's inputs)`),
});

/** `--allow-root DIR` (repeatable): more folders a manifest's (or list's) paths may lie in, besides its own folder. */
export const allowRootOption: CheckedOption<string[]> & { default: string[] } = {
  type: 'string',
  array: true,
  default: [],
  describe: "A folder the dataset's files may also lie in, besides the manifest's own folder (repeat for several); every other path is refused",
  coerce: (values: unknown) => {
    const list: unknown[] = Array.isArray(values) ? values : [values];
    return list.map((v) => {
      if (typeof v !== 'string' || v.trim() === '') throw new InputError('--allow-root', [{ path: '', expected: 'a folder', got: show(v) }]);
      return v;
    });
  },
};

/** Writes a progress or status line to stderr (results go to files; stdout stays for summaries). */
export function say(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** The banner every output of simulated data carries. */
export const SIMULATED_BANNER = 'SIMULATED DATA: these searches were drawn from a score model, not recorded from people.';
