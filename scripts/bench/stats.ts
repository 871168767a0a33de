/**
 * `npm run bench stats`: a cluster bootstrap of TPIR with 2,000 replicates over 4,000 mated searches from 400
 * volunteers, 41 thresholds and 18 groups, timed against a vectorised numpy reference (scripts/bench/stats_numpy.py)
 * when python3 with numpy is available; then the intervals analyse reports on it (BCa, percentile for comparison)
 * and the tests between groups at every threshold (compareProportions by sex, ethnicity and sex x ethnicity).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bcaInterval, clusterBootstrap, percentileInterval } from '../../harness/stats/cluster-bootstrap.ts';
import { groupClusterMoments } from '../../harness/stats/cluster-design-effect.ts';
import { compareProportions } from '../../harness/stats/compare-proportions.ts';
import { benchCounts } from './_stats-data.ts';

export const title = 'cluster bootstrap: 2,000 replicates x 400 volunteers x 41 thresholds x 18 groups';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

export async function run(): Promise<void> {
  const counts = benchCounts();
  const runs = 7;
  const boot: number[] = [];
  const bootCpu: number[] = [];
  const withIntervals: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const b = clusterBootstrap(counts, 2000, 42);
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    bootCpu.push((c1.user + c1.system) / 1000);
    for (let g = 0; g < b.groups; g++) for (let t = 0; t < b.columns; t++) percentileInterval(b, g, t, 0.95);
    const t2 = performance.now();
    boot.push(t1 - t0);
    withIntervals.push(t2 - t0);
  }
  // the intervals and tests analyse adds on this bootstrap
  const b = clusterBootstrap(counts, 2000, 42);
  const bca: number[] = [];
  const tests: number[] = [];
  /** Groupings of benchCounts' 18 groups: sex 1-2, ethnicity 3-7, sex x ethnicity 8-17. */
  const groupings = [[1, 3], [3, 8], [8, 18]] as const;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    for (let g = 0; g < b.groups; g++) for (let t = 0; t < b.columns; t++) bcaInterval(b, counts, g, t, 0.95);
    const t1 = performance.now();
    for (let t = 0; t < counts.columns; t++) {
      const moments = groupClusterMoments(counts, t);
      for (const [from, to] of groupings) {
        const m = moments.slice(from, to);
        compareProportions({ hits: m.map((x) => x.successes), searches: m.map((x) => x.trials), clusters: m, correction: 'holm', level: 0.95, seed: 42 });
      }
    }
    bca.push(t1 - t0);
    tests.push(performance.now() - t1);
  }
  const ts = median(boot) / 1000;
  console.log(`replicates (rates of 18 groups x 41 thresholds x 2,000): median ${ts.toFixed(3)} s wall, ${(median(bootCpu) / 1000).toFixed(3)} s CPU, over ${runs} runs`);
  console.log(`replicates + 738 percentile intervals:                  median ${(median(withIntervals) / 1000).toFixed(3)} s`);
  console.log(`738 BCa intervals (what analyse reports):               median ${(median(bca) / 1000).toFixed(3)} s`);
  console.log(`tests between groups at 41 thresholds x 3 groupings:    median ${(median(tests) / 1000).toFixed(3)} s (compareProportions with the pooled design effect)`);
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stats_numpy.py');
  let numpy: number | null = null;
  let numpyCpu: number | null = null;
  try {
    const out = execFileSync('python3', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    numpy = Number(/median ([0-9.]+) s/.exec(out)?.[1]);
    numpyCpu = Number(/([0-9.]+) s CPU/.exec(out)?.[1]);
    console.log(`numpy reference (same work, multinomial weights x matrix products): ${out.trim()}`);
  } catch {
    console.log('numpy reference skipped: python3 with numpy is not available here');
  }
  if (numpy !== null && Number.isFinite(numpy)) console.log(`ratio evenhand / numpy: ${(ts / numpy).toFixed(2)} wall (target <= 0.5: at most 0.1 s vs about 0.2 s)`);
  if (numpyCpu !== null && Number.isFinite(numpyCpu)) console.log(`ratio evenhand / numpy: ${(median(bootCpu) / 1000 / numpyCpu).toFixed(2)} CPU time (steadier on a busy machine)`);
  await Promise.resolve();
}
