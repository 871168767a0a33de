/**
 * Bootstrap intervals of the differential indices (max/min ratio, Gini term of GARBE, fairness discrepancy rate,
 * log10 ratios to a reference group) from many replicates at once: the same formulas as differentials.ts, computed
 * in one pass over a groups x replicates matrix, so that indices at every threshold cost little.
 */
import type { Interval } from './interval.ts';
import { quantilePairInPlace } from './quantile.ts';

/** A percentile interval of a statistic over replicates, or null when it is undefined in more than half of them. */
export interface ReplicateInterval {
  interval: Interval | null;
  /** Share of replicates in which the statistic was undefined (NaN or infinite). */
  undefinedShare: number;
}

/** Intervals of every differential index of one comparison. */
export interface DifferentialIntervals {
  maxMinRatio: ReplicateInterval;
  /** GARBE's Gini term on one error rate (a = 1 for FPR, or a = 0 for FNR alone). */
  gini: ReplicateInterval;
  /** Fairness discrepancy rate on one error rate: 1 - (max - min). */
  fdr: ReplicateInterval;
  /** log10(rate of group i / rate of the reference group), for every group i other than the reference, in order. */
  log10Ratio: ReplicateInterval[];
}

/**
 * Percentile intervals (R's type-7 quantiles) of the differential indices over bootstrap replicates. `errors` holds
 * the replicate error rates of the G compared groups, group-major: errors[g * B + b]; NaN when replicate b drew no
 * cluster of group g (every index of that replicate is then undefined). A replicate where an index is undefined (a
 * zero under a ratio, every rate zero under the Gini term) is left out and counted, as derivedPercentileInterval does.
 * Formulas: as maxMinRatio, giniOfRates, fairnessDiscrepancyRate and log10Ratio (differentials.ts).
 * Reference: Efron & Tibshirani, An Introduction to the Bootstrap (1993) §13.3; Howard et al., arXiv:2203.05051
 * (2022); de Freitas Pereira & Marcel, IEEE T-BIOM 4 (2022); Grother et al., NISTIR 8280 (2019).
 * @throws RangeError when G < 2, the reference is not a group, the level is outside (0, 1) or the matrix is short.
 * @example differentialIntervals(Float64Array.of(0.1, 0.12, 0.2, 0.22), 2, 2, 0, 0.95).maxMinRatio
 */
export function differentialIntervals(errors: Float64Array, groups: number, replicates: number, reference: number, level: number): DifferentialIntervals {
  const G = groups;
  const B = replicates;
  if (!(Number.isInteger(G) && G >= 2)) throw new RangeError(`differentialIntervals: need at least 2 groups, got ${G}`);
  if (!(Number.isInteger(B) && B >= 1) || errors.length < G * B) throw new RangeError(`differentialIntervals: need ${G} x ${B} replicate rates, got ${errors.length}`);
  if (!(Number.isInteger(reference) && reference >= 0 && reference < G)) throw new RangeError(`differentialIntervals: reference ${reference} is not one of the ${G} groups`);
  if (!(level > 0 && level < 1)) throw new RangeError(`differentialIntervals: level must be in (0, 1), got ${level}`);
  // the indices of every replicate, in one scratch matrix reused from call to call (nothing of it is returned): fresh
  // arrays each time cost more in page faults and collections than the work
  if (scratch.length < (G + 2) * B) scratch = new Float64Array((G + 2) * B);
  const ratio = scratch.subarray(0, B);
  const gini = scratch.subarray(B, 2 * B);
  const fdr = scratch.subarray(2 * B, 3 * B);
  // log10 ratio of group k (k-th of the groups other than the reference) in replicate b: logs[k * B + b]
  const logs = scratch.subarray(3 * B, (G + 2) * B);
  const giniScale = G / (G - 1) / (2 * G * G);
  // one replicate's rates side by side (x[g]), read from the group-major matrix once; `sorted` the same ascending, for
  // the Gini term's sum over all pairs (sumOfPairDistances)
  const x = new Float64Array(G);
  const sorted = new Float64Array(G);
  for (let b = 0; b < B; b++) {
    let max = -Infinity;
    let min = Infinity;
    let sum = 0;
    let missing = false;
    for (let g = 0; g < G; g++) x[g] = errors[g * B + b] as number;
    for (let g = 0; g < G; g++) {
      const xg = x[g] as number;
      if (xg !== xg) { missing = true; break; }
      if (xg > max) max = xg;
      if (xg < min) min = xg;
      sum += xg;
    }
    if (missing) {
      ratio[b] = NaN;
      gini[b] = NaN;
      fdr[b] = NaN;
      for (let k = 0; k < G - 1; k++) logs[k * B + b] = NaN;
      continue;
    }
    ratio[b] = min === 0 ? NaN : max / min;
    fdr[b] = 1 - (max - min);
    const mean = sum / G;
    if (mean === 0) gini[b] = NaN;
    else gini[b] = giniScale * sumOfPairDistances(x, sorted, G) / mean;
    const ref = x[reference] as number;
    for (let k = 0; k < G - 1; k++) {
      const xk = x[k < reference ? k : k + 1] as number;
      logs[k * B + b] = xk === 0 || ref === 0 ? NaN : Math.log10(xk / ref);
    }
  }
  return { maxMinRatio: percentile(ratio, level), gini: percentile(gini, level), fdr: percentile(fdr, level), log10Ratio: Array.from({ length: G - 1 }, (_, k) => percentile(logs.subarray(k * B, (k + 1) * B), level)) };
}

let scratch = new Float64Array(0);

/**
 * Σ_i Σ_j |x_i - x_j| over the G values of x, from the values sorted ascending into `sorted` (by insertion: G is a
 * handful of groups): each gap x_(k) - x_(k-1) lies between k (G - k) pairs, so the sum is 2 Σ_k k (G - k) (x_(k) -
 * x_(k-1)), G terms instead of G², every one >= 0 (no cancellation: equal rates give exactly 0).
 * Reference: David, Gini's mean difference rediscovered, Biometrika 55 (1968) 573-575.
 */
function sumOfPairDistances(x: Float64Array, sorted: Float64Array, G: number): number {
  for (let i = 0; i < G; i++) {
    const v = x[i] as number;
    let j = i;
    while (j > 0 && (sorted[j - 1] as number) > v) {
      sorted[j] = sorted[j - 1] as number;
      j--;
    }
    sorted[j] = v;
  }
  let sum = 0;
  for (let k = 1; k < G; k++) sum += k * (G - k) * ((sorted[k] as number) - (sorted[k - 1] as number));
  return 2 * sum;
}

/** The percentile interval of the defined values of `values` (reordered in place). */
function percentile(values: Float64Array, level: number): ReplicateInterval {
  const B = values.length;
  let defined = 0;
  for (let b = 0; b < B; b++) {
    const x = values[b] as number;
    if (Number.isFinite(x)) values[defined++] = x;
  }
  const undefinedShare = 1 - defined / B;
  if (defined < B / 2) return { interval: null, undefinedShare };
  const [lower, upper] = quantilePairInPlace(values, (1 - level) / 2, (1 + level) / 2, defined);
  return { interval: { lower, upper }, undefinedShare };
}
