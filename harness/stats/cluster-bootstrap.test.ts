import { describe, expect, it } from 'vitest';
import { bcaInterval, bcaIntervals, clusterBootstrap, derivedPercentileInterval, differenceBcaInterval, differenceBcaIntervals, percentileInterval, replicateWeights } from './cluster-bootstrap.ts';
import { createRng } from './rng.ts';
import { quantileInPlace } from './quantile.ts';
import { countBootstrap } from './count-bootstrap.ts';
import { fisherExact } from './fisher-exact.ts';
import { benchCounts } from '../../scripts/bench/_stats-data.ts';
import { native } from '../native/index.ts';

describe('cluster bootstrap', () => {
  it('differenceBcaIntervals gives each pair exactly differenceBcaInterval, for disjoint and overlapping groups', () => {
    const rng = createRng(5, 0);
    const C = 120;
    const trials = Array.from({ length: C }, () => 1 + Math.floor(rng.next() * 10));
    const successes = new Int32Array(C * 2);
    trials.forEach((n, c) => {
      successes[c * 2] = Math.floor(n * rng.next());
      successes[c * 2 + 1] = Math.floor((successes[c * 2] as number) * rng.next());
    });
    const all = Array.from({ length: C }, (_, c) => c);
    // everyone; thirds; evens (overlapping the thirds and everyone); a group of two clusters
    const groups = [all, all.filter((c) => c % 3 === 0), all.filter((c) => c % 3 !== 0), all.filter((c) => c % 2 === 0), [5, 7]];
    const counts = { trials, successes, columns: 2, groups };
    const boot = clusterBootstrap(counts, 400, 3);
    const pairs = groups.flatMap((_, a) => groups.map((__, b) => ({ a, b }))).filter(({ a, b }) => a !== b);
    for (const column of [0, 1]) {
      const batched = differenceBcaIntervals(boot, counts, { pairs, column, level: 0.9 });
      pairs.forEach((pair, i) => expect(batched[i]).toEqual(differenceBcaInterval(boot, counts, { ...pair, column, level: 0.9 })));
    }
    expect(() => differenceBcaIntervals(boot, counts, { pairs, column: 0, level: 1 })).toThrow(RangeError);
  });

  const counts = benchCounts(60, 10, 5);
  it('is identical for the same seed and differs for another; any replicate can be rerun alone', () => {
    const a = clusterBootstrap(counts, 200, 11);
    const b = clusterBootstrap(counts, 200, 11);
    expect(Buffer.from(a.values.buffer).equals(Buffer.from(b.values.buffer))).toBe(true);
    expect(clusterBootstrap(counts, 200, 12).values).not.toEqual(a.values);
    // replicate 137 by hand: its weights, then the overall rate at column 2
    const w = replicateWeights(11, 137, 60);
    let h = 0;
    let n = 0;
    for (let c = 0; c < 60; c++) {
      h += (w[c] as number) * (counts.successes[c * 5 + 2] as number);
      n += (w[c] as number) * (counts.trials[c] as number);
    }
    expect(a.values[(0 * 5 + 2) * 200 + 137]).toBe(h / n);
  });
  // without the addon (not built here) there is nothing to compare; under CI it must have been built
  it.skipIf(native === null && process.env['CI'] !== 'true')('the native replicate loop gives the TypeScript loop\'s bits, with groups of no cluster, odd replicate counts and threads', () => {
    if (native === null) throw new Error('the native addon was not built (npm run build:native)');
    // a group with no cluster (NaN in every replicate), clusters with no trials, many columns; 1, 7 and 301 replicates
    // (a partial block of eight; a split between threads)
    const rng = createRng(9, 0);
    const C = 700;
    const T = 9;
    const trials = Array.from({ length: C }, (_, c) => (c % 97 === 0 ? 0 : 1 + Math.floor(rng.next() * 12)));
    const successes = new Int32Array(C * T);
    trials.forEach((n, c) => {
      let k = n;
      for (let t = 0; t < T; t++) successes[c * T + t] = k = Math.floor(k * (0.6 + 0.4 * rng.next()));
    });
    const all = Array.from({ length: C }, (_, c) => c);
    const groups = [all, all.filter((c) => c % 2 === 0), all.filter((c) => c % 2 === 1), all.filter((c) => c % 5 === 0), [], [3]];
    for (const B of [1, 7, 301]) {
      const fast = clusterBootstrap({ trials, successes, columns: T, groups }, B, 4242);
      const slow = clusterBootstrap({ trials, successes, columns: T, groups }, B, 4242, 'typescript');
      expect(Buffer.from(fast.values.buffer).equals(Buffer.from(slow.values.buffer))).toBe(true);
      expect(Number.isNaN(fast.values[4 * T * B])).toBe(true);
    }
  });
  it('replicate weights are draws of createRng(seed, replicate) and sum to the number of clusters', () => {
    const w = replicateWeights(5, 3, 50);
    const rng = createRng(5, 3);
    const want = new Int32Array(50);
    for (let i = 0; i < 50; i++) (want[Math.floor(rng.next() * 50)] as number)++;
    expect(w).toEqual(want);
    expect(w.reduce((s, x) => s + x, 0)).toBe(50);
  });
  it('fixed output for a fixed seed (guards against drift across machines and versions)', () => {
    const a = clusterBootstrap(counts, 500, 2023);
    const ci = percentileInterval(a, 0, 0);
    expect([a.estimate[0], ci.lower, ci.upper].map((x) => (x as number).toFixed(12))).toEqual(['0.905000000000', '0.873333333333', '0.935875000000']);
  });
  it('percentile and BCa intervals contain the estimate and are wider than the iid binomial interval when passes correlate', () => {
    // 40 volunteers x 10 passes; each volunteer either always or never hits (intra-volunteer correlation 1)
    const trials = new Array<number>(40).fill(10);
    const successes = trials.map((_, c) => (c % 4 === 0 ? 0 : 10));
    const data = { trials, successes, columns: 1, groups: [trials.map((_, c) => c)] };
    const boot = clusterBootstrap(data, 2000, 1);
    const p = percentileInterval(boot, 0, 0);
    const bca = bcaInterval(boot, data, 0, 0);
    expect(boot.estimate[0]).toBe(0.75);
    for (const ci of [p, bca]) {
      expect(ci.lower).toBeLessThan(0.75);
      expect(ci.upper).toBeGreaterThan(0.75);
      expect(ci.upper - ci.lower).toBeGreaterThan(0.2); // an iid interval over 400 searches would be about 0.085 wide
    }
  });
  it('bcaIntervals of a group gives bcaInterval at every column, to the bit, and the same error for a column without trials', () => {
    const data = benchCounts(60, 7, 9);
    const boot = clusterBootstrap(data, 400, 5);
    for (let g = 0; g < data.groups.length; g++) {
      if ((data.groups[g] as number[]).length === 0) continue;
      const all = bcaIntervals(boot, data, g, 0.9);
      expect(all).toHaveLength(9);
      all.forEach((ci, t) => expect(ci).toEqual(bcaInterval(boot, data, g, t, 0.9)));
    }
    // a cluster with no searches (left out: N - n > 0 fails for no cluster but changes nothing) and a group of one cluster
    const odd = { trials: [0, 5, 5, 4], successes: [0, 0, 5, 4, 3, 1, 4, 4], columns: 2, groups: [[0, 1, 2, 3], [3], [0, 1]] };
    const oddBoot = clusterBootstrap(odd, 300, 9);
    for (const g of [0, 1, 2]) bcaIntervals(oddBoot, odd, g).forEach((ci, t) => expect(ci).toEqual(bcaInterval(oddBoot, odd, g, t)));
  });
  it('derived statistics: ratio of two groups, with undefined replicates counted', () => {
    const boot = clusterBootstrap(counts, 300, 3);
    const r = derivedPercentileInterval(boot, (rate) => rate(1, 0) / rate(2, 0));
    expect(r.interval).not.toBeNull();
    expect(r.undefinedShare).toBe(0);
  });
  it('type-7 quantiles as R', () => {
    expect(quantileInPlace(Float64Array.of(1, 2, 3, 4), 0.25)).toBeCloseTo(1.75, 15);
    expect(quantileInPlace(Float64Array.of(5, NaN, 1, 3), 0.5)).toBe(3);
  });
  it('bad input is a named RangeError', () => {
    expect(() => clusterBootstrap({ trials: [2], successes: [3], columns: 1, groups: [[0]] }, 10, 1)).toThrow(/must be in 0..2, got 3/);
    expect(() => clusterBootstrap({ trials: [-1], successes: [0], columns: 1, groups: [[0]] }, 10, 1)).toThrow(/got -1/);
    expect(() => clusterBootstrap({ trials: [2], successes: [1], columns: 1, groups: [[0]] }, 0, 1)).toThrow(/replicates must be a whole number >= 1, got 0/);
    const boot = clusterBootstrap({ trials: [2, 3], successes: [1, 1], columns: 1, groups: [[0, 1], []] }, 10, 1);
    expect(() => percentileInterval(boot, 0, 0, 1.5)).toThrow(/got 1.5/);
    expect(() => percentileInterval(boot, 1, 0)).toThrow(/drawn in no replicate/);
    // a NaN (or fractional, negative) seed would silently act as another seed
    const counts = { trials: [2], successes: [1], columns: 1, groups: [[0]] };
    for (const seed of [Number.NaN, 1.5, -1, 2 ** 32]) {
      expect(() => clusterBootstrap(counts, 10, seed)).toThrow(expect.objectContaining({ name: 'StatsArgumentError', message: `clusterBootstrap: seed must be a whole number in 0..4294967295, got ${seed}` }));
    }
    expect(() => countBootstrap([1], [2], 10, Number.NaN)).toThrow(/countBootstrap: seed must be a whole number/);
    expect(() => fisherExact([[1, 2], [3, 4]], { seed: Number.NaN })).toThrow(/fisherExact: seed must be a whole number/);
  });
});
