/**
 * A comparison between the groups of one level at one threshold: the tests (group-tests.ts), the differential
 * indices with bootstrap intervals, the power to see the margin, and the verdict with what decided it, as codes and
 * numbers (the report puts them into words).
 */
import type { GroupLayout } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';
import { derivedPercentileInterval, differenceBcaIntervals, type ClusterBootstrap, type ClusterCounts } from '../stats/cluster-bootstrap.ts';
import type { ClusterMoments } from '../stats/cluster-design-effect.ts';
import { differentialIntervals, type DifferentialIntervals, type ReplicateInterval } from '../stats/differential-replicates.ts';
import type { Interval } from '../stats/interval.ts';
import { fairnessDiscrepancyRate, garbe, log10Ratio, maxMinRatio } from '../stats/differentials.ts';
import { twoProportionPower } from '../stats/power.ts';
import { betweenGroupTests, type GroupTestSettings, type HomogeneityCache } from './group-tests.ts';
import type { Comparison, Estimate } from './results-schema.ts';

/** Levels compared, in report order. */
export const COMPARED_LEVELS = ['sex', 'ethnicity', 'sex+ethnicity', 'ageBand'] as const;
export type ComparedLevel = (typeof COMPARED_LEVELS)[number];

/** Settings of the comparisons (from the protocol's analysis and report blocks). */
export interface CompareSettings extends GroupTestSettings {
  minCellSize: number;
  /** Power below which a test that finds neither a difference nor equivalence is called too small to tell (analysis.minPower). */
  minPower: number;
}

/** One comparison to make: a population's sweep counts at threshold index `t`, for the groups of `level`. */
export interface ComparisonInput {
  counts: PopulationCounts;
  layout: GroupLayout;
  level: ComparedLevel;
  t: number;
  thresholds: readonly number[];
  /** Replicate rates of every layout group (cluster bootstrap: one column per threshold; count bootstrap: one column). */
  boot: ClusterBootstrap | null;
  bootColumn: number;
  /** The cluster counts `boot` was drawn from (its BCa intervals need them); null for a count bootstrap. */
  bootCounts: ClusterCounts | null;
  /**
   * Cluster moments of every layout group at threshold index `t` (`groupClusterMoments` of the clusters by subject);
   * null when searches are not clustered (a crowd of distinct people).
   */
  clusters: readonly ClusterMoments[] | null;
  /** Fisher's tests already run on identical tables. */
  cache: HomogeneityCache;
  /**
   * BCa intervals of pairwise differences already computed on this population's cluster bootstrap, by groups and
   * their hits: hits swept over thresholds only fall, so equal group hits mean equal hits of every cluster, hence the
   * same replicates and the same interval.
   */
  differenceCache?: Map<string, Interval>;
  /**
   * Bootstrap intervals of the differential indices already computed on this population's cluster bootstrap, by
   * level and the compared groups' hits: equal hits give the same replicates (as for differenceCache), hence the same
   * intervals. At the higher thresholds of a non-mated population many thresholds have the same counts.
   */
  differentialCache?: Map<string, DifferentialIntervals>;
}

/**
 * Compares the groups of `input.level` (those with n >= minCellSize) on one population at one threshold. Indices
 * are computed on the error rate (FNIR for a TPIR comparison, FPIR for FPIR).
 *
 * The tests (betweenGroupTests, through compareProportions) divide counts by one design effect pooled over the
 * compared groups' volunteers when searches are clustered.
 *
 * Verdict rule (docs/statistics.md), with the reason code of each outcome:
 * 1. fewer than two groups qualify (fewer-than-two-groups), no events at all (no-events), every search hit
 *    (every-search-hit) or each group has a single volunteer (one-cluster-per-group): too-small-to-tell;
 * 2. homogeneity p < alpha (homogeneity-test), or any corrected pairwise p < alpha (pairwise-test; the pairwise
 *    p-values are protected by the homogeneity test, so this adds nothing to its error rate): significant-difference;
 * 3. every pair equivalent by TOST (every-pair-equivalent): equivalent;
 * 4. otherwise too-small-to-tell when the power to detect the margin between the two smallest groups is below
 *    minPower (low-power), else no-significant-difference (equivalence-not-shown).
 * The power (TPIR: pooled rate vs pooled - margin; FPIR: pooled rate vs pooled x ratio, at alpha, on effective
 * counts, harmonic mean of the two smallest groups) is reported whenever a test was possible.
 */
