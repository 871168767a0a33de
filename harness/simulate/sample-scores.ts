/** Draws scores from the model: a normal variate, and the top k of N impostor scores without drawing all N. */
import { normalQuantile, normalUpperQuantile } from '../stats/normal.ts';
import type { Rng } from '../stats/rng.ts';

/** A normal variate by inversion (one uniform per draw keeps streams aligned). */
export function drawNormal(rng: Rng, mean: number, sd: number): number {
  return mean + sd * normalQuantile(rng.nextOpen());
}

/** Clips a score to the 0..1 scale. */
export function clipScore(s: number): number {
  return s < 0 ? 0 : s > 1 ? 1 : s;
}

/**
 * The k highest of N iid normal(mean, sd) scores, descending, drawn exactly with the order statistics of the
 * uniform distribution from the top: U(N) = V1^(1/N), U(N-1) = U(N)·V2^(1/(N-1)), ... worked in log space and
 * turned into upper-tail probabilities with expm1, so that N = 178,000 costs k draws, not N.
 */
export function drawTopScores(rng: Rng, n: number, k: number, mean: number, sd: number): number[] {
  const out: number[] = [];
  let logU = 0;
  for (let i = 0; i < Math.min(k, n); i++) {
    logU += Math.log(rng.nextOpen()) / (n - i);
    const upper = -Math.expm1(logU);
    out.push(clipScore(mean + sd * normalUpperQuantile(upper)));
  }
  return out;
}
