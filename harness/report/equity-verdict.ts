/** The verdict on differences between groups at one threshold, from results.json's comparisons. */
import type { AlgorithmResult, Verdict } from '../analyse/results-schema.ts';
import { sameThreshold } from '../metrics/index.ts';

/** A verdict for the page: the worst verdict among the comparisons at a threshold, or `untested` when none. */
export type EquityVerdict = Verdict | 'untested';

const ORDER: readonly Verdict[] = ['significant-difference', 'too-small-to-tell', 'no-significant-difference', 'equivalent'];

/**
 * The verdict of `a` at threshold `t`: a significant difference anywhere wins, then "too small to tell", then "no
 * significant difference", then "equivalent". `untested` only when the results hold no comparison there (an
 * algorithm whose searches carry no demographics). The words for it are the report's (verdict-words.ts).
 * @example equityVerdict(a, 0.6) // 'no-significant-difference'
 */
export function equityVerdict(a: AlgorithmResult, t: number): EquityVerdict {
  const here = a.comparisons.filter((c) => sameThreshold(c.threshold, t));
  if (here.length === 0) return 'untested';
  return ORDER.find((v) => here.some((c) => c.verdict === v)) ?? 'no-significant-difference';
}
