/** `evenhand analyse`: the threshold sweep by group, from contract tables to results.json. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { parseWithSchema, readStructuredFile } from '../campaign/read-structured-file.ts';
import { ExclusionsFileSchema } from '../analyse/run-inputs.ts';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import type { AlgorithmInputs } from '../analyse/analyse-algorithm.ts';
// the file, not the import stage's index (which loads the importers' packages)
import { loadImportSummary } from '../import/load-import-summary.ts';
import { checkOutputTarget, writeOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { optionError, pathOption } from './option-values.ts';
import { outOption, protocolOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { protocol: string; searches: string[]; candidates: string[]; algorithm: string[]; exclusions?: string; out: string }

/** What `analyse` writes: a folder holding results.json. */
export const ANALYSIS_OUTPUT: OutputKind = { name: 'analysis', legacyNames: ['results.json'] };

export const analyseCommand: CommandModule<object, Args> = {
  command: 'analyse',
  aliases: ['analyze'],
  describe: 'Sweep thresholds: TPIR, FNIR, FPIR by group with intervals, into results.json',
  builder: (y) => y
    .option('protocol', protocolOption)
    .option('searches', { type: 'string', array: true, demandOption: true, requiresArg: true, describe: 'searches.arrow of an algorithm (repeat for several algorithms)' })
    .option('candidates', { type: 'string', array: true, default: [], requiresArg: true, describe: 'candidates.arrow, in the same order as --searches (checked against the searches; used when they carry no scores)' })
    .option('algorithm', { type: 'string', array: true, default: [], requiresArg: true, describe: "Algorithm id for each --searches (default: the protocol's algorithms in order)" })
    .option('exclusions', pathOption('--exclusions', 'JSON file listing what was left out before the analysis (evenhand run writes exclusions.json); recorded in results.json', false))
    .option('out', outOption('results.json'))
    .epilog('Accepts tables from any tool that follows the contract in datasets/README.md (a vendor export, a script). A mated search hits at threshold T when its mate is at rank <= analysis.rank with score >= T; a non-mated search is a false alert when any candidate scores >= T (a score equal to T counts). Every rate carries k, n, a Clopper-Pearson and a Wilson interval. At every swept threshold, TPIR and the FPIR of every non-mated population with demographics are compared between groups (sex, ethnicity, sex x ethnicity, age band): homogeneity test, pairwise differences with the protocol\'s correction, equivalence (TOST), power and a verdict; per grouping and error type, the equity threshold is the lowest threshold from which no verdict is a significant difference. results.json (schema: reports/results.schema.json) also records the protocol\'s policy and the exclusions, so that `evenhand report` and `evenhand thresholds` need nothing else. Tables made by evenhand import-alerts or import-candidates have an import.json beside them: it is carried into the results (logImport) and what the import left out into the exclusions. --out is refused when it holds an input or is a folder other than an earlier analysis (docs/bad-input.md). Exit code 2 for bad input (nothing is written).')
    .example('evenhand analyse --protocol protocols/npl-2023-lfr.json --searches runs/sim7/searches.arrow --candidates runs/sim7/candidates.arrow --out runs/sim7/analysis', '')
    .example('evenhand analyse --protocol protocols/rehearsal-ci.json --searches runs/r/faceplugin-v1/searches.arrow --algorithm faceplugin-v1 --exclusions runs/r/exclusions.json --out runs/r/analysis', '') as never,
  handler: async (args) => {
    const target: OutputTarget = { kind: ANALYSIS_OUTPUT, dir: args.out, option: '--out', inputs: [args.protocol, ...args.searches, ...args.candidates, ...(args.exclusions === undefined ? [] : [args.exclusions])] };
    checkOutputTarget(target);
    const campaign = loadProtocol(args.protocol);
    const exclusions = args.exclusions === undefined ? [] : parseWithSchema(ExclusionsFileSchema, readStructuredFile(args.exclusions), args.exclusions);
    if (args.candidates.length > 0 && args.candidates.length !== args.searches.length) {
      throw optionError('--candidates', `one file per --searches (${args.searches.length})`, String(args.candidates.length));
    }
    if (args.algorithm.length > 0 && args.algorithm.length !== args.searches.length) {
      throw optionError('--algorithm', `one id per --searches (${args.searches.length})`, String(args.algorithm.length));
    }
    const inputs: AlgorithmInputs[] = args.searches.map((searches, i) => {
      const id = args.algorithm[i] ?? campaign.algorithms[i]?.id ?? path.basename(path.dirname(path.resolve(searches)));
      const label = campaign.algorithms.find((a) => a.id === id)?.label ?? id;
      const logImport = loadImportSummary(searches);
      if (logImport !== null) say(`${id}: made from a log (${logImport.format}): its import.json goes into the results, and what it left out into exclusions`);
      return { id, label, searches, candidates: args.candidates[i] ?? null, logImport };
    });
    // Progress comes after the work: a bad table's named error must be the first line a user sees.
    const results = analyseCampaign(campaign, inputs, { exclusions });
    await writeOutputFolder(target, (dir) => writeFileAtomic(path.join(dir, 'results.json'), `${JSON.stringify(results)}\n`));
    say(`analysed ${inputs.length} algorithm(s) at ${campaign.thresholds.length} thresholds`);
    if (results.campaign.simulated) say(SIMULATED_BANNER);
    console.log(`wrote ${path.join(args.out, 'results.json')}: ${results.algorithms.reduce((s, a) => s + a.rates.length, 0)} rates`);
  },
};
