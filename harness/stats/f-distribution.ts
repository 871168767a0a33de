/** The F distribution's upper tail (and through it Student's t), for tests whose variance is estimated. */
import { StatsArgumentError } from './argument-error.ts';
import { incompleteBeta, incompleteBetaUpper } from './beta.ts';
import { chiSquareUpperTail } from './chi-square.ts';

/**
 * Upper tail P(F >= x) of the F distribution with d1 and d2 degrees of freedom: I_{d2/(d2 + d1 x)}(d2/2, d1/2).
 * Computed, as R does, from the Beta tail whose argument is the smaller of d2/(d2 + d1 x) and d1 x/(d2 + d1 x).
 * d2 = Infinity gives the limit, the chi-square tail of d1 x with d1 degrees of freedom. A two-sided Student t
 * p-value with ν degrees of freedom is fUpperTail(t², 1, ν). Agrees with R's `pf(x, d1, d2, lower.tail = FALSE)`.
 * Reference: Abramowitz & Stegun (1964) 26.6.2 and 26.7.1; Johnson, Kotz & Balakrishnan, Continuous Univariate
 * Distributions, vol. 2, 2nd ed. (1995) ch. 27.
 * @throws StatsArgumentError when d1 or d2 is not positive, or x is negative or NaN.
 * @example fUpperTail(3.8414588206941254, 1, Infinity) // 0.05
 */
export function fUpperTail(x: number, d1: number, d2: number): number {
  if (!(d1 > 0 && Number.isFinite(d1))) throw new StatsArgumentError('fUpperTail', 'd1', 'a finite number > 0', d1);
  if (!(d2 > 0)) throw new StatsArgumentError('fUpperTail', 'd2', 'a number > 0 (Infinity for the chi-square limit)', d2);
  if (!(x >= 0)) throw new StatsArgumentError('fUpperTail', 'x', 'a number >= 0', x);
  if (d2 === Infinity) return chiSquareUpperTail(d1 * x, d1);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  // as R's pf: the Beta tail on the side whose argument is formed without rounding away the small one
  const s = d2 + d1 * x;
  return d1 * x > d2 ? incompleteBeta(d2 / s, d2 / 2, d1 / 2) : incompleteBetaUpper((d1 * x) / s, d1 / 2, d2 / 2);
}
