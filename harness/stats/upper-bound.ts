/** One-sided exact upper confidence bounds for a rate, for reporting zero (or few) observed errors. */
import { betaQuantile } from './beta.ts';
import { checkBinomialArgs } from './interval.ts';

/**
 * Exact (Clopper-Pearson) one-sided upper confidence bound for a proportion after k events in n trials: the p with
 * P(X <= k | n, p) = 1 - level. For k = 0 it is 1 - (1 - level)^(1/n), about 3/n at 95% ("rule of 3").
 * Agrees with R's `binom.test(k, n, alternative = "less", conf.level = level)$conf.int[2]`.
 * Reference: Clopper & Pearson, Biometrika 26 (1934); Hanley & Lippman-Hand, JAMA 249 (1983) 1743-1745.
 * With n = 0 the bound is 1.
 * @throws RangeError on negative counts, k > n or a level outside (0, 1).
 * @example binomialUpperBound(0, 3000) // 0.000998... (rule of 3: 0.001)
 */
export function binomialUpperBound(k: number, n: number, level = 0.95): number {
  checkBinomialArgs(k, n, level);
  if (n === 0 || k === n) return 1;
  if (k === 0) return -Math.expm1(Math.log(1 - level) / n);
  return betaQuantile(level, k + 1, n - k);
}

/**
 * The "rule of 3": 3/n, the approximate 95% one-sided upper bound on a rate after zero events in n trials.
 * A sanity check on `binomialUpperBound(0, n)`, not a replacement. Reference: Hanley & Lippman-Hand (1983).
 * @throws RangeError when n is not a whole number >= 1.
 * @example ruleOfThree(6000) // 0.0005
 */
export function ruleOfThree(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`ruleOfThree: n must be a whole number >= 1, got ${n}`);
  return Math.min(1, 3 / n);
}
