/** The Jeffreys (equal-tailed Bayesian) binomial interval. */
import { betaQuantile } from './beta.ts';
import { checkBinomialArgs, type Interval } from './interval.ts';

/**
 * Jeffreys interval for k successes in n trials: the equal-tailed quantiles of the Beta(k + 1/2, n - k + 1/2)
 * posterior, with lower = 0 at k = 0 and upper = 1 at k = n (the convention of Brown, Cai & DasGupta).
 * Agrees with R's `qbeta(c(a/2, 1-a/2), k + .5, n - k + .5)`.
 * Reference: Brown, Cai & DasGupta, Statistical Science 16 (2001) 101-133. With n = 0: [0, 1].
 * @throws RangeError on negative counts, k > n or a level outside (0, 1).
 * @example jeffreys(1, 10, 0.95) // { lower: 0.0110..., upper: 0.3813... }
 */
export function jeffreys(k: number, n: number, level = 0.95): Interval {
  checkBinomialArgs(k, n, level);
  if (n === 0) return { lower: 0, upper: 1 };
  const alpha = 1 - level;
  return {
    lower: k === 0 ? 0 : betaQuantile(alpha / 2, k + 0.5, n - k + 0.5),
    upper: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 0.5, n - k + 0.5),
  };
}
