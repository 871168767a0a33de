/** The Clopper-Pearson ("exact") binomial confidence interval. */
import { betaQuantile } from './beta.ts';
import { checkBinomialArgs, type Interval } from './interval.ts';

/**
 * Clopper-Pearson interval for k successes in n trials: lower = Beta⁻¹(α/2; k, n-k+1),
 * upper = Beta⁻¹(1-α/2; k+1, n-k), with exact closed forms at k = 0 and k = n. Agrees with R's `binom.test`.
 * Reference: Clopper & Pearson, Biometrika 26 (1934) 404-413. With n = 0 the interval is [0, 1].
 * @throws RangeError on negative counts, k > n or a level outside (0, 1).
 * @example clopperPearson(0, 3000, 0.95) // { lower: 0, upper: 0.00122... }
 */
export function clopperPearson(k: number, n: number, level = 0.95): Interval {
  checkBinomialArgs(k, n, level);
  if (n === 0) return { lower: 0, upper: 1 };
  const alpha = 1 - level;
  const lower = k === 0 ? 0 : k === n ? Math.pow(alpha / 2, 1 / n) : betaQuantile(alpha / 2, k, n - k + 1);
  const upper = k === n ? 1 : k === 0 ? -Math.expm1(Math.log(alpha / 2) / n) : betaQuantile(1 - alpha / 2, k + 1, n - k);
  return { lower, upper };
}
