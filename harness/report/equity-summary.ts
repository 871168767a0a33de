/** The plain-words verdict on differences between groups at one threshold, from results.json's comparisons. */
import type { AlgorithmResult, Comparison, Results, Verdict } from '../analyse/results-schema.ts';
import { sameThreshold } from '../metrics/index.ts';
import { verdictSentence } from './verdict-words.ts';

/** A verdict for the page: the worst verdict among the comparisons at a threshold, or `untested` when none. */
export interface EquitySummary {
  kind: Verdict | 'untested';
  /** One sentence for the public. */
  text: string;
  /** The comparisons behind it (empty when untested). */
  comparisons: readonly Comparison[];
}

const ORDER: readonly Verdict[] = ['significant-difference', 'too-small-to-tell', 'no-significant-difference', 'equivalent'];

/**
 * Summarises the comparisons of `a` at threshold `t`: a significant difference anywhere wins (its sentences are
 * given), then "too small to tell", then "no significant difference", then "equivalent". `untested` only when the
 * results hold no comparison there (an algorithm whose searches carry no demographics).
 * @example equitySummary(results, a, 0.6).text // "No statistically significant difference between groups ..."
 */
export function equitySummary(results: Results, a: AlgorithmResult, t: number): EquitySummary {
  const here = a.comparisons.filter((c) => sameThreshold(c.threshold, t));
  if (here.length === 0) {
    return { kind: 'untested', text: 'Differences between groups could not be tested at this threshold in this analysis; the charts below show the rates by group with their intervals.', comparisons: here };
  }
  const kind = ORDER.find((v) => here.some((c) => c.verdict === v)) ?? 'no-significant-difference';
  const worst = here.filter((c) => c.verdict === kind).map((c) => verdictSentence(results, c)).join(' ');
  switch (kind) {
    case 'significant-difference':
      return { kind, text: `A statistically significant difference between groups: ${worst}`, comparisons: here };
    case 'too-small-to-tell':
      return { kind, text: `For some groups the sample is too small to tell whether they are treated differently: ${worst}`, comparisons: here };
    case 'no-significant-difference':
      return { kind, text: 'No statistically significant difference between groups (this is not proof that they are treated equally).', comparisons: here };
    case 'equivalent':
      return { kind, text: 'No statistically significant difference between groups, and the groups\' rates were shown to be equivalent within the protocol\'s margin.', comparisons: here };
  }
}
