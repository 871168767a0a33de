/** `evenhand thresholds`: the lowest face-match threshold that meets the policy recorded in results.json, and why. */
import type { CommandModule } from 'yargs';
import { loadResults } from '../analyse/load-results.ts';
import { PolicySchema, type PolicySettings } from '../campaign/protocol-schema.ts';
import { parseWithSchema } from '../campaign/read-structured-file.ts';
import { InputError } from '../core/input-error.ts';
import { chooseThreshold } from '../policy/index.ts';
import { policyRationale } from '../report/index.ts';
import { say, SIMULATED_BANNER } from './options.ts';

interface Args { results: string; algorithm?: string; 'max-fpir-one-in'?: number; 'min-tpir'?: number; equity?: PolicySettings['equity']; json: boolean }

export const thresholdsCommand: CommandModule<object, Args> = {
  command: 'thresholds',
  describe: 'Find the lowest threshold that meets the policy constraints (false alerts, recognition, equity), with reasons',
  builder: (y) => y
    .option('results', { type: 'string', demandOption: true, describe: 'results.json written by evenhand analyse (its runInputs.policy gives the constraints)' })
    .option('algorithm', { type: 'string', describe: 'Only this algorithm id (default: every algorithm)' })
    .option('max-fpir-one-in', { type: 'number', describe: 'Override policy.maxFpirOneIn: FPIR upper bound at most 1 in this many' })
    .option('min-tpir', { type: 'number', describe: 'Override policy.minTpir: TPIR at least this (0..1)' })
    .option('equity', { type: 'string', choices: ['none', 'no-significant-difference', 'equivalence'] as const, describe: 'Override policy.equity' })
    .option('json', { type: 'boolean', default: false, describe: 'Print the checks at every threshold as JSON (codes and numbers)' })
    .epilog('The policy is the protocol\'s `policy` block as `evenhand analyse` recorded it in results.json (runInputs.policy); the options above override it for this run. FPIR is checked on the upper bound of its interval at the operational watchlist size (crowd searches, or filler-probe searches scaled linearly to the watchlist). Equity is judged at every swept threshold from the tests between groups in results.json: under no-significant-difference a threshold fails when any test there finds a significant difference (tests too small to tell are counted, and do not fail it); under equivalence every test must show the groups equivalent. Exit code 2 for a bad results file or option.')
    .example('evenhand thresholds --results reports/demo/results.json', '')
    .example('evenhand thresholds --results reports/demo/results.json --max-fpir-one-in 60000 --equity none', ''),
  handler: (args) => {
    const results = loadResults(args.results);
    const overrides = {
      ...(args['max-fpir-one-in'] !== undefined ? { maxFpirOneIn: args['max-fpir-one-in'] } : {}),
      ...(args['min-tpir'] !== undefined ? { minTpir: args['min-tpir'] } : {}),
      ...(args.equity !== undefined ? { equity: args.equity } : {}),
    };
    let policy: PolicySettings;
    try {
      policy = parseWithSchema(PolicySchema, { ...results.runInputs.policy, ...overrides }, 'command line');
    } catch (err) {
      // every problem comes from an option: the policy in results.json was checked when it was loaded
      if (!(err instanceof InputError)) throw err;
      throw new InputError('command line', err.problems.map((p) => ({ ...p, path: `--${p.path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` })));
    }
    const algorithms = results.algorithms.filter((a) => args.algorithm === undefined || a.id === args.algorithm);
    if (algorithms.length === 0) {
      throw new InputError(args.results, [{ path: 'algorithms', expected: `an algorithm with id ${args.algorithm ?? ''} (available: ${results.algorithms.map((a) => a.id).join(', ')})` }]);
    }
    if (results.campaign.simulated) say(SIMULATED_BANNER);
    const choices = algorithms.map((a) => chooseThreshold(results, a, policy));
    if (args.json) {
      console.log(JSON.stringify({ policy, choices }, null, 2));
      return;
    }
    for (const c of choices) {
      console.log(`${c.label} (${c.algorithm}): ${c.chosen === null ? 'no threshold meets the policy' : `threshold ${c.chosen.toFixed(2)}`}`);
      console.log(`  ${policyRationale(results, c, policy)}`);
    }
  },
};
