import { describe, expect, it } from 'vitest';
import { derivedPercentileInterval, type ClusterBootstrap } from './cluster-bootstrap.ts';
import { differentialIntervals } from './differential-replicates.ts';
import { fairnessDiscrepancyRate, giniOfRates, log10Ratio, maxMinRatio } from './differentials.ts';
import { createRng } from './rng.ts';

/** A bootstrap-shaped object holding the matrix, so the one-statistic-at-a-time reference can read it. */
function asBootstrap(errors: Float64Array, G: number, B: number): ClusterBootstrap {
  return { seed: 0, replicates: B, groups: G, columns: 1, estimate: new Float64Array(G), values: errors };
}

describe('differentialIntervals', () => {
  it('gives the same intervals as computing each index replicate by replicate with the scalar formulas', () => {
    const rng = createRng(5, 0);
    const G = 4;
    const B = 999;
    const errors = new Float64Array(G * B);
    for (let i = 0; i < errors.length; i++) {
      const u = rng.next();
      // some zeros (undefined ratios and logs) and some groups not drawn (NaN)
      errors[i] = u < 0.05 ? 0 : u > 0.99 ? NaN : 0.001 + 0.02 * rng.next();
    }
    const ref = 2;
    const got = differentialIntervals(errors, G, B, ref, 0.9);
    const boot = asBootstrap(errors, G, B);
    const ratesOf = (rate: (g: number, t: number) => number): number[] | null => {
      const e = Array.from({ length: G }, (_, g) => rate(g, 0));
      return e.some((x) => Number.isNaN(x)) ? null : e;
    };
    const reference = (f: (e: number[]) => number | null): ReturnType<typeof derivedPercentileInterval> =>
      derivedPercentileInterval(boot, (rate) => {
        const e = ratesOf(rate);
        return e === null ? NaN : (f(e) ?? NaN);
      }, 0.9);
    const close = (a: ReturnType<typeof derivedPercentileInterval>, b: typeof a): void => {
      expect(a.undefinedShare).toBeCloseTo(b.undefinedShare, 12);
      expect(a.interval?.lower ?? null).toBeCloseTo(b.interval?.lower ?? NaN, 12);
      expect(a.interval?.upper ?? null).toBeCloseTo(b.interval?.upper ?? NaN, 12);
    };
    close(got.maxMinRatio, reference((e) => maxMinRatio(e).value));
    close(got.gini, reference((e) => giniOfRates(e).value));
    close(got.fdr, reference((e) => fairnessDiscrepancyRate(e, null, 1).value));
    [0, 1, 3].forEach((g, j) => close(got.log10Ratio[j] ?? { interval: null, undefinedShare: 1 }, reference((e) => log10Ratio(e[g] as number, e[ref] as number).value)));
    expect(got.maxMinRatio.undefinedShare).toBeGreaterThan(0.1);
    // its working matrix is reused from call to call: a larger call in between leaves the answer the same
    differentialIntervals(Float64Array.from({ length: 7 * B }, () => rng.next()), 7, B, 3, 0.95);
    expect(differentialIntervals(errors, G, B, ref, 0.9)).toEqual(got);
  });

  it('gives a Gini term of exactly 0 when every group has the same rate, and the pairwise formula\'s value otherwise', () => {
    const G = 7;
    const B = 300;
    const rng = createRng(11, 0);
    // every replicate: the same rate in each group (a different one per replicate, none a round binary fraction)
    const equal = new Float64Array(G * B);
    for (let b = 0; b < B; b++) {
      const r = 0.01 + 0.3 * rng.next();
      for (let g = 0; g < G; g++) equal[g * B + b] = r;
    }
    expect(differentialIntervals(equal, G, B, 0, 0.95).gini.interval).toEqual({ lower: 0, upper: 0 });
    // distinct rates with ties: each replicate's Gini term against the G x G pairwise sum of giniOfRates
    const mixed = new Float64Array(G * B);
    for (let i = 0; i < mixed.length; i++) mixed[i] = rng.next() < 0.2 ? 0.05 : 0.001 + 0.1 * rng.next();
    const got = differentialIntervals(mixed, G, B, 0, 0.95).gini.interval;
    const boot = asBootstrap(mixed, G, B);
    const want = derivedPercentileInterval(boot, (rate) => giniOfRates(Array.from({ length: G }, (_, g) => rate(g, 0))).value ?? NaN, 0.95).interval;
    expect(Math.abs((got?.lower ?? NaN) - (want?.lower ?? NaN)) / (want?.lower ?? 1)).toBeLessThan(1e-14);
    expect(Math.abs((got?.upper ?? NaN) - (want?.upper ?? NaN)) / (want?.upper ?? 1)).toBeLessThan(1e-14);
  });

  it('gives no interval when an index is undefined in more than half the replicates, and refuses bad arguments', () => {
    const errors = Float64Array.from([0, 0, 0, 0.1, 0.01, 0.02, 0.03, 0.04]);
    const r = differentialIntervals(errors, 2, 4, 0, 0.95);
    expect(r.maxMinRatio.interval).toBeNull();
    expect(r.maxMinRatio.undefinedShare).toBe(0.75);
    expect(r.fdr.interval).not.toBeNull();
    expect(() => differentialIntervals(errors, 1, 8, 0, 0.95)).toThrow(RangeError);
    expect(() => differentialIntervals(errors, 2, 4, 2, 0.95)).toThrow(/reference/);
    expect(() => differentialIntervals(errors, 2, 5, 0, 0.95)).toThrow(/replicate rates/);
    expect(() => differentialIntervals(errors, 2, 4, 0, 1)).toThrow(/level/);
  });
});
