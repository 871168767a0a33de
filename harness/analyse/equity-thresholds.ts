/**
 * Where equity starts: for each error type (metric and population) and grouping, the lowest swept threshold from
 * which no verdict, at it or any higher threshold, is a significant difference; and where differences are
 * significant. NPL 2023 reported its result this way: significant differences at 0.56 and 0.58, none from 0.60 up.
 */
import { thresholdKey } from '../metrics/threshold-key.ts';
import type { Comparison, EquityThreshold } from './results-schema.ts';

/**
 * The equity threshold of every (metric, population, level) among `comparisons` (made at the ascending `thresholds`);
 * families where no threshold had two groups large enough to compare are left out.
 * A family's tests at different thresholds are nested (the searches that hit at a higher threshold are a subset of
 * those at a lower one), so they are strongly correlated: the chance that some threshold shows a false significant
 * difference lies between alpha and the Bonferroni bound min(1, tested x alpha), which each row records.
 * @example equityThresholds(results.algorithms[0].comparisons, results.settings.thresholds, 0.05)
 */
export function equityThresholds(comparisons: readonly Comparison[], thresholds: readonly number[], alpha: number): EquityThreshold[] {
  const families = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    const key = `${c.metric}\t${c.population}\t${c.level}`;
    const list = families.get(key);
    if (list === undefined) families.set(key, [c]);
    else list.push(c);
  }
  const order = new Map(thresholds.map((t, i) => [thresholdKey(t), i]));
  const position = (c: Comparison): number => order.get(thresholdKey(c.threshold)) ?? -1;
  const out: EquityThreshold[] = [];
  for (const family of families.values()) {
    const sorted = [...family].sort((x, y) => position(x) - position(y));
    const first = sorted[0];
    if (first === undefined) continue;
    const significantAt = sorted.filter((c) => c.verdict === 'significant-difference').map((c) => c.threshold);
    const last = sorted.findLastIndex((c) => c.verdict === 'significant-difference');
    const tested = sorted.filter((c) => c.reason !== 'fewer-than-two-groups').length;
    if (tested === 0) continue; // no threshold had two groups large enough: nothing to say
    out.push({
      metric: first.metric, population: first.population, level: first.level,
      threshold: sorted[last + 1]?.threshold ?? null,
      significantAt, tested, familywiseBound: Math.min(1, tested * alpha),
    });
  }
  return out;
}
