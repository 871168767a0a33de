/** log n! for whole n, exact-to-rounding for small n and by Stirling's series with its remainder beyond. */
import { logGamma, stirlingRemainder } from './beta.ts';

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * log(n!) for a whole number n >= 0. Method: log Γ(n + 1) by Lanczos below 10, by Stirling's series
 * (n + 1/2) log(n + 1) - (n + 1) + log √(2π) + remainder beyond (Abramowitz & Stegun 6.1.40).
 * @throws RangeError when n is not a whole number >= 0.
 * @example logFactorial(5) // log 120
 */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial: n must be a whole number >= 0, got ${n}`);
  if (n < 2) return 0;
  if (n < 10) return logGamma(n + 1);
  const x = n + 1;
  return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingRemainder(x);
}

/** A table of log k! for k = 0..n, for inner loops. */
export function logFactorialTable(n: number): Float64Array {
  const t = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) t[k] = logFactorial(k);
  return t;
}
