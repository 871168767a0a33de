/**
 * Tests between the groups of one grouping on a proportion (TPIR or FPIR), allowing for clustered trials (a
 * volunteer's passes): a homogeneity test, and pairwise differences whose corrected p-values are protected by it, so
 * that "some difference was found" keeps the error rate alpha however many groups and pairs there are.
 */
import { StatsArgumentError } from './argument-error.ts';
import { chiSquareUpperTail } from './chi-square.ts';
import { effectiveCounts, pooledDesignEffect, type ClusterMoments } from './cluster-design-effect.ts';
import { fisherExact } from './fisher-exact.ts';
import { fisherMonteCarlo } from './fisher-monte-carlo.ts';
import { fUpperTail } from './f-distribution.ts';
import { normalUpperTail } from './normal.ts';
import { adjustPValues, type Correction } from './p-adjust.ts';
import { newcombeInterval } from './two-proportion.ts';

/** Homogeneity tests `compareProportions` runs. */
export const HomogeneityMethod = {
  'rao-scott-f': 'Pearson chi-square divided by the pooled design effect, referred to F(G - 1, clusters - G)',
  'chi-square': 'Pearson chi-square (independent searches)',
  'fisher-exact': "Fisher's exact test on the effective counts (an expected count below 5)",
  'fisher-monte-carlo': "Fisher's exact test by Monte Carlo on the effective counts (enumeration too large)",
  none: 'No test was possible',
} as const;
export type HomogeneityMethod = keyof typeof HomogeneityMethod;

/** Why no homogeneity test was run. */
export type Untested = 'no-events' | 'all-events' | 'one-cluster-per-group';

/**
 * Fisher's tests already run, by table and seed: the same effective table (often at neighbouring thresholds) is
 * tested once. A cache changes no result, only the time.
 */
export type HomogeneityCache = Map<string, Homogeneity>;

/** Settings and counts of one comparison. */
export interface CompareProportionsOptions {
  /** Successes (hits, or false alerts) per group. */
  hits: readonly number[];
  /** Trials (searches) per group. */
  searches: readonly number[];
  /** Per group, the moments of its clusters (`groupClusterMoments`); null when every search is independent. */
  clusters: readonly ClusterMoments[] | null;
  correction: Correction;
  /** Confidence level of the pairwise intervals. */
  level: number;
  /** Seed of Fisher's Monte Carlo p-value, when enumeration is too large. */
  seed: number;
  /** Fisher's tests already run (shared across the thresholds of an analysis); none kept when absent. */
  cache?: HomogeneityCache;
}

/** The homogeneity test of all groups. */
export interface Homogeneity {
  method: HomogeneityMethod;
  /** F (rao-scott-f) or the chi-square statistic (chi-square); null for Fisher's tests and none. */
  statistic: number | null;
  /** Numerator degrees of freedom, G - 1. */
  df: number | null;
  /** F's denominator degrees of freedom (clusters - groups); null otherwise. */
  dfDenominator: number | null;
  pValue: number | null;
  /** Smallest expected count of the table of effective counts; null when untested. */
  minExpected: number | null;
  /** Tables drawn (fisher-monte-carlo); null otherwise. */
  tables: number | null;
  /** Standard error of the Monte Carlo p-value (fisher-monte-carlo); null otherwise. */
  standardError: number | null;
  untested: Untested | null;
}

/** One pair of groups (indices into the options' arrays). */
export interface PairwiseDifference {
  a: number;
  b: number;
  /** rate(a) - rate(b) on the observed counts. */
  difference: number;
  /** Newcombe's interval at the effective sizes n / d. */
  lower: number;
  upper: number;
  pValue: number;
  /** After the correction, and never below the homogeneity p-value (closed testing). */
  pAdjusted: number;
}

/** What `compareProportions` finds. */
export interface ProportionsComparison {
  /** The pooled design effect used (1 for independent searches). */
  designEffect: number;
  /** Degrees of freedom of the design effect (clusters - groups); null for independent searches. */
  df: number | null;
  /** Hits and searches divided by the design effect and rounded, for exact tests, TOST and power. */
  effective: { k: number; n: number }[];
  homogeneity: Homogeneity;
  pairwise: PairwiseDifference[];
}

