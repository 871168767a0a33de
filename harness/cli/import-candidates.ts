/** `evenhand import-candidates`: candidate lists of a vendor's batch run over a campaign's probes, into the contract. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { InputError } from '../core/input-error.ts';
import { importCandidates, loadScoreScale, writeImport, IMPORT_FILES, IMPORT_OUTPUT, type ScoreScale } from '../import/index.ts';
import { checkOutputTarget } from '../store/output-location.ts';
import { Bounds } from '../core/bounds.ts';
import { boundedOption, pathOption } from './option-values.ts';
import { outOption, say } from './options.ts';

interface Args { searches: string; lists: string; out: string; 'vendor-range'?: string; 'score-mapping'?: string; 'top-k': number; strict: boolean }

/** `--vendor-range 0,100` -> a linear scale from that range onto 0..1; absent -> identity. @throws InputError naming the option. */
export function parseVendorRange(text: string | undefined): ScoreScale {
  if (text === undefined) return { kind: 'identity' };
  const parts = text.split(',').map((x) => Number(x.trim()));
  const [lo, hi] = parts;
  if (parts.length !== 2 || lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi) || lo === hi) {
    throw new InputError('--vendor-range', [{ path: '', expected: 'two different numbers LOW,HIGH: the vendor scores that map to 0 and 1 (e.g. 0,100)', got: JSON.stringify(text) }]);
  }
  return { kind: 'linear', vendor: [lo, hi], evenhand: [0, 1] };
}

export const importCandidatesCommand: CommandModule<object, Args> = {
  command: 'import-candidates',
  describe: 'Import a vendor\'s candidate lists for a campaign\'s probes (probe id, rank, gallery id, score) into searches.arrow + candidates.arrow',
  builder: (y) => y
    .option('searches', pathOption('--searches', 'The searches.arrow whose search ids named the probes the vendor searched (from evenhand run)'))
    .option('lists', pathOption('--lists', 'The vendor\'s candidate lists: CSV with a header probe_id,rank,gallery_id,score (or .jsonl with those keys)'))
    .option('out', outOption('the import (searches.arrow, candidates.arrow, import.json)'))
    .option('vendor-range', { type: 'string', describe: 'The vendor\'s score range LOW,HIGH mapped linearly onto 0..1 (default: scores already on 0..1)' })
    .option('score-mapping', { ...pathOption('--score-mapping', 'A mapping file (YAML or JSON) whose score.scale maps the vendor\'s scores onto 0..1: identity, linear or table (an alert log\'s mapping file serves as it is; docs/black-box.md)', false), conflicts: 'vendor-range' })
    .option('top-k', boundedOption('--top-k', Bounds.topK, 'Candidates kept per probe', 10))
    .option('strict', { type: 'boolean', default: false, describe: 'Fail on any unusable row (default: leave it out, named and counted)' })
    .epilog('Each search keeps who it was (volunteer or crowd, mated or not, demographics); its scores come from the vendor\'s list for its probe. A search with no list had no candidate (no face found, or nothing returned). Lists for probes not among the searches are counted in import.json, never used. Then: evenhand analyse --searches OUT/searches.arrow --candidates OUT/candidates.arrow. Exit code 2 for bad input (nothing written).')
    .example('evenhand import-candidates --searches runs/x/faceplugin-v1/searches.arrow --lists vendor-lists.csv --vendor-range 0,100 --out runs/x/vendor', '')
    .example('evenhand import-candidates --searches runs/x/faceplugin-v1/searches.arrow --lists vendor-lists.csv --score-mapping vendor-a.yaml --out runs/x/vendor', 'scores mapped as the vendor\'s alert-log mapping file says'),
  handler: async (args) => {
    const inputs = [args.searches, args.lists, ...(args['score-mapping'] === undefined ? [] : [args['score-mapping']])];
    checkOutputTarget({ kind: IMPORT_OUTPUT, dir: args.out, option: '--out', inputs });
    const scale = args['score-mapping'] === undefined ? parseVendorRange(args['vendor-range']) : loadScoreScale(args['score-mapping']);
    const imported = await importCandidates({ searches: args.searches, lists: args.lists, scale, topK: args['top-k'], strict: args.strict });
    await writeImport(args.out, imported, inputs);
    for (const line of imported.problemLines.slice(0, 20)) say(`left out: ${line}`);
    const s = imported.summary;
    if (s.excluded.unknownProbes > 0) say(`left out: lists for ${s.excluded.unknownProbes} probe id(s) that are not among the searches`);
    console.log(`wrote ${path.join(args.out, IMPORT_FILES.searches)}, ${IMPORT_FILES.candidates} and ${IMPORT_FILES.summary}: ${s.alerts} candidate lists for ${imported.searches.length} searches`);
  },
};
