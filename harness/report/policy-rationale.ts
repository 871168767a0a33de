/** The policy's choice of threshold in words: what the policy asks for, what was chosen and why the one below fails. */
import type { Results } from '../analyse/results-schema.ts';
import type { PolicySettings } from '../campaign/protocol-schema.ts';
import type { ThresholdCheck, ThresholdChoice } from '../policy/choose-threshold.ts';
import { sameThreshold } from '../metrics/index.ts';
import { count, percentFixed, threshold as fmtT } from './format.ts';

/** Each check status in words (the `--json` output of `evenhand thresholds` keeps the codes). */
export const CheckWords = { pass: 'meets the constraint', fail: 'does not meet the constraint', untested: 'no test was possible at this threshold' } as const;

const oneIn = (p: number): string => (p === 0 ? 'none' : `1 in ${count(1 / p)}`);

/**
 * A paragraph explaining `choice` under `policy` for `results`: the constraints, the chosen threshold with its rates,
 * and what fails at the next lower threshold; or why no threshold meets the policy.
 * @example policyRationale(results, chooseThreshold(results, a, policy), policy)
 */
export function policyRationale(results: Results, choice: ThresholdChoice, policy: PolicySettings): string {
  const { checks, chosen, lowestOnRates } = choice;
  const level = Math.round(results.settings.confidenceLevel * 100);
  const want = `a false positive rate whose ${level}% upper bound is at most 1 in ${count(policy.maxFpirOneIn)} at a ${count(results.settings.watchlistSize)}-image watchlist, a true positive rate of at least ${percentFixed(policy.minTpir)}` +
    (policy.equity === 'none' ? '' : policy.equity === 'equivalence' ? ', and groups shown equivalent within the margin' : ', and no statistically significant difference between groups');
  const pick = chosen ?? lowestOnRates;
  const c = pick === null ? undefined : checks.find((x) => sameThreshold(x.threshold, pick));
  if (pick === null || c === undefined) {
    const best = checks.filter((x) => x.fpir.status === 'pass');
    const why = best.length === 0 ? 'no threshold keeps the false positive bound low enough' : `where false positives are low enough (from ${fmtT(best[0]?.threshold ?? 0)}), the true positive rate falls below ${percentFixed(policy.minTpir)}`;
    return `The policy asks for ${want}. No threshold tested meets it: ${why}.`;
  }
  const below = checks.filter((x) => x.threshold < pick);
  const prev = below[below.length - 1];
  const fp = c.fpir;
  const facts = `At ${fmtT(pick)} the false positive rate is ${oneIn(fp.estimate ?? 0)} (upper bound ${oneIn(fp.upper ?? 0)}${fp.scaled ? `, scaled from the ${fp.population ?? ''} searches to the watchlist size` : ''}) and the true positive rate ${percentFixed(c.tpir.estimate ?? 0)}`;
  const prevText = prev === undefined ? 'It is the lowest threshold tested.'
    : `The next lower threshold, ${fmtT(prev.threshold)}, fails: ${[
      prev.fpir.status !== 'pass' ? `its false positive upper bound is ${oneIn(prev.fpir.upper ?? 0)}` : '',
      prev.tpir.status !== 'pass' ? `its true positive rate is ${percentFixed(prev.tpir.estimate ?? 0)}` : '',
      prev.equity.status === 'fail' ? equityFailure(prev, policy) : '',
      prev.equity.status === 'untested' && chosen !== null ? 'no test between groups was possible there' : '',
    ].filter((s) => s !== '').join('; ') || 'see the table'}.`;
  if (chosen !== null) {
    const inconclusive = c.equity.inconclusive > 0 && policy.equity === 'no-significant-difference'
      ? ` (${c.equity.inconclusive} of its ${c.equity.verdicts.length} comparisons were too small to tell)` : '';
    const eq = policy.equity === 'none' ? '' : policy.equity === 'equivalence' ? ', and the groups were shown equivalent' : `, and no test found a significant difference between groups${inconclusive}`;
    return `The policy asks for ${want}. The lowest threshold that meets it is ${fmtT(pick)}. ${facts}${eq}. ${prevText}`;
  }
  return `The policy asks for ${want}. No threshold meets every constraint. The lowest that meets the rate constraints is ${fmtT(pick)} (${facts.replace(/^At/, 'at')}), but ${c.equity.status === 'untested' ? 'no test between groups was possible there, so equity is not shown' : 'tests between groups there, and at every higher threshold that meets the rates, do not meet the equity constraint'}.`;
}

/** Why a threshold fails the equity constraint, in a few words. */
function equityFailure(c: ThresholdCheck, policy: PolicySettings): string {
  if (policy.equity === 'equivalence') return `${c.equity.verdicts.filter((v) => v !== 'equivalent').length} of ${c.equity.verdicts.length} comparisons between groups did not show equivalence`;
  return `${c.equity.significant} of ${c.equity.verdicts.length} comparisons between groups found a significant difference`;
}

/**
 * The policy's answer at one threshold in one sentence, from the same check `evenhand thresholds` makes: whether it
 * is met, and each constraint with its number (the false alert bound, the recognition rate, the tests between groups).
 * @example policyCheckLine(results, choice.checks[20], policy) // "Meets the policy: ..."
 */
export function policyCheckLine(results: Results, c: ThresholdCheck, policy: PolicySettings): string {
  const level = Math.round(results.settings.confidenceLevel * 100);
  const fp = c.fpir;
  const parts: string[] = [];
  parts.push(fp.upper === null ? 'no false alert rate at the watchlist size'
    : `false alerts at most ${oneIn(fp.upper)} with ${level}% confidence (${fp.status === 'pass' ? 'within' : 'above'} the limit of 1 in ${count(policy.maxFpirOneIn)})`);
  parts.push(c.tpir.estimate === null ? 'no recognition rate'
    : `recognition ${percentFixed(c.tpir.estimate)} (${c.tpir.status === 'pass' ? 'at least' : 'below'} ${percentFixed(policy.minTpir)})`);
  if (policy.equity !== 'none') {
    const n = c.equity.verdicts.length;
    parts.push(c.equity.status === 'untested' ? 'no test between groups was possible'
      : c.equity.status === 'fail' ? equityFailure(c, policy)
        : policy.equity === 'equivalence' ? `every one of ${n} comparison${n === 1 ? '' : 's'} between groups shown equivalent`
          : `no significant difference in ${n} comparison${n === 1 ? '' : 's'} between groups${c.equity.inconclusive > 0 ? ` (${c.equity.inconclusive} too small to tell)` : ''}`);
  }
  return `${c.meets ? 'Meets the policy' : 'Does not meet the policy'}: ${parts.join('; ')}.`;
}
