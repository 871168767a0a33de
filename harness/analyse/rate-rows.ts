/** Turns sweep counts into rate rows with both intervals, computing each interval once. */
import { clopperPearson, mirrorInterval } from '../stats/clopper-pearson.ts';
import { wilson } from '../stats/wilson.ts';
import type { Interval } from '../stats/interval.ts';
import type { GroupLayout } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';
import type { Rate } from './results-schema.ts';

/**
 * Rate rows for every population, group (with n > 0, plus overall) and threshold: TPIR and FNIR for the mated
 * population, FPIR for each non-mated one. `bootstrap` holds cluster-bootstrap intervals of the hit rate (TPIR, or
 * FPIR) by `bootstrapKey`; FNIR gets 1 minus TPIR's.
 */
export function rateRows(
  counts: readonly PopulationCounts[], layout: GroupLayout, thresholds: readonly number[], level: number,
  bootstrap: ReadonlyMap<string, Interval> = new Map(),
): Rate[] {
  // Clopper-Pearson intervals by the side at or below one half (a TPIR's and its FNIR's are one computation: the
  // interval of k above n/2 is the mirrored one of n - k, as clopperPearson makes it), Wilson's by (k, n)
  const cpCache = new Map<number, Interval>();
  const wCache = new Map<number, Interval>();
  const both = (k: number, n: number): { cp: Interval; w: Interval } => {
    const mirrored = 2 * k > n;
    const side = mirrored ? n - k : k;
    const cpKey = side * 4294967296 + n;
    let cp = cpCache.get(cpKey);
    if (cp === undefined) cpCache.set(cpKey, (cp = clopperPearson(side, n, level)));
    const wKey = k * 4294967296 + n;
    let w = wCache.get(wKey);
    if (w === undefined) wCache.set(wKey, (w = wilson(k, n, level)));
    return { cp: mirrored ? mirrorInterval(cp) : cp, w };
  };
  const T = thresholds.length;
  const rows: Rate[] = [];
  for (const pc of counts) {
    layout.groups.forEach((group, g) => {
      const n = pc.n[g] as number;
      if (n === 0 && g !== 0) return;
      for (let t = 0; t < T; t++) {
        const hits = pc.hits[g * T + t] as number;
        const threshold = thresholds[t] as number;
        const metrics: ['TPIR' | 'FNIR' | 'FPIR', number][] = pc.population.kind === 'mated' ? [['TPIR', hits], ['FNIR', n - hits]] : [['FPIR', hits]];
        const boot = bootstrap.get(bootstrapKey(pc.population.id, g, t));
        for (const [metric, k] of metrics) {
          const { cp, w } = both(k, n);
          const intervals: Rate['intervals'] = { 'clopper-pearson': { ...cp }, wilson: { ...w } };
          if (boot !== undefined) intervals['cluster-bootstrap'] = metric === 'FNIR' ? { lower: 1 - boot.upper, upper: 1 - boot.lower } : { ...boot };
          rows.push({
            metric,
            population: pc.population.id,
            group: group.id,
            threshold,
            k,
            n,
            estimate: n === 0 ? null : k / n,
            intervals,
            oneIn: k === 0 ? null : n / k,
          });
        }
      }
    });
  }
  return rows;
}

/** Key of a bootstrap interval: population id, group index, threshold index. */
export function bootstrapKey(population: string, group: number, threshold: number): string {
  return `${population}\t${group}\t${threshold}`;
}
