/** The Clopper-Pearson ("exact") binomial confidence interval. */
import { betaQuantile } from './beta.ts';
import { checkBinomialArgs, type Interval } from './interval.ts';

/**
 * Clopper-Pearson interval for k successes in n trials: lower = Beta⁻¹(α/2; k, n-k+1),
 * upper = Beta⁻¹(1-α/2; k+1, n-k), with exact closed forms at k = 0 and k = n. Agrees with R's `binom.test`.
 * Above one half (2k > n) it is the interval of the n - k failures mirrored, [1 - upper, 1 - lower] (the same Beta
 * quantiles by the symmetry X ~ Beta(a, b) <=> 1 - X ~ Beta(b, a)): each quantile is then found below one half,
 * where it keeps its relative precision, and a caller with both a rate and its complement (TPIR and FNIR) can work
 * out one interval for both ({@link mirrorInterval}).
 * Reference: Clopper & Pearson, Biometrika 26 (1934) 404-413. With n = 0 the interval is [0, 1].
 * @throws RangeError on negative counts, k > n or a level outside (0, 1).
 * @example clopperPearson(0, 3000, 0.95) // { lower: 0, upper: 0.00122... }
 */
export function clopperPearson(k: number, n: number, level = 0.95): Interval {
  checkBinomialArgs(k, n, level);
  if (n === 0) return { lower: 0, upper: 1 };
  return 2 * k > n ? mirrorInterval(belowHalf(n - k, n, level)) : belowHalf(k, n, level);
}

/** [1 - upper, 1 - lower]: the interval of the complementary proportion. */
export function mirrorInterval(interval: Interval): Interval {
  return { lower: 1 - interval.upper, upper: 1 - interval.lower };
}

/** The Clopper-Pearson interval for 2k <= n, n > 0, by its Beta quantiles. */
function belowHalf(k: number, n: number, level: number): Interval {
  const alpha = 1 - level;
  const lower = k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1);
  const upper = k === n ? 1 : k === 0 ? -Math.expm1(Math.log(alpha / 2) / n) : betaQuantile(1 - alpha / 2, k + 1, n - k);
  return { lower, upper };
}