/**
 * Compares a proportion across G >= 2 groups whose trials may be clustered (a volunteer's passes are alike).
 * 1. One design effect d for the grouping, pooled over its groups from within-group cluster residuals
 *    (`pooledDesignEffect`; d = 1 and no clusters for independent searches).
 * 2. Homogeneity: Pearson's X² on the observed counts divided by d (the first-order Rao-Scott correction with a
 *    common design effect), referred to F(G - 1, J - G) since d is estimated from J clusters in G groups (with d = 1
 *    for independent searches: the chi-square test). When the effective table (counts / d, rounded) fails Cochran's
 *    rule (an expected count below 1, or more than a fifth of them below 5): Fisher's exact test on it (enumerating
 *    at most 20,000 tables, then 2,000 seeded Monte Carlo tables, as R's default B, drawn by `fisherMonteCarlo`:
 *    at most about 40 ms; a table already tested is taken from `cache`).
 * 3. Pairwise: the pooled two-proportion test with variance d p(1 - p)(1/n_a + 1/n_b), referred to Student's t with
 *    J - G degrees of freedom (normal for independent searches); Newcombe's interval at the effective sizes n / d.
 *    The correction (Holm, Benjamini-Hochberg or none) is applied, then each adjusted p-value is raised to at least
 *    the homogeneity p-value: a pair is declared different only when the groups as a whole are. This is closed
 *    testing with the homogeneity test as gatekeeper, so the family-wise error of the pairs is still controlled
 *    (Holm) and, when no group differs, "the homogeneity test or any pair rejects" has exactly the homogeneity test's
 *    error rate, rather than the union of two tests'.
 * Measured (harness/stats/calibration.test.ts, 400 volunteers x 10 passes, no true difference): 4-6% false
 * "significant difference" at alpha 0.05 by sex, ethnicity and sex x ethnicity at intra-volunteer correlations
 * 0.1 and 0.3; per-group design effects with an unprotected union gave up to 17.6%.
 * Cost: O(G² + clusters) arithmetic and G(G - 1)/2 + 1 incomplete-beta evaluations (plus Fisher's test when counts
 * are small); about 0.1 ms for 10 groups.
 * Reference: Cochran, Biometrics 10 (1954) 417-451 (the rule for expected counts); Rao & Scott, JASA 76 (1981) 221-230 and Ann. Statist. 12 (1984) 46-60 (design-corrected chi-square);
 * Thomas & Rao, JASA 82 (1987) 630-636 (F-referred corrections keep their level with few clusters); Donner,
 * Biometrics 45 (1989) 605-611; Marcus, Peritz & Gabriel, Biometrika 63 (1976) 655-660 (closed testing); Holm (1979).
 * @throws StatsArgumentError when fewer than two groups are given, the arrays differ in length, or counts are bad.
 * @example compareProportions({ hits: [356, 340], searches: [400, 400], clusters: null, correction: 'holm', level: 0.95, seed: 1 })
 */
export function compareProportions(o: CompareProportionsOptions): ProportionsComparison {
  const G = o.hits.length;
  if (G < 2) throw new StatsArgumentError('compareProportions', 'hits', 'counts of at least two groups', `${G} group(s)`);
  if (o.searches.length !== G) throw new StatsArgumentError('compareProportions', 'searches', `one count per group (${G})`, `${o.searches.length} counts`);
  if (o.clusters !== null && o.clusters.length !== G) throw new StatsArgumentError('compareProportions', 'clusters', `one entry per group (${G})`, `${o.clusters.length} entries`);
  const design = o.clusters === null ? { designEffect: 1, df: Infinity } : pooledDesignEffect(o.clusters);
  const d = design.designEffect;
  const effective = o.hits.map((k, i) => effectiveCounts(k, o.searches[i] as number, d));
  o.searches.forEach((n, i) => {
    if (n === 0) throw new StatsArgumentError('compareProportions', `searches[${i}]`, '> 0 (an empty group cannot be compared)', n);
  });
  const homogeneity = homogeneityTest(o, effective, d, design.df);
  const rate = o.hits.map((k, i) => k / (o.searches[i] as number));
  const pairs: PairwiseDifference[] = [];
  for (let a = 0; a < G; a++) {
    for (let b = a + 1; b < G; b++) {
      const na = o.searches[a] as number;
      const nb = o.searches[b] as number;
      const pa = rate[a] as number;
      const pb = rate[b] as number;
      const pooled = ((o.hits[a] as number) + (o.hits[b] as number)) / (na + nb);
      const se = Math.sqrt(d * pooled * (1 - pooled) * (1 / na + 1 / nb));
      const t = (pa - pb) / se;
      const pValue = !(se > 0) || design.df === 0 ? 1 : design.df === Infinity ? Math.min(1, 2 * normalUpperTail(Math.abs(t))) : fUpperTail(t * t, 1, design.df);
      const ci = newcombeInterval({ rate: pa, size: na / d }, { rate: pb, size: nb / d }, o.level);
      pairs.push({ a, b, difference: pa - pb, lower: ci.lower, upper: ci.upper, pValue, pAdjusted: pValue });
    }
  }
  const adjusted = adjustPValues(pairs.map((p) => p.pValue), o.correction);
  const gate = homogeneity.pValue ?? 0;
  pairs.forEach((p, i) => { p.pAdjusted = Math.max(adjusted[i] as number, gate); });
  return { designEffect: d, df: o.clusters === null ? null : design.df, effective, homogeneity, pairwise: pairs };
}

