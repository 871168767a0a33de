/** The Wilson score binomial confidence interval. */
import { normalQuantile } from './normal.ts';
import { checkBinomialArgs, type Interval } from './interval.ts';

/**
 * Wilson score interval (no continuity correction) for k successes in n trials; agrees with R's
 * `prop.test(k, n, correct = FALSE)$conf.int`. Reference: Wilson, JASA 22 (1927) 209-212. With n = 0: [0, 1].
 * @throws RangeError on negative counts, k > n or a level outside (0, 1).
 * @example wilson(89, 100, 0.95) // { lower: 0.8137..., upper: 0.9375... }
 */
export function wilson(k: number, n: number, level = 0.95): Interval {
  checkBinomialArgs(k, n, level);
  if (n === 0) return { lower: 0, upper: 1 };
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lower: k === 0 ? 0 : Math.max(0, centre - half), upper: k === n ? 1 : Math.min(1, centre + half) };
}
