/** Exact random draws from the binomial and hypergeometric distributions, driven by a seeded Rng. */
import type { Rng } from './rng.ts';
import { logFactorial } from './log-factorial.ts';

/**
 * One draw from Binomial(n, p). Method: inversion by the pmf recurrence, started at the mode and searching outward
 * (chop-down search; expected steps O(√(np(1-p)) + 1)), so it is exact for any n. Reference: Kachitvichyanukul &
 * Schmeiser, Comm. ACM 31 (1988) 216-222 (inversion algorithms); Devroye, Non-Uniform Random Variate Generation
 * (1986) §X.4.
 * @throws RangeError when n is not a whole number >= 0 or p is outside [0, 1].
 * @example binomialSample(createRng(1), 100, 0.5)
 */
export function binomialSample(rng: Rng, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialSample: n must be a whole number >= 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomialSample: p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const logPmf = (k: number): number => logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  const ratioUp = (k: number): number => ((n - k) / (k + 1)) * (p / (1 - p)); // pmf(k+1)/pmf(k)
  return searchFromMode(rng.next(), mode, 0, n, Math.exp(logPmf(mode)), ratioUp);
}

/**
 * One draw from the hypergeometric distribution: white balls among `draws` taken without replacement from an urn
 * of `white` white and `black` black balls. Method: inversion from the mode, as binomialSample.
 * Reference: Kachitvichyanukul & Schmeiser, J. Stat. Comput. Simul. 22 (1985) 127-145.
 * @throws RangeError for negative or fractional counts or draws > white + black.
 * @example hypergeometricSample(createRng(1), 10, 90, 20)
 */
export function hypergeometricSample(rng: Rng, white: number, black: number, draws: number): number {
  for (const [name, v] of [['white', white], ['black', black], ['draws', draws]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`hypergeometricSample: ${name} must be a whole number >= 0, got ${v}`);
  }
  const total = white + black;
  if (draws > total) throw new RangeError(`hypergeometricSample: draws must be <= white + black = ${total}, got ${draws}`);
  const lo = Math.max(0, draws - black);
  const hi = Math.min(draws, white);
  if (lo === hi) return lo;
  const mode = Math.min(hi, Math.max(lo, Math.floor(((draws + 1) * (white + 1)) / (total + 2))));
  const lf = logFactorial;
  const logPmf = (k: number): number =>
    lf(white) - lf(k) - lf(white - k) + lf(black) - lf(draws - k) - lf(black - draws + k) - (lf(total) - lf(draws) - lf(total - draws));
  const ratioUp = (k: number): number => ((white - k) * (draws - k)) / ((k + 1) * (black - draws + k + 1));
  return searchFromMode(rng.next(), mode, lo, hi, Math.exp(logPmf(mode)), ratioUp);
}

/** Inversion: subtract pmf values from u alternately above and below the mode until u is used up. */
function searchFromMode(u: number, mode: number, lo: number, hi: number, pmfMode: number, ratioUp: (k: number) => number): number {
  let rest = u - pmfMode;
  if (rest <= 0) return mode;
  let up = mode;
  let down = mode;
  let pUp = pmfMode;
  let pDown = pmfMode;
  for (;;) {
    const canUp = up < hi;
    const canDown = down > lo;
    if (!canUp && !canDown) return mode; // rounding left a sliver of u: the mode is the nearest value
    if (canUp) {
      pUp *= ratioUp(up);
      up++;
      rest -= pUp;
      if (rest <= 0) return up;
    }
    if (canDown) {
      pDown /= ratioUp(down - 1);
      down--;
      rest -= pDown;
      if (rest <= 0) return down;
    }
  }
}
