/** `evenhand thresholds`: the lowest face-match threshold that meets the protocol's policy constraints, and why. */
import type { CommandModule } from 'yargs';
import { loadResults } from '../analyse/load-results.ts';
import { loadProtocol } from '../campaign/load-protocol.ts';
import { PolicySchema, type PolicySettings } from '../campaign/protocol-schema.ts';
import { Bounds } from '../core/bounds.ts';
import { InputError, show } from '../core/input-error.ts';
import { chooseThreshold } from '../policy/index.ts';
import { boundedOption, optionError, pathOption } from './option-values.ts';
import { say, SIMULATED_BANNER } from './options.ts';

interface Args { results: string; protocol?: string; algorithm?: string; 'max-fpir-one-in'?: number; 'min-tpir'?: number; equity?: PolicySettings['equity']; json: boolean }

export const thresholdsCommand: CommandModule<object, Args> = {
  command: 'thresholds',
  describe: 'Find the lowest threshold that meets the policy constraints (false alerts, recognition, equity), with reasons',
  builder: (y) => y
    .option('results', pathOption('--results', 'results.json written by evenhand analyse'))
    .option('protocol', pathOption('--protocol', 'Protocol whose `policy` block gives the constraints (defaults apply without it)', false))
    .option('algorithm', { type: 'string', requiresArg: true, describe: 'Only this algorithm id (default: every algorithm)' })
    .option('max-fpir-one-in', boundedOption('--max-fpir-one-in', Bounds.maxFpirOneIn, 'Override policy.maxFpirOneIn: FPIR upper bound at most 1 in this many'))
    .option('min-tpir', boundedOption('--min-tpir', Bounds.minTpir, 'Override policy.minTpir: TPIR at least this'))
    .option('equity', { type: 'string', choices: ['none', 'no-significant-difference', 'equivalence'] as const, describe: 'Override policy.equity' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the checks at every threshold as JSON' })
    .epilog('FPIR is checked on the upper bound of its interval at the operational watchlist size (crowd searches, or filler-probe searches scaled linearly to the watchlist). Equity uses the tests between groups in results.json; where none was run at a threshold, equity there is "untested" and does not count as met.')
    .example('evenhand thresholds --results reports/demo/results.json --protocol protocols/npl-2023-lfr.json', '')
    .example('evenhand thresholds --results reports/demo/results.json --max-fpir-one-in 60000 --equity none', ''),
  handler: (args) => {
    const results = loadResults(args.results);
    const base = args.protocol === undefined ? PolicySchema.parse({}) : loadProtocol(args.protocol).policy;
    const policy: PolicySettings = {
      ...base,
      ...(args['max-fpir-one-in'] !== undefined ? { maxFpirOneIn: args['max-fpir-one-in'] } : {}),
      ...(args['min-tpir'] !== undefined ? { minTpir: args['min-tpir'] } : {}),
      ...(args.equity !== undefined ? { equity: args.equity } : {}),
    };
    const checked = PolicySchema.safeParse(policy);
    if (!checked.success) throw new InputError('command line', checked.error.issues.map((i) => ({ path: i.path.join('.'), expected: i.message })));
    const algorithms = results.algorithms.filter((a) => args.algorithm === undefined || a.id === args.algorithm);
    if (algorithms.length === 0) {
      throw optionError('--algorithm', `an algorithm id of ${args.results} (${results.algorithms.map((a) => a.id).join(', ')})`, show(args.algorithm));
    }
    if (results.campaign.simulated) say(SIMULATED_BANNER);
    const choices = algorithms.map((a) => chooseThreshold(results, a, checked.data));
    if (args.json) {
      console.log(JSON.stringify({ policy: checked.data, choices }, null, 2));
      return;
    }
    for (const c of choices) {
      console.log(`${c.label} (${c.algorithm}): ${c.chosen === null ? 'no threshold meets the policy' : `threshold ${c.chosen.toFixed(2)}`}`);
      console.log(`  ${c.rationale}`);
    }
  },
};
