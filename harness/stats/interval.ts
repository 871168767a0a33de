/** A confidence interval for a proportion, with the method that made it, and the argument checks all methods share. */

/** Binomial interval methods Evenhand computes. */
export const IntervalMethod = {
  'clopper-pearson': 'Clopper-Pearson exact interval (Clopper & Pearson 1934)',
  wilson: 'Wilson score interval (Wilson 1927)',
} as const;
export type IntervalMethod = keyof typeof IntervalMethod;

/** A two-sided interval [lower, upper] for a proportion at a confidence level. */
export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Checks k successes in n trials and a confidence level in (0, 1).
 * @throws RangeError naming the offending value: negative or fractional counts, k > n, a level outside (0, 1).
 */
export function checkBinomialArgs(k: number, n: number, level: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`trials n must be a whole number >= 0, got ${n}`);
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`successes k must be a whole number >= 0, got ${k}`);
  if (k > n) throw new RangeError(`successes k must be <= trials n, got k=${k} > n=${n}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
}
