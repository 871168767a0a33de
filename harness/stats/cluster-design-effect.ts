/**
 * The design effect of a proportion estimated from clustered trials (several passes by one volunteer): how much
 * larger its variance is than if every trial were independent. Dividing hits and trials by it gives the effective
 * counts that the usual tests can use (Rao & Scott 1992). For tests between groups one design effect is pooled over
 * the groups compared (`pooledDesignEffect`): a small group's own estimate is too noisy to divide by.
 */
import { StatsArgumentError } from './argument-error.ts';
import type { ClusterCounts } from './cluster-bootstrap.ts';

/**
 * Design effect d = v_cluster / v_binomial of p = Σy / Σm over clusters with m_j trials and y_j successes, where
 * v_cluster = J/(J-1) Σ_j (y_j - p m_j)² / (Σm)² (the ratio estimator's cluster-robust variance) and
 * v_binomial = p(1-p)/Σm. Floored at 1: clustering is never credited with more information than independent trials.
 * Returns 1 when p is 0 or 1, or with fewer than two clusters (nothing to estimate).
 * Reference: Rao, J. N. K. & Scott, A. J. (1992), A simple method for the analysis of clustered binary data,
 * Biometrics 48, 577-585.
 * @throws StatsArgumentError when the arrays differ in length, or a cluster has fractional or negative counts or more
 * successes than trials.
 * @example clusterDesignEffect([10, 10], [10, 0]) // 20: two volunteers, one always recognised, one never
 */
