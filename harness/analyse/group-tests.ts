/**
 * The tests between groups behind a verdict, in one call: homogeneity across the groups, the pairwise differences
 * with the protocol's correction, and equivalence (TOST) for every pair, on counts adjusted for clustered passes.
 * `compareGroups` calls only this, so the method for clustered passes can be changed here alone.
 */
import { chiSquareTest } from '../stats/chi-square.ts';
import { effectiveCounts } from '../stats/cluster-design-effect.ts';
import { fisherExact } from '../stats/fisher-exact.ts';
import { fisherMonteCarlo } from '../stats/fisher-monte-carlo.ts';
import { adjustPValues } from '../stats/p-adjust.ts';
import { twoProportionRatioTost, twoProportionTest, twoProportionTost } from '../stats/two-proportion.ts';
import type { Comparison } from './results-schema.ts';

/** The groups of one comparison: hits and searches of each, and the design effect of its clustered passes. */
export interface GroupTestInput {
  metric: 'TPIR' | 'FPIR';
  k: readonly number[];
  n: readonly number[];
  /** Per group, >= 1 (1 when passes are independent or no clusters are known). */
  designEffect: readonly number[];
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

/** What the tests found; `effective` holds the counts they were run on. */
export interface GroupTests {
  homogeneity: Comparison['homogeneity'];
  pairwise: Comparison['pairwise'];
  effective: { k: number[]; n: number[] };
}

/** Homogeneity results by table, shared across thresholds: the same table (often at neighbouring thresholds) is tested once. */
export type HomogeneityCache = Map<string, Comparison['homogeneity']>;

/**
 * Runs the tests on `input` with group ids `ids` (at least two groups, each n >= 1). Each group's hits and searches
 * are divided by its design effect (effective counts, Rao & Scott 1992) so that alike passes of one volunteer do not
 * pass for independent evidence. Homogeneity: Pearson's chi-square, or Fisher's exact test when an expected count is
 * below 5 (exact up to 100,000 tables, Monte Carlo with 20,000 tables beyond, seeded); none when no group has an event
 * or every search hit.
 * Pairwise: two-proportion z-tests with Newcombe's interval, p-values adjusted by the protocol's correction; TOST on
 * the difference (TPIR) or on the ratio (FPIR, whose differences are multiplicative).
 * Reference: Rao & Scott, Biometrics 48 (1992); Agresti (2013) §3.2, §3.5; Newcombe, Stat. Med. 17 (1998);
 * Schuirmann (1987); Holm (1979); Benjamini & Hochberg (1995).
 */
export function betweenGroupTests(ids: readonly string[], input: GroupTestInput, settings: GroupTestSettings, cache: HomogeneityCache = new Map()): GroupTests {
  const G = ids.length;
  const k: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < G; i++) {
    const e = effectiveCounts(input.k[i] as number, input.n[i] as number, input.designEffect[i] as number);
    k.push(e.k);
    n.push(e.n);
  }
  const totalK = k.reduce((a, b) => a + b, 0);
  const totalN = n.reduce((a, b) => a + b, 0);
  const none: Comparison['homogeneity'] = { method: 'none', statistic: null, df: null, pValue: null, minExpected: null, monteCarlo: null };
  let homogeneity = none;
  if (totalK > 0 && totalK < totalN) {
    const key = `${k.join(',')}|${n.join(',')}`;
    const seen = cache.get(key);
    if (seen !== undefined) homogeneity = seen;
    else {
      homogeneity = homogeneityTest(k, n, settings.seed);
      cache.set(key, homogeneity);
    }
  }
  const pairwise: Comparison['pairwise'] = [];
  const raw: number[] = [];
  for (let a = 0; a < G; a++) {
    for (let b = a + 1; b < G; b++) {
      const [ka, na, kb, nb] = [k[a] as number, n[a] as number, k[b] as number, n[b] as number];
      const test = twoProportionTest(ka, na, kb, nb, settings.confidenceLevel);
      const tost = input.metric === 'TPIR'
        ? twoProportionTost(ka, na, kb, nb, settings.equivalenceMargin, settings.alpha)
        : twoProportionRatioTost(ka, na, kb, nb, settings.fpirEquivalenceRatio, settings.alpha);
      raw.push(test.pValue);
      pairwise.push({
        a: ids[a] as string, b: ids[b] as string, difference: test.difference, lower: test.lower, upper: test.upper,
        pValue: test.pValue, pAdjusted: test.pValue, equivalencePValue: tost.pValue, equivalent: tost.equivalent,
      });
    }
  }
  const adjusted = adjustPValues(raw, settings.correction);
  pairwise.forEach((p, i) => { p.pAdjusted = adjusted[i] as number; });
  return { homogeneity, pairwise, effective: { k, n } };
}

/** Tables Fisher's test enumerates before it estimates the p-value by Monte Carlo (tests run at every threshold). */
export const FISHER_ENUMERATION_LIMIT = 100_000;
/** Monte Carlo tables when enumeration is infeasible (as fisherExact's default). */
export const FISHER_MONTE_CARLO_TABLES = 20_000;

/**
 * Chi-square, or Fisher's exact test when an expected count is below 5 (Cochran's rule): exact when at most
 * FISHER_ENUMERATION_LIMIT tables need enumerating, else by Monte Carlo (the fast equivalent of fisherExact's own).
 */
function homogeneityTest(k: readonly number[], n: readonly number[], seed: number): Comparison['homogeneity'] {
  const table = k.map((x, i) => [x, (n[i] as number) - x]);
  const chi = chiSquareTest(table);
  if (chi.minExpected >= 5) return { method: 'chi-square', statistic: chi.statistic, df: chi.df, pValue: chi.pValue, minExpected: chi.minExpected, monteCarlo: null };
  // one replicate: this call only asks whether enumeration succeeds; Monte Carlo p-values come from fisherMonteCarlo
  const exact = fisherExact(table, { seed, maxTables: FISHER_ENUMERATION_LIMIT, replicates: 1 });
  const f = exact.method === 'fisher-exact' ? exact : fisherMonteCarlo(table, FISHER_MONTE_CARLO_TABLES, seed);
  return {
    method: f.method, statistic: null, df: null, pValue: f.pValue, minExpected: chi.minExpected,
    monteCarlo: f.method === 'fisher-monte-carlo' ? { tables: f.tables, seed, standardError: f.standardError ?? 0 } : null,
  };
}