export function compareGroups(input: ComparisonInput, settings: CompareSettings): Comparison {
  const { counts: pc, layout, level, t, thresholds } = input;
  const metric = pc.population.kind === 'mated' ? 'TPIR' : 'FPIR';
  const T = thresholds.length;
  const idx: number[] = [];
  layout.groups.forEach((g, gi) => {
    if (g.level === level && (pc.n[gi] as number) >= settings.minCellSize) idx.push(gi);
  });
  const ids = idx.map((g) => layout.groups[g]?.id ?? '');
  const k = idx.map((g) => pc.hits[g * T + t] as number);
  const n = idx.map((g) => pc.n[g] as number);
  const groups = idx.map((_, i) => ({ group: ids[i] as string, k: k[i] as number, n: n[i] as number }));
  const base = { metric, population: pc.population.id, level, threshold: thresholds[t] as number, groups } as const;
  if (idx.length < 2) {
    const none = undefinedEstimate('fewer-than-two-groups');
    return {
      ...base, designEffect: 1, designEffectDf: null,
      homogeneity: { method: 'none', statistic: null, df: null, dfDenominator: null, pValue: null, minExpected: null, monteCarlo: null }, pairwise: [],
      differentials: { maxMinRatio: none, garbe: none, fdr: none, log10RatioToReference: [] }, power: null, verdict: 'too-small-to-tell', reason: 'fewer-than-two-groups',
    };
  }
  const all = input.clusters;
  const clusters = all === null ? null : idx.map((g) => {
    const m = all[g];
    // populationClusters gives every search a cluster, so every group with searches has moments
    if (m === undefined) throw new Error(`compareGroups: no cluster moments for group ${layout.groups[g]?.id ?? g}`);
    return m;
  });
  const tests = betweenGroupTests(ids, { metric, k, n, clusters }, settings, input.cache);
  const differentials = differentialEstimates(input, idx, ids, settings.confidenceLevel);
  const intervals = pairBootstrapIntervals(input, tests.pairwise.map((p) => ({ a: idx[ids.indexOf(p.a)] as number, b: idx[ids.indexOf(p.b)] as number })), settings.confidenceLevel);
  const pairwise = tests.pairwise.map((p, i) => ({ ...p, bootstrap: intervals[i] ?? null }));
  const eff = tests.effective;
  const totalK = eff.k.reduce((a, b) => a + b, 0);
  const totalN = eff.n.reduce((a, b) => a + b, 0);
  const pHom = tests.homogeneity.pValue;
  const power = pHom === null ? null : marginPower(eff.n, totalK / totalN, metric, settings);
  let verdict: Comparison['verdict'];
  let reason: Comparison['reason'];
  if (pHom === null) {
    verdict = 'too-small-to-tell';
    reason = tests.untested ?? 'no-events';
  } else if (pHom < settings.alpha) {
    verdict = 'significant-difference';
    reason = 'homogeneity-test';
  } else if (tests.pairwise.some((p) => p.pAdjusted < settings.alpha)) {
    verdict = 'significant-difference';
    reason = 'pairwise-test';
  } else if (tests.pairwise.every((p) => p.equivalent)) {
    verdict = 'equivalent';
    reason = 'every-pair-equivalent';
  } else if ((power ?? 0) < settings.minPower) {
    verdict = 'too-small-to-tell';
    reason = 'low-power';
  } else {
    verdict = 'no-significant-difference';
    reason = 'equivalence-not-shown';
  }
  return {
    ...base, designEffect: tests.designEffect, designEffectDf: tests.designEffectDf, homogeneity: tests.homogeneity, pairwise,
    differentials, power, verdict, reason,
  };
}

/**
 * Power of the two-sided two-proportion test at alpha to detect the smallest difference that matters: the margin
 * (TPIR) or the pooled rate times the ratio margin (FPIR), between the two smallest groups (harmonic mean of their
 * effective sizes). Reference: Fleiss, Levin & Paik (2003) §4.2.
 */
function marginPower(n: readonly number[], pooled: number, metric: 'TPIR' | 'FPIR', settings: CompareSettings): number {
  const sorted = [...n].sort((x, y) => x - y);
  const nh = 2 / (1 / (sorted[0] as number) + 1 / (sorted[1] as number));
  const other = metric === 'FPIR' ? Math.min(1, pooled * settings.fpirEquivalenceRatio)
    : pooled - settings.equivalenceMargin >= 0 ? pooled - settings.equivalenceMargin : pooled + settings.equivalenceMargin;
  return pooled * (1 - pooled) + other * (1 - other) > 0 ? twoProportionPower(pooled, Math.min(1, other), nh, settings.alpha) : 0;
}

/** The differential indices of the compared groups' error rates, each with its bootstrap interval. */
function differentialEstimates(input: ComparisonInput, idx: readonly number[], ids: readonly string[], level: number): Comparison['differentials'] {
  const { counts: pc } = input;
  const metric = pc.population.kind === 'mated' ? 'TPIR' : 'FPIR';
  const T = input.thresholds.length;
  const error = idx.map((g) => {
    const rate = (pc.hits[g * T + input.t] as number) / (pc.n[g] as number);
    return metric === 'TPIR' ? 1 - rate : rate;
  });
  let ref = 0;
  idx.forEach((g, i) => { if ((pc.n[g] as number) > (pc.n[idx[ref] as number] as number)) ref = i; });
  const a = metric === 'FPIR' ? 1 : 0;
  const ci = replicateDifferentials(input, idx, ref, level);
  const every = error.every((x) => x === 0);
  const others = idx.map((_, i) => i).filter((i) => i !== ref);
  return {
    maxMinRatio: estimate(maxMinRatio(error).value, every ? 'every-rate-zero' : 'a-rate-zero', ci?.maxMinRatio ?? null),
    garbe: estimate(garbe(a === 1 ? error : null, a === 0 ? error : null, a).value, 'every-rate-zero', ci?.gini ?? null),
    fdr: estimate(fairnessDiscrepancyRate(a === 1 ? error : null, a === 0 ? error : null, a).value, 'every-rate-zero', ci?.fdr ?? null),
    log10RatioToReference: others.map((i, j) => {
      const e = error[i] as number;
      const r = error[ref] as number;
      const why = e === 0 && r === 0 ? 'every-rate-zero' : e === 0 ? 'group-rate-zero' : 'reference-rate-zero';
      return { group: ids[i] as string, reference: ids[ref] as string, estimate: estimate(log10Ratio(e, r).value, why, ci?.log10Ratio[j] ?? null) };
    }),
  };
}

