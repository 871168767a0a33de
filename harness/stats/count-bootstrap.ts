/** A parametric bootstrap of independent binomial counts, for populations without clusters (a crowd). */
import { binomialSample } from './sample.ts';
import { checkSeed, createRng } from './rng.ts';
import type { ClusterBootstrap } from './cluster-bootstrap.ts';

/**
 * Bootstrap replicates of rates k_g / n_g of independent groups: replicate b draws k*_g ~ Binomial(n_g, k_g / n_g)
 * for every group from stream b of `seed` (so a replicate can be rerun alone). Appropriate when every search is a
 * different person (a passing crowd), where there are no clusters to resample; returns the same shape as
 * clusterBootstrap (one column) so percentile and derived intervals apply unchanged.
 * Reference: Efron & Tibshirani, An Introduction to the Bootstrap (1993) §6.5 (parametric bootstrap).
 * @throws RangeError for mismatched lengths, negative counts, k > n or replicates < 1; StatsArgumentError for a seed
 * that is not a whole number in 0..2^32 - 1.
 * @example countBootstrap([3, 9], [1000, 1200], 2000, 1)
 */
export function countBootstrap(k: readonly number[], n: readonly number[], replicates: number, seed: number): ClusterBootstrap {
  if (k.length !== n.length) throw new RangeError(`countBootstrap: ${k.length} counts for ${n.length} groups`);
  if (!Number.isInteger(replicates) || replicates < 1) throw new RangeError(`countBootstrap: replicates must be a whole number >= 1, got ${replicates}`);
  checkSeed('countBootstrap', seed);
  const G = k.length;
  k.forEach((x, g) => {
    const m = n[g] as number;
    if (!(Number.isInteger(m) && m >= 0)) throw new RangeError(`countBootstrap: n of group ${g} must be a whole number >= 0, got ${m}`);
    if (!(Number.isInteger(x) && x >= 0 && x <= m)) throw new RangeError(`countBootstrap: k of group ${g} must be in 0..${m}, got ${x}`);
  });
  const B = replicates;
  const values = new Float64Array(G * B);
  for (let b = 0; b < B; b++) {
    const rng = createRng(seed, b);
    for (let g = 0; g < G; g++) {
      const m = n[g] as number;
      values[g * B + b] = m === 0 ? NaN : binomialSample(rng, m, (k[g] as number) / m) / m;
    }
  }
  return { seed, replicates: B, groups: G, columns: 1, estimate: Float64Array.from(k, (x, g) => ((n[g] as number) === 0 ? NaN : x / (n[g] as number))), values };
}
