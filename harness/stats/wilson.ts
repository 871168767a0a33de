/** The Wilson score binomial confidence interval, with and without continuity correction. */
import { normalQuantile } from './normal.ts';
import { checkBinomialArgs, type Interval } from './interval.ts';
import { StatsArgumentError } from './argument-error.ts';

/**
 * Wilson score interval (no continuity correction) for k successes in n trials; agrees with R's
 * `prop.test(k, n, correct = FALSE)$conf.int`. Reference: Wilson, JASA 22 (1927) 209-212. With n = 0: [0, 1].
 * @throws RangeError on negative counts, k > n or a level outside (0, 1).
 * @example wilson(89, 100, 0.95) // { lower: 0.8137..., upper: 0.9375... }
 */
export function wilson(k: number, n: number, level = 0.95): Interval {
  checkBinomialArgs(k, n, level);
  if (n === 0) return { lower: 0, upper: 1 };
  return scoreInterval(k / n, n, level, 0);
}

/**
 * Wilson score interval for an observed rate with an effective sample size that may be fractional: n / d for n
 * clustered trials with design effect d (Kish's effective sample size). With size = n and rate = k / n it is
 * exactly `wilson(k, n, level)`.
 * Reference: Wilson (1927); Kish, Survey Sampling (1965) §8.2; Korn & Graubard, Survey Methodology 24 (1998)
 * 193-201 (binomial intervals with an effective sample size).
 * @throws StatsArgumentError when rate is outside [0, 1], size is not > 0 or the level is outside (0, 1).
 * @example wilsonEffective(0.89, 400 / 2.8, 0.95)
 */
export function wilsonEffective(rate: number, size: number, level = 0.95): Interval {
  if (!(rate >= 0 && rate <= 1)) throw new StatsArgumentError('wilsonEffective', 'rate', 'in [0, 1]', rate);
  if (!(size > 0 && Number.isFinite(size))) throw new StatsArgumentError('wilsonEffective', 'size', 'a finite number > 0', size);
  if (!(level > 0 && level < 1)) throw new StatsArgumentError('wilsonEffective', 'level', 'in (0, 1)', level);
  return scoreInterval(rate, size, level, 0);
}

/**
 * Wilson score interval with Yates' continuity correction (Newcombe's method 4), for k successes in n trials;
 * agrees with R's `prop.test(k, n, correct = TRUE)$conf.int` (whenever R does not shrink the correction because
 * |k - n p0| < 1/2 for its null p0). Wider than `wilson`, closer to Clopper-Pearson's coverage.
 * Reference: Newcombe, Statistics in Medicine 17 (1998) 857-872. With n = 0: [0, 1].
 * @throws RangeError on negative counts, k > n or a level outside (0, 1).
 * @example wilsonCorrected(0, 10, 0.95) // { lower: 0, upper: 0.3445... }
 */
export function wilsonCorrected(k: number, n: number, level = 0.95): Interval {
  checkBinomialArgs(k, n, level);
  if (n === 0) return { lower: 0, upper: 1 };
  return scoreInterval(k / n, n, level, 0.5);
}

/** R's prop.test interval (stats/R/prop.test.R), operation for operation, with correction `yates` (0 or 1/2). */
function scoreInterval(est: number, n: number, level: number, yates: number): Interval {
  const z = normalQuantile((1 + level) / 2);
  const z22n = (z * z) / (2 * n);
  let pc = est + yates / n;
  const upper = pc >= 1 ? 1 : (pc + z22n + z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  pc = est - yates / n;
  const lower = pc <= 0 ? 0 : (pc + z22n - z * Math.sqrt((pc * (1 - pc)) / n + z22n / (2 * n))) / (1 + 2 * z22n);
  return { lower: Math.max(0, lower), upper: Math.min(1, upper) };
}