/** Fisher's test inside the comparisons runs at every threshold: enumeration and Monte Carlo are kept small. */
const FISHER_MAX_TABLES = 20_000;
const FISHER_REPLICATES = 2_000;

function homogeneityTest(o: CompareProportionsOptions, effective: { k: number; n: number }[], d: number, df: number): Homogeneity {
  const G = effective.length;
  const none = (untested: Untested): Homogeneity => ({ method: 'none', statistic: null, df: null, dfDenominator: null, pValue: null, minExpected: null, tables: null, standardError: null, untested });
  const K = effective.reduce((s, e) => s + e.k, 0);
  const N = effective.reduce((s, e) => s + e.n, 0);
  if (K === 0) return none('no-events');
  if (K === N) return none('all-events');
  if (df === 0) return none('one-cluster-per-group');
  const table = effective.map((e) => [e.k, e.n - e.k]);
  // Cochran's rule on the effective table: the F (chi-square) approximation when no expected count is below 1 and
  // at most a fifth are below 5; otherwise Fisher's exact test, whose enumeration is then small
  let minExpected = Infinity;
  let small = 0;
  for (const e of effective) {
    for (const x of [(e.n * K) / N, (e.n * (N - K)) / N]) {
      minExpected = Math.min(minExpected, x);
      if (x < 5) small++;
    }
  }
  if (minExpected < 1 || small > 0.2 * 2 * G) {
    const key = `${o.seed}|${table.map((r) => r.join(',')).join(';')}`;
    const seen = o.cache?.get(key);
    if (seen !== undefined) return seen;
    // one replicate: this call only asks whether enumeration succeeds; the Monte Carlo p-value comes from
    // fisherMonteCarlo, the same draws as fisherExact's own, faster
    const exact = fisherExact(table, { seed: o.seed, maxTables: FISHER_MAX_TABLES, replicates: 1 });
    const f = exact.method === 'fisher-exact' ? exact : fisherMonteCarlo(table, FISHER_REPLICATES, o.seed);
    const mc = f.method === 'fisher-monte-carlo';
    const h: Homogeneity = {
      method: f.method, statistic: null, df: null, dfDenominator: null, pValue: f.pValue, minExpected,
      tables: mc ? f.tables : null, standardError: mc ? f.standardError : null, untested: null,
    };
    o.cache?.set(key, h);
    return h;
  }
  // Pearson's X² on the observed counts, divided by the design effect
  let hits = 0;
  let trials = 0;
  o.hits.forEach((k, i) => { hits += k; trials += o.searches[i] as number; });
  const p = hits / trials;
  let x2 = 0;
  o.hits.forEach((k, i) => {
    const n = o.searches[i] as number;
    x2 += n * (k / n - p) ** 2;
  });
  const w = x2 / (p * (1 - p)) / d;
  const tested = { minExpected, tables: null, standardError: null, untested: null };
  if (df === Infinity) return { method: 'chi-square', statistic: w, df: G - 1, dfDenominator: null, pValue: chiSquareUpperTail(w, G - 1), ...tested };
  const f = w / (G - 1);
  return { method: 'rao-scott-f', statistic: f, df: G - 1, dfDenominator: df, pValue: fUpperTail(f, G - 1, df), ...tested };
}
