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

/** One candidate drawn from a gallery of parts: its score and the part it came from. */
export interface DrawnCandidate {
  score: number;
  part: number;
}

/**
 * The k highest impostor scores of a gallery made of parts (n entries each, normal(mean, sd)), descending: the top
 * k of each part, merged. Exact, since the overall top k are among the parts' top k.
 */
export function drawTopFromParts(rng: Rng, parts: readonly { n: number; mean: number; sd: number }[], k: number): DrawnCandidate[] {
  const all: DrawnCandidate[] = [];
  parts.forEach((p, part) => {
    for (const score of drawTopScores(rng, p.n, k, p.mean, p.sd)) all.push({ score, part });
  });
  all.sort((a, b) => b.score - a.score || a.part - b.part);
  return all.slice(0, k);
}