export function clusterDesignEffect(trials: ArrayLike<number>, successes: ArrayLike<number>): number {
  const J = trials.length;
  if (successes.length !== J) throw new StatsArgumentError('clusterDesignEffect', 'successes', `one count per cluster (${J})`, `${successes.length} counts`);
  let M = 0;
  let Y = 0;
  for (let j = 0; j < J; j++) {
    const m = trials[j] as number;
    const y = successes[j] as number;
    checkCluster('clusterDesignEffect', j, m, y);
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

function checkCluster(fn: string, j: number, m: number, y: number): void {
  if (!(Number.isInteger(m) && Number.isInteger(y) && m >= 0 && y >= 0 && y <= m)) {
    throw new StatsArgumentError(fn, `cluster ${j}`, 'whole numbers of successes <= trials', `${y} successes in ${m} trials`);
  }
}

/**
 * Effective counts (Rao & Scott 1992): k / d and n / d rounded to whole numbers, so exact tests still apply.
 * @throws StatsArgumentError when k or n is not a whole number >= 0, k > n, or the design effect is below 1 (or NaN).
 * @example effectiveCounts(356, 400, 2.8) // { k: 127, n: 143 }
 */
export function effectiveCounts(k: number, n: number, designEffect: number): { k: number; n: number } {
  if (!(designEffect >= 1)) throw new StatsArgumentError('effectiveCounts', 'the design effect', '>= 1', designEffect);
  if (!(Number.isInteger(n) && n >= 0)) throw new StatsArgumentError('effectiveCounts', 'n', 'a whole number >= 0', n);
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new StatsArgumentError('effectiveCounts', 'k', `a whole number in 0..n (n = ${n})`, k);
  const nEff = Math.max(1, Math.round(n / designEffect));
  return { k: Math.min(nEff, Math.round(k / designEffect)), n: n === 0 ? 0 : nEff };
}

/**
 * The sums over one group's clusters that a pooled design effect needs: clusters J, Σm, Σy, Σm², Σy², Σym
 * (m = trials, y = successes of a cluster).
 */
export interface ClusterMoments {
  clusters: number;
  trials: number;
  successes: number;
  trialsSquared: number;
  successesSquared: number;
  crossProduct: number;
}

/**
 * The cluster moments of every group of `counts` at column `column` (a threshold): one pass over each group's
 * clusters, O(clusters x groups they belong to).
 * @throws StatsArgumentError when the column is outside 0..columns-1.
 * @example groupClusterMoments({ trials: [10, 10], successes: [9, 7], columns: 1, groups: [[0, 1]] }, 0)[0].successes // 16
 */
export function groupClusterMoments(counts: ClusterCounts, column: number): ClusterMoments[] {
  const T = counts.columns;
  if (!(Number.isInteger(column) && column >= 0 && column < T)) throw new StatsArgumentError('groupClusterMoments', 'column', `a whole number in 0..${T - 1}`, column);
  return momentsOfColumns(counts, column, column + 1)[0] as ClusterMoments[];
}

/**
 * groupClusterMoments at every column at once (index [column][group]): one pass over each group's clusters, reading
 * each cluster's successes at all columns together (they are contiguous), with the same sums in the same order.
 * @example groupClusterMomentsByColumn({ trials: [10, 10], successes: [9, 1, 7, 2], columns: 2, groups: [[0, 1]] })[1][0].successes // 3
 */
export function groupClusterMomentsByColumn(counts: ClusterCounts): ClusterMoments[][] {
  return momentsOfColumns(counts, 0, counts.columns);
}

/** The moments of every group at columns from..to-1, index [column - from][group]. */
function momentsOfColumns(counts: ClusterCounts, from: number, to: number): ClusterMoments[][] {
  const T = counts.columns;
  const width = to - from;
  const { trials, successes } = counts;
  const byColumn: ClusterMoments[][] = Array.from({ length: width }, () => []);
  const y1 = new Float64Array(width);
  const y2 = new Float64Array(width);
  const ym = new Float64Array(width);
  for (const members of counts.groups) {
    y1.fill(0);
    y2.fill(0);
    ym.fill(0);
    let m1 = 0;
    let m2 = 0;
    for (const c of members) {
      const m = trials[c] as number;
      m1 += m;
      m2 += m * m;
      const at = c * T + from;
      for (let t = 0; t < width; t++) {
        const y = successes[at + t] as number;
        y1[t] = (y1[t] as number) + y;
        y2[t] = (y2[t] as number) + y * y;
        ym[t] = (ym[t] as number) + y * m;
      }
    }
    for (let t = 0; t < width; t++) {
      (byColumn[t] as ClusterMoments[]).push({ clusters: members.length, trials: m1, successes: y1[t] as number, trialsSquared: m2, successesSquared: y2[t] as number, crossProduct: ym[t] as number });
    }
  }
  return byColumn;
}

/** A design effect pooled over groups, with the degrees of freedom of its variance estimate. */
export interface PooledDesignEffect {
  /** d = σ̂² / (p(1 - p)), floored at 1; 1 when p is 0 or 1. */
  designEffect: number;
  /** Clusters minus groups (the within-group degrees of freedom); 0 when no group has two clusters. */
  df: number;
}

/**
 * One design effect for a set of groups, pooled from the within-group variation of their clusters. Each cluster's
 * residual y_j - p_g m_j (p_g its group's rate) estimates the per-trial variance σ² = d p(1 - p) in
 * σ̂² = Σ_g Σ_j (y_j - p_g m_j)² / Σ_g (M_g - Σ_j m_j² / M_g), whose denominator makes it unbiased when the variance of
 * a cluster's total is σ² m_j (with m_j equal, it is the one-way ANOVA's within-group mean square of the volunteers'
 * hit rates, times m). Then d = σ̂² / (p(1 - p)) with p the pooled rate, floored at 1; df = J - G.
 * The estimate uses every group's clusters, so a group of 20 volunteers is not divided by its own, very noisy,
 * design effect (which made tests by sex x ethnicity reject 15% of the time at alpha 0.05 with no true difference);
 * and it is within-group, so a true difference between groups does not inflate it.
 * Reference: Rao & Scott, Biometrics 48 (1992) 577-585 (a common design effect); Donner, Biometrics 45 (1989)
 * 605-611 (a pooled intra-cluster correlation for comparing groups); Donner & Klar, Design and Analysis of Cluster
 * Randomization Trials (2000) §6.2.
 * @example pooledDesignEffect(groupClusterMoments(counts, t))
 */
export function pooledDesignEffect(groups: readonly ClusterMoments[]): PooledDesignEffect {
  let ssw = 0;
  let weight = 0;
  let Y = 0;
  let M = 0;
  let J = 0;
  let G = 0;
  for (const g of groups) {
    if (g.trials === 0) continue;
    G++;
    J += g.clusters;
    Y += g.successes;
    M += g.trials;
    const p = g.successes / g.trials;
    ssw += Math.max(0, g.successesSquared - 2 * p * g.crossProduct + p * p * g.trialsSquared);
    weight += g.trials - g.trialsSquared / g.trials;
  }
  const df = Math.max(0, J - G);
  if (M === 0 || Y === 0 || Y === M || !(weight > 0)) return { designEffect: 1, df };
  const p = Y / M;
  return { designEffect: Math.max(1, ssw / weight / (p * (1 - p))), df };
}
