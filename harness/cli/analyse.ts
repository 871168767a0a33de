/** `evenhand analyse`: the threshold sweep by group, from contract tables to results.json. */
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { analyseCampaign } from '../analyse/analyse-campaign.ts';
import type { AlgorithmInputs } from '../analyse/analyse-algorithm.ts';
import { checkOutputTarget, writeOutputFolder, type OutputKind, type OutputTarget } from '../store/output-location.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { optionError } from './option-values.ts';
import { outOption, protocolOption, say, SIMULATED_BANNER } from './options.ts';

interface Args { protocol: string; searches: string[]; candidates: string[]; algorithm: string[]; out: string }

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
    .option('out', outOption('results.json'))
    .epilog('Accepts tables from any tool that follows the contract in datasets/README.md (a vendor export, a script). A mated search hits at threshold T when its mate is at rank <= analysis.rank with score >= T; a non-mated search is a false alert when any candidate scores >= T (a score equal to T counts). Every rate carries k, n, a Clopper-Pearson and a Wilson interval. --out is refused when it holds an input table or is a folder other than an earlier analysis (docs/bad-input.md).')
    .example('evenhand analyse --protocol protocols/npl-2023-lfr.json --searches runs/sim7/searches.arrow --candidates runs/sim7/candidates.arrow --out runs/sim7/analysis', '') as never,
  handler: async (args) => {
    const target: OutputTarget = { kind: ANALYSIS_OUTPUT, dir: args.out, option: '--out', inputs: [args.protocol, ...args.searches, ...args.candidates] };
    checkOutputTarget(target);
    const campaign = loadProtocol(args.protocol);
    if (args.candidates.length > 0 && args.candidates.length !== args.searches.length) {
      throw optionError('--candidates', `one file per --searches (${args.searches.length})`, String(args.candidates.length));
    }
    if (args.algorithm.length > 0 && args.algorithm.length !== args.searches.length) {
      throw optionError('--algorithm', `one id per --searches (${args.searches.length})`, String(args.algorithm.length));
    }
    const inputs: AlgorithmInputs[] = args.searches.map((searches, i) => {
      const id = args.algorithm[i] ?? campaign.algorithms[i]?.id ?? path.basename(path.dirname(path.resolve(searches)));
      const label = campaign.algorithms.find((a) => a.id === id)?.label ?? id;
      return { id, label, searches, candidates: args.candidates[i] ?? null };
    });
    const results = analyseCampaign(campaign, inputs);
    await writeOutputFolder(target, (dir) => writeFileAtomic(path.join(dir, 'results.json'), `${JSON.stringify(results)}\n`));
    say(`analysed ${inputs.length} algorithm(s) at ${campaign.thresholds.length} thresholds`);
    if (results.campaign.simulated) say(SIMULATED_BANNER);
    console.log(`wrote ${path.join(args.out, 'results.json')}: ${results.algorithms.reduce((s, a) => s + a.rates.length, 0)} rates`);
  },
};
