/** `evenhand plan`: how many volunteers, passes and crowd searches a campaign needs to tell groups apart. */
import type { CommandModule } from 'yargs';
import { InputError } from '../core/input-error.ts';
import { crowdSizeForFpir, detectableTpirDifference, planTpirComparison } from '../stats/power.ts';

interface Args {
  tpir: number; delta: number; power: number; alpha: number; comparisons: number; passes: number; icc: number;
  fpirTarget: number; level: number; trueFpir?: number; alerts: number; volunteersPerGroup?: number; json: boolean;
}

/** Parses "1/6000", "0.000167" or "1e-4" into a number; NaN when it is neither. */
function rate(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v).trim();
  const m = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(s);
  return m !== null ? Number(m[1]) / Number(m[2]) : Number(s);
}

function check(ok: boolean, option: string, expected: string, got: unknown): void {
  if (!ok) throw new InputError('command line', [{ path: option, expected, got: String(got) }]);
}

export const planCommand: CommandModule<object, Args> = {
  command: 'plan',
  describe: 'Sample size and power: volunteers and passes per group to detect a TPIR difference, crowd size to bound FPIR',
  builder: (y) => y
    .option('tpir', { type: 'number', default: 0.89, describe: 'Expected TPIR of the better group (NPL 2023: 0.89 at 0.6)' })
    .option('delta', { type: 'number', default: 0.05, describe: 'TPIR difference to detect (0.05 = 5 percentage points)' })
    .option('power', { type: 'number', default: 0.8, describe: 'Power 1 - beta' })
    .option('alpha', { type: 'number', default: 0.05, describe: 'Two-sided significance level' })
    .option('comparisons', { type: 'number', default: 1, describe: 'Pairwise comparisons to correct for (alpha / comparisons, the first Holm step); 10 for 5 ethnicity groups' })
    .option('passes', { type: 'number', default: 10, describe: 'Passes of each volunteer through the zone' })
    .option('icc', { type: 'number', default: 0.1, describe: 'Intra-volunteer correlation of outcomes across passes (0 = independent)' })
    .option('volunteers-per-group', { type: 'number', describe: 'Also report the smallest TPIR difference this many volunteers per group can detect' })
    .option('fpir-target', { type: 'string', default: '1/6000', describe: 'FPIR to bound from above (e.g. 1/6000 or 0.000167)', coerce: rate })
    .option('level', { type: 'number', default: 0.95, describe: 'Confidence level of the FPIR upper bound' })
    .option('alerts', { type: 'number', default: 0, describe: 'False alerts allowed in the crowd while still bounding FPIR below the target' })
    .option('true-fpir', { type: 'string', describe: 'Plan for a true FPIR below the target (e.g. 1/12000): crowd size giving the bound with --power', coerce: rate })
    .option('json', { type: 'boolean', default: false, describe: 'Print the plan as JSON' })
    .epilog('TPIR: the two-sided two-proportion z-test (as R power.prop.test), inflated by the design effect 1 + (passes - 1) x icc for repeated passes of one volunteer (Kish). FPIR: the exact one-sided Clopper-Pearson upper bound (about 3/n with no alerts, the rule of 3). Methods and references: docs/statistics.md.')
    .example('evenhand plan --tpir 0.89 --delta 0.05 --passes 10 --icc 0.1 --comparisons 10', 'volunteers per ethnicity group for 5-point differences')
    .example('evenhand plan --volunteers-per-group 80 --fpir-target 1/6000 --true-fpir 1/12000', 'was an NPL-sized design big enough?') as never,
  handler: (args) => {
    const inUnit = (x: number): boolean => x > 0 && x < 1;
    check(inUnit(args.tpir), '--tpir', 'a rate in (0, 1)', args.tpir);
    check(args.delta > 0 && args.delta < args.tpir, '--delta', `a difference in (0, tpir = ${args.tpir})`, args.delta);
    check(inUnit(args.power), '--power', 'a probability in (0, 1)', args.power);
    check(args.alpha > 0 && args.alpha <= 0.5, '--alpha', 'a two-sided significance level in (0, 0.5]', args.alpha);
    check(Number.isInteger(args.comparisons) && args.comparisons >= 1, '--comparisons', 'a whole number >= 1', args.comparisons);
    check(Number.isInteger(args.passes) && args.passes >= 1, '--passes', 'a whole number >= 1', args.passes);
    check(args.icc >= 0 && args.icc <= 1, '--icc', 'a correlation in [0, 1]', args.icc);
    check(inUnit(args.fpirTarget), '--fpir-target', 'a rate in (0, 1), e.g. 1/6000', args.fpirTarget);
    check(inUnit(args.level), '--level', 'a level in (0, 1)', args.level);
    check(Number.isInteger(args.alerts) && args.alerts >= 0, '--alerts', 'a whole number >= 0', args.alerts);
    if (args.trueFpir !== undefined) check(args.trueFpir > 0 && args.trueFpir < args.fpirTarget, '--true-fpir', `a rate in (0, fpir-target = ${args.fpirTarget})`, args.trueFpir);
    if (args.volunteersPerGroup !== undefined) check(Number.isInteger(args.volunteersPerGroup) && args.volunteersPerGroup >= 1, '--volunteers-per-group', 'a whole number >= 1', args.volunteersPerGroup);
    const alpha = args.alpha / args.comparisons;
    const tpirPlan = planTpirComparison({ tpir: args.tpir, delta: args.delta, power: args.power, alpha, passes: args.passes, icc: args.icc });
    const crowd = crowdSizeForFpir({ target: args.fpirTarget, level: args.level, alerts: args.alerts });
    const crowdAtTrue = args.trueFpir === undefined ? null : crowdSizeForFpir({ target: args.fpirTarget, level: args.level, trueRate: args.trueFpir, power: args.power });
    const detectable = args.volunteersPerGroup === undefined ? null
      : detectableTpirDifference({ tpir: args.tpir, volunteers: args.volunteersPerGroup, passes: args.passes, icc: args.icc, power: args.power, alpha });
    const plan = {
      tpir: { ...tpirPlan, baseline: args.tpir, delta: args.delta, power: args.power, alpha: args.alpha, comparisons: args.comparisons, icc: args.icc },
      fpir: { target: args.fpirTarget, level: args.level, alerts: args.alerts, crowdSearches: crowd, trueFpir: args.trueFpir ?? null, crowdSearchesAtTrueFpir: crowdAtTrue },
      detectable: args.volunteersPerGroup === undefined ? null : { volunteersPerGroup: args.volunteersPerGroup, smallestTpirDifference: detectable },
    };
    if (args.json) {
      console.log(JSON.stringify(plan, null, 2));
      return;
    }
    const pts = (x: number): string => `${(100 * x).toFixed(1)} percentage points`;
    console.log(`TPIR ${args.tpir} vs ${(args.tpir - args.delta).toFixed(3)} (a difference of ${pts(args.delta)}), power ${args.power}, alpha ${args.alpha}${args.comparisons > 1 ? ` / ${args.comparisons} comparisons` : ''}:`);
    console.log(`  independent searches per group: ${tpirPlan.independentSearches}`);
    console.log(`  design effect for ${args.passes} passes with correlation ${args.icc}: ${tpirPlan.designEffect.toFixed(2)}`);
    console.log(`  => ${tpirPlan.volunteersPerGroup} volunteers per group x ${args.passes} passes (${tpirPlan.searchesPerGroup} searches per group)`);
    if (args.volunteersPerGroup !== undefined) {
      console.log(detectable === null
        ? `  ${args.volunteersPerGroup} volunteers per group cannot reach power ${args.power} for any difference`
        : `  ${args.volunteersPerGroup} volunteers per group detect a TPIR difference of ${pts(detectable)} or more with power ${args.power}`);
    }
    console.log(`FPIR below ${args.fpirTarget.toPrecision(3)} (1 in ${Math.round(1 / args.fpirTarget).toLocaleString('en-GB')}) with ${Math.round(args.level * 100)}% confidence:`);
    console.log(`  ${crowd.toLocaleString('en-GB')} non-mated crowd searches if at most ${args.alerts} false alert(s) occur`);
    if (crowdAtTrue !== null && args.trueFpir !== undefined) {
      console.log(`  ${crowdAtTrue.toLocaleString('en-GB')} crowd searches to show it with probability ${args.power} when the true FPIR is 1 in ${Math.round(1 / args.trueFpir).toLocaleString('en-GB')}`);
    }
  },
};
