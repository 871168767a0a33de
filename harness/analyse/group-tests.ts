/**
 * The tests between groups behind a verdict, in one call: homogeneity across the groups and the pairwise
 * differences (both by `compareProportions`, the one place where the method for clustered passes lives), and
 * equivalence (TOST) for every pair, as the fields of a comparison in results.json.
 */
import type { ClusterMoments } from '../stats/cluster-design-effect.ts';
import { compareProportions, type Homogeneity, type HomogeneityCache } from '../stats/compare-proportions.ts';
import { twoProportionRatioTost, twoProportionTost } from '../stats/two-proportion.ts';
import type { Comparison } from './results-schema.ts';

export type { HomogeneityCache } from '../stats/compare-proportions.ts';

/** The groups of one comparison: hits and searches of each, and the moments of its clusters (a volunteer's passes). */
export interface GroupTestInput {
  metric: 'TPIR' | 'FPIR';
  k: readonly number[];
  n: readonly number[];
  /** Per group, the moments of its clusters at this threshold (`groupClusterMoments`); null when searches are independent. */
  clusters: readonly ClusterMoments[] | null;
}

/** Settings of the tests (from the protocol's analysis block). */
export interface GroupTestSettings {
  alpha: number;
  correction: 'holm' | 'benjamini-hochberg' | 'none';
  /** Margin on TPIR differences. */
  equivalenceMargin: number;
  /** Margin on FPIR ratios (> 1). */
  fpirEquivalenceRatio: number;
  confidenceLevel: number;
  /** Seed of Fisher's Monte Carlo p-values when enumeration is infeasible. */
  seed: number;
}

/** Why no homogeneity test was possible (the verdict's reason code), or null when it was run. */
export type UntestedReason = 'no-events' | 'every-search-hit' | 'one-cluster-per-group' | null;

/** What the tests found; `effective` holds the counts the exact tests, TOST and the power use. */
export interface GroupTests {
  homogeneity: Comparison['homogeneity'];
  /** The pairwise tests; the caller adds each pair's bootstrap interval. */
  pairwise: Omit<Comparison['pairwise'][number], 'bootstrap'>[];
  /** The design effect pooled over the compared groups (1 for independent searches) and its degrees of freedom. */
  designEffect: number;
  designEffectDf: number | null;
  untested: UntestedReason;
  effective: { k: number[]; n: number[] };
}

/**
 * Runs the tests on `input` with group ids `ids` (at least two groups, each n >= 1) through `compareProportions`:
 * one design effect pooled over the compared groups' clusters (Rao & Scott 1992), the homogeneity test (Rao-Scott
 * F with clusters, chi-square without, Fisher's exact test on the effective counts when Cochran's rule fails), pairwise
 * tests with Newcombe's intervals at the effective sizes, corrected by the protocol's correction and protected by the
 * homogeneity test (closed testing). Then TOST for every pair on the effective counts: on the difference (TPIR) or on
 * the ratio (FPIR, whose differences are multiplicative).
 * Reference: Rao & Scott, Biometrics 48 (1992); Thomas & Rao, JASA 82 (1987); Newcombe, Stat. Med. 17 (1998);
 * Marcus, Peritz & Gabriel, Biometrika 63 (1976); Schuirmann (1987); Holm (1979); Benjamini & Hochberg (1995).
 * @throws StatsArgumentError as compareProportions (fewer than two groups, bad counts).
 * @example betweenGroupTests(['sex:female', 'sex:male'], { metric: 'TPIR', k: [356, 340], n: [400, 400], clusters: null }, settings)
 */
export function betweenGroupTests(ids: readonly string[], input: GroupTestInput, settings: GroupTestSettings, cache?: HomogeneityCache): GroupTests {
  const tested = compareProportions({
    hits: input.k, searches: input.n, clusters: input.clusters, correction: settings.correction, level: settings.confidenceLevel,
    seed: settings.seed, ...(cache === undefined ? {} : { cache }),
  });
  const k = tested.effective.map((e) => e.k);
  const n = tested.effective.map((e) => e.n);
  const pairwise: GroupTests['pairwise'] = tested.pairwise.map(({ a, b, difference, lower, upper, pValue, pAdjusted }) => {
    const [ka, na, kb, nb] = [k[a] as number, n[a] as number, k[b] as number, n[b] as number];
    const tost = input.metric === 'TPIR'
      ? twoProportionTost(ka, na, kb, nb, settings.equivalenceMargin, settings.alpha)
      : twoProportionRatioTost(ka, na, kb, nb, settings.fpirEquivalenceRatio, settings.alpha);
    return { a: ids[a] as string, b: ids[b] as string, difference, lower, upper, pValue, pAdjusted, equivalencePValue: tost.pValue, equivalent: tost.equivalent };
  });
  const h = tested.homogeneity;
  return {
    homogeneity: homogeneityFields(h, settings.seed), pairwise, designEffect: tested.designEffect, designEffectDf: tested.df,
    untested: h.untested === null ? null : h.untested === 'all-events' ? 'every-search-hit' : h.untested, effective: { k, n },
  };
}

/** The homogeneity test as results.json records it. */
function homogeneityFields(h: Homogeneity, seed: number): Comparison['homogeneity'] {
  return {
    method: h.method, statistic: h.statistic, df: h.df, dfDenominator: h.dfDenominator, pValue: h.pValue, minExpected: h.minExpected,
    monteCarlo: h.method === 'fisher-monte-carlo' ? { tables: h.tables ?? 0, seed, standardError: h.standardError ?? 0 } : null,
  };
}
