/** The benchmark campaign of `npm run bench stats`, at the count level (shared with its tests). */
import { binomialSample } from '../../harness/stats/sample.ts';
import { createRng } from '../../harness/stats/rng.ts';
import type { ClusterCounts } from '../../harness/stats/cluster-bootstrap.ts';

/**
 * 400 volunteers x 10 passes (4,000 mated searches), 41 thresholds, 18 groups (overall, 2 sexes, 5 ethnicities,
 * 10 sex x ethnicity cells). Hits per volunteer fall with the threshold.
 */
export function benchCounts(volunteers = 400, passes = 10, thresholds = 41): ClusterCounts & { sex: Int32Array; ethnicity: Int32Array } {
  const rng = createRng(2023, 0);
  const sex = new Int32Array(volunteers);
  const ethnicity = new Int32Array(volunteers);
  const trials = new Int32Array(volunteers).fill(passes);
  const successes = new Int32Array(volunteers * thresholds);
  for (let v = 0; v < volunteers; v++) {
    sex[v] = Math.floor(rng.next() * 2);
    ethnicity[v] = Math.floor(rng.next() * 5);
    const ability = 0.75 + 0.2 * rng.next();
    let prev = passes;
    for (let t = 0; t < thresholds; t++) {
      const p = Math.min(1, ability * (1 - t / (thresholds * 1.3)) + 0.05);
      prev = Math.min(prev, binomialSample(rng, passes, p));
      successes[v * thresholds + t] = prev;
    }
  }
  const groups: number[][] = [[]];
  for (let i = 0; i < 2 + 5 + 10; i++) groups.push([]);
  for (let v = 0; v < volunteers; v++) {
    const s = sex[v] as number;
    const e = ethnicity[v] as number;
    (groups[0] as number[]).push(v);
    (groups[1 + s] as number[]).push(v);
    (groups[3 + e] as number[]).push(v);
    (groups[8 + s * 5 + e] as number[]).push(v);
  }
  return { trials, successes, columns: thresholds, groups, sex, ethnicity };
}