/**
 * differentialIntervals of the compared groups' replicate error rates (null without a bootstrap), remembered in
 * input.differentialCache on a cluster bootstrap.
 */
function replicateDifferentials(input: ComparisonInput, idx: readonly number[], ref: number, level: number): DifferentialIntervals | null {
  const { counts: pc, boot, bootColumn } = input;
  if (boot === null) return null;
  const metric = pc.population.kind === 'mated' ? 'TPIR' : 'FPIR';
  const compute = (): DifferentialIntervals => differentialIntervals(replicateErrors(boot, idx, bootColumn, metric), idx.length, boot.replicates, ref, level);
  const memo = input.bootCounts === null ? undefined : input.differentialCache;
  if (memo === undefined) return compute();
  const T = input.thresholds.length;
  const key = `${input.level}:${idx.map((g) => pc.hits[g * T + input.t] as number).join(',')}`;
  let ci = memo.get(key);
  if (ci === undefined) {
    ci = compute();
    memo.set(key, ci);
  }
  return ci;
}

/**
 * Bootstrap interval of each pair's difference rate(a) - rate(b) (layout group indices), from the replicates the
 * comparison already has: BCa (differenceBcaIntervals, identical to differenceBcaInterval) on a cluster bootstrap,
 * the percentile interval of the replicate differences (derivedPercentileInterval) on a count bootstrap; null without
 * a bootstrap or where fewer than half the replicates define the difference.
 */
function pairBootstrapIntervals(input: ComparisonInput, pairs: readonly { a: number; b: number }[], level: number): Comparison['pairwise'][number]['bootstrap'][] {
  const { boot, bootColumn: column, bootCounts } = input;
  if (boot === null || pairs.length === 0) return pairs.map(() => null);
  if (bootCounts !== null) {
    const memo = input.differenceCache ?? new Map<string, Interval>();
    const T = input.thresholds.length;
    const keys = pairs.map(({ a, b }) => `${a},${b},${input.counts.hits[a * T + input.t] as number},${input.counts.hits[b * T + input.t] as number}`);
    const todo = pairs.filter((_, i) => !memo.has(keys[i] as string));
    const fresh = todo.length === 0 ? [] : differenceBcaIntervals(boot, bootCounts, { pairs: todo, column, level });
    let j = 0;
    return keys.map((key) => {
      const ci = memo.get(key) ?? fresh[j++];
      if (ci === undefined) throw new Error('pairBootstrapIntervals: fewer intervals than pairs to compute');
      memo.set(key, ci);
      return { method: 'bca' as const, lower: ci.lower, upper: ci.upper };
    });
  }
  return pairs.map(({ a, b }) => {
    const { interval } = derivedPercentileInterval(boot, (rateOf) => rateOf(a, column) - rateOf(b, column), level);
    return interval === null ? null : { method: 'percentile', ...interval };
  });
}

let errorScratch = new Float64Array(0);

/** Replicate error rates of the compared groups, group-major (g * B + b), from a bootstrap of every layout group. */
function replicateErrors(boot: ClusterBootstrap, idx: readonly number[], column: number, metric: 'TPIR' | 'FPIR'): Float64Array {
  const B = boot.replicates;
  // one matrix reused from comparison to comparison (differentialIntervals keeps nothing of it): a fresh one each time
  // cost more in page faults and collections than filling it
  if (errorScratch.length < idx.length * B) errorScratch = new Float64Array(idx.length * B);
  const out = errorScratch.subarray(0, idx.length * B);
  idx.forEach((g, i) => {
    const from = (g * boot.columns + column) * B;
    for (let b = 0; b < B; b++) {
      const r = boot.values[from + b] as number;
      out[i * B + b] = metric === 'TPIR' ? 1 - r : r;
    }
  });
  return out;
}

function estimate(value: number | null, whyUndefined: Estimate['undefinedReason'], ci: ReplicateInterval | null): Estimate {
  return {
    value, lower: ci?.interval?.lower ?? null, upper: ci?.interval?.upper ?? null,
    undefinedReason: value === null ? whyUndefined : null, undefinedShare: ci === null ? null : ci.undefinedShare,
  };
}

function undefinedEstimate(reason: Estimate['undefinedReason']): Estimate {
  return { value: null, lower: null, upper: null, undefinedReason: reason, undefinedShare: null };
}
