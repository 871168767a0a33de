/**
 * The design effect of a proportion estimated from clustered trials (several passes by one volunteer): how much
 * larger its variance is than if every trial were independent. Dividing a group's hits and trials by it gives the
 * effective counts that the usual tests can use (Rao & Scott 1992).
 */

/**
 * Design effect d = v_cluster / v_binomial of p = Σy / Σm over clusters with m_j trials and y_j successes, where
 * v_cluster = J/(J-1) Σ_j (y_j - p m_j)² / (Σm)² (the ratio estimator's cluster-robust variance) and
 * v_binomial = p(1-p)/Σm. Floored at 1: clustering is never credited with more information than independent trials.
 * Returns 1 when p is 0 or 1, or with fewer than two clusters (nothing to estimate).
 * Reference: Rao, J. N. K. & Scott, A. J. (1992), A simple method for the analysis of clustered binary data,
 * Biometrics 48, 577-585.
 * @throws RangeError when a cluster has negative counts or more successes than trials.
 * @example clusterDesignEffect([10, 10], [10, 0]) // 20: two volunteers, one always recognised, one never
 */
export function clusterDesignEffect(trials: ArrayLike<number>, successes: ArrayLike<number>): number {
  const J = trials.length;
  if (successes.length !== J) throw new RangeError(`clusterDesignEffect: ${J} clusters of trials but ${successes.length} of successes`);
  let M = 0;
  let Y = 0;
  for (let j = 0; j < J; j++) {
    const m = trials[j] as number;
    const y = successes[j] as number;
    if (!(m >= 0 && y >= 0 && y <= m)) throw new RangeError(`clusterDesignEffect: cluster ${j} has ${y} successes in ${m} trials`);
    M += m;
    Y += y;
  }
  if (J < 2 || M === 0 || Y === 0 || Y === M) return 1;
  const p = Y / M;
  let ss = 0;
  for (let j = 0; j < J; j++) ss += ((successes[j] as number) - p * (trials[j] as number)) ** 2;
  const vCluster = ((J / (J - 1)) * ss) / (M * M);
  const vBinomial = (p * (1 - p)) / M;
  return Math.max(1, vCluster / vBinomial);
}

/** Effective counts (Rao & Scott 1992): k / d and n / d rounded to whole numbers, so exact tests still apply. */
export function effectiveCounts(k: number, n: number, designEffect: number): { k: number; n: number } {
  if (!(designEffect >= 1)) throw new RangeError(`effectiveCounts: the design effect must be >= 1, got ${designEffect}`);
  const nEff = Math.max(1, Math.round(n / designEffect));
  return { k: Math.min(nEff, Math.round(k / designEffect)), n: n === 0 ? 0 : nEff };
}
