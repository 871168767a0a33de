/**
 * Score distributions by group, read back from the threshold sweep: the count of searches with a score at or above
 * each threshold is a survival function, so differences between consecutive thresholds are histogram counts.
 * Mate scores come from TPIR (rank-1 mate at or above T), top non-mate scores from FPIR.
 */
import type { Rate } from '../analyse/results-schema.ts';
import type { ScoreBin } from './charts.ts';

/**
 * Bins [t_i, t_{i+1}) and [t_last, 1] with the share of `n` searches whose score falls in each, from rate rows of one
 * metric, population and group (any order). Searches below the first threshold (and misses) are not shown.
 * @throws RangeError when counts rise with the threshold (not a sweep of one population).
 * @example scoreBins([{ threshold: 0.5, k: 10, n: 20 }, { threshold: 0.6, k: 4, n: 20 }], 'Everyone', 'mate')
 */
export function scoreBins(rows: readonly Pick<Rate, 'threshold' | 'k' | 'n'>[], group: string, kind: string): ScoreBin[] {
  const sorted = [...rows].sort((a, b) => a.threshold - b.threshold);
  const bins: ScoreBin[] = [];
  sorted.forEach((r, i) => {
    const next = sorted[i + 1];
    if (r.n === 0) return;
    const count = r.k - (next?.k ?? 0);
    if (count < 0) throw new RangeError(`scoreBins: count rises from ${r.k} at ${r.threshold} to ${next?.k ?? 0} at ${next?.threshold ?? 1}`);
    bins.push({ group, kind, from: r.threshold, to: next?.threshold ?? 1, share: count / r.n });
  });
  return bins;
}
