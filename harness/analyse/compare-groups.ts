/**
 * Tests between the groups of one level at one threshold: homogeneity (chi-square, or Fisher's exact test when
 * expected counts are small), pairwise differences with the protocol's correction, equivalence (TOST), differential
 * indices with bootstrap intervals, and a verdict in one plain sentence.
 */
import type { GroupLayout } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';
import { compareProportions } from '../stats/compare-proportions.ts';
import { twoProportionRatioTost, twoProportionTost } from '../stats/two-proportion.ts';
import { twoProportionPower } from '../stats/power.ts';
import { fairnessDiscrepancyRate, garbe, log10Ratio, maxMinRatio, type Differential } from '../stats/differentials.ts';
import { derivedPercentileInterval, type ClusterBootstrap } from '../stats/cluster-bootstrap.ts';
import type { ClusterMoments } from '../stats/cluster-design-effect.ts';
import type { Comparison, Estimate } from './results-schema.ts';

/** Levels compared, in report order. */
export const COMPARED_LEVELS = ['sex', 'ethnicity', 'sex+ethnicity', 'ageBand'] as const;
export type ComparedLevel = (typeof COMPARED_LEVELS)[number];

/** Settings of the comparisons (from the protocol's analysis and report blocks). */
export interface CompareSettings {
  alpha: number;
  correction: 'holm' | 'benjamini-hochberg' | 'none';
  /** Margin on TPIR differences. */
  equivalenceMargin: number;
  /** Margin on FPIR ratios (> 1). */
  fpirEquivalenceRatio: number;
  confidenceLevel: number;
  minCellSize: number;
  /** Seed for Fisher's Monte Carlo p-values when enumeration is infeasible. */
  seed: number;
  /** Power below which a test that finds neither a difference nor equivalence is called too small to tell. */
  minPower: number;
}

/**
 * Compares the groups of `level` on one population at threshold index `t`. `clusters` holds every layout group's
 * cluster moments at `t` (`groupClusterMoments`) when searches are clustered (a volunteer's passes); the tests then
 * use one design effect pooled over the compared groups (`compareProportions`).
 * `boot` holds replicate rates of every layout group (columns = thresholds, or one column for `t` when
 * `bootColumn` says so); its replicates give the differential indices' intervals. Indices are computed on the error
 * rate (FNIR for a TPIR comparison, FPIR for FPIR).
 *
 * Verdict rule (documented in docs/statistics.md):
 * 1. fewer than two groups with n >= minCellSize, or no events at all: too-small-to-tell;
 * 2. homogeneity p < alpha, or any corrected pairwise p < alpha (protected by the homogeneity test, so this is the
 *    homogeneity test's error rate): significant-difference;
 * 3. every pair equivalent by TOST at alpha (TPIR: |difference| < equivalenceMargin; FPIR: ratio within a factor of
 *    fpirEquivalenceRatio): equivalent;
 * 4. otherwise, if the power of the two-proportion test to detect the margin (TPIR: pooled rate vs pooled - margin;
 *    FPIR: pooled rate vs pooled x ratio) between the two smallest groups is below settings.minPower (the protocol's
 *    analysis.minPower, default 0.8): too-small-to-tell; else
 *    no-significant-difference.
 */
export function compareGroups(
  pc: PopulationCounts, layout: GroupLayout, level: ComparedLevel, t: number, thresholds: readonly number[],
  settings: CompareSettings, boot: ClusterBootstrap | null, bootColumn: number, clusters: readonly ClusterMoments[] | null = null,
): Comparison {
  const metric = pc.population.kind === 'mated' ? 'TPIR' : 'FPIR';
  const T = thresholds.length;
  const threshold = thresholds[t] as number;
  const idx: number[] = [];
  layout.groups.forEach((g, gi) => {
    if (g.level === level && (pc.n[gi] as number) >= settings.minCellSize) idx.push(gi);
  });
  const ids = idx.map((g) => layout.groups[g]?.id as string);
  const labels = idx.map((g) => layout.groups[g]?.label as string);
  const rawK = idx.map((g) => pc.hits[g * T + t] as number);
  const rawN = idx.map((g) => pc.n[g] as number);
  const rate = rawK.map((x, i) => x / (rawN[i] as number));
  const levelName = level === 'sex+ethnicity' ? 'sex and ethnicity' : level === 'ageBand' ? 'age band' : level;
  const at = `At threshold ${threshold.toFixed(2)}`;
  const empty = (method: string, note: string): Comparison['homogeneity'] => ({ method, statistic: null, df: null, pValue: null, note });
  const base = { metric, population: pc.population.id, level, threshold, groups: ids } as const;
  const noDiff: Comparison['differentials'] = {
    maxMinRatio: nullEstimate('fewer than two groups'), garbe: nullEstimate('fewer than two groups'), fdr: nullEstimate('fewer than two groups'), log10RatioToReference: [],
  };
  if (idx.length < 2) {
    return {
      ...base, homogeneity: empty('none', `fewer than two ${levelName} groups have at least ${settings.minCellSize} searches`), pairwise: [], differentials: noDiff,
      verdict: 'too-small-to-tell', verdictText: `${at}, too few ${levelName} groups have at least ${settings.minCellSize} searches to compare ${metric}.`,
    };
  }
  // Passes of one volunteer are alike: the tests divide counts by one design effect pooled over the compared groups
  // (Rao & Scott 1992), so that correlated passes do not pass for independent evidence.
  const tested = compareProportions({
    hits: rawK, searches: rawN, clusters: clusters === null ? null : idx.map((g) => clusters[g] as ClusterMoments),
    correction: settings.correction, level: settings.confidenceLevel, seed: settings.seed,
  });
  const k = tested.effective.map((e) => e.k);
  const n = tested.effective.map((e) => e.n);
  const totalK = k.reduce((x, y) => x + y, 0);
  const totalN = n.reduce((x, y) => x + y, 0);
  const clusterNote = tested.designEffect >= 1.005
    ? `counts divided by the design effect ${tested.designEffect.toFixed(2)} pooled over the groups' volunteers (Rao & Scott 1992; ${tested.df ?? 0} degrees of freedom)` : null;
  const h = tested.homogeneity;
  let homogeneity: Comparison['homogeneity'];
  if (h.pValue === null) {
    const why = h.untested === 'no-events' ? `no group has any ${metric === 'TPIR' ? 'detection' : 'false alert'}: nothing to compare`
      : h.untested === 'all-events' ? 'every search in every group hit: nothing to compare' : 'each group has a single volunteer: the variation between volunteers cannot be estimated';
    homogeneity = empty('none', why);
  } else if (h.method === 'fisher-exact' || h.method === 'fisher-monte-carlo') {
    homogeneity = {
      method: h.method, statistic: null, df: null, pValue: h.pValue,
      note: [`expected counts too small for the chi-square approximation (smallest ${(h.minExpected ?? 0).toPrecision(3)}): Fisher's exact test${h.method === 'fisher-monte-carlo' ? ` by Monte Carlo (${h.tables ?? 0} tables, seed ${settings.seed})` : ''}`, clusterNote].filter((x) => x !== null).join('; '),
    };
  } else {
    const f = h.method === 'rao-scott-f' ? `F(${h.df ?? 0}, ${h.dfDenominator ?? 0})` : null;
    homogeneity = { method: h.method, statistic: h.statistic, df: h.df, pValue: h.pValue, note: [clusterNote, f].filter((x) => x !== null).join('; ') || null };
  }
  const pairs = tested.pairwise;
  const adjusted = pairs.map((x) => x.pAdjusted);
  // equivalence: on the difference for TPIR, on the ratio for FPIR (rare events differ by factors)
  const tost = pairs.map(({ a, b }) => (metric === 'TPIR'
    ? twoProportionTost(k[a] as number, n[a] as number, k[b] as number, n[b] as number, settings.equivalenceMargin, settings.alpha)
    : twoProportionRatioTost(k[a] as number, n[a] as number, k[b] as number, n[b] as number, settings.fpirEquivalenceRatio, settings.alpha)));
  const within = metric === 'TPIR' ? `within ±${(100 * settings.equivalenceMargin).toFixed(1)} percentage points` : `within a factor of ${settings.fpirEquivalenceRatio}`;
  const pairwise: Comparison['pairwise'] = pairs.map(({ a, b, difference, lower, upper, pValue, pAdjusted }, i) => ({
    a: ids[a] as string, b: ids[b] as string, difference, lower, upper, pValue, pAdjusted,
    equivalencePValue: tost[i]?.pValue as number, equivalent: tost[i]?.equivalent as boolean,
  }));
  // differential indices on the error rate, with bootstrap intervals
  const error = metric === 'TPIR' ? rate.map((r) => 1 - r) : rate;
  const errorOf = (rep: (g: number, t: number) => number): number[] => idx.map((g) => {
    const r = rep(g, bootColumn);
    return metric === 'TPIR' ? 1 - r : r;
  });
  const a = metric === 'FPIR' ? 1 : 0;
  const indexOf = (f: (e: number[]) => Differential): Estimate => {
    const d = f(error);
    if (boot === null) return { value: d.value, lower: null, upper: null, note: d.note };
    // a replicate that drew no volunteer of some group leaves that group's rate, and so the index, undefined
    const ci = derivedPercentileInterval(boot, (rep) => {
      const e = errorOf(rep);
      return e.some((x) => Number.isNaN(x)) ? NaN : (f(e).value ?? NaN);
    }, settings.confidenceLevel);
    const note = d.note ?? (ci.interval === null ? `undefined in ${Math.round(ci.undefinedShare * 100)}% of bootstrap replicates: no interval` : null);
    return { value: d.value, lower: ci.interval?.lower ?? null, upper: ci.interval?.upper ?? null, note };
  };
  const ratio = indexOf((e) => maxMinRatio(e));
  const garbeEst = indexOf((e) => garbe(a === 1 ? e : null, a === 0 ? e : null, a));
  const fdr = indexOf((e) => fairnessDiscrepancyRate(a === 1 ? e : null, a === 0 ? e : null, a));
  let ref = 0;
  rawN.forEach((x, i) => { if (x > (rawN[ref] as number)) ref = i; });
  const log10RatioToReference = idx.map((_, i) => i).filter((i) => i !== ref).map((i) => ({
    group: ids[i] as string, reference: ids[ref] as string, estimate: indexOf((e) => log10Ratio(e[i] as number, e[ref] as number)),
  }));
  const differentials = { maxMinRatio: ratio, garbe: garbeEst, fdr, log10RatioToReference };
  // verdict
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const pts = (x: number): string => `${(100 * x).toFixed(1)} percentage points`;
  const show = (i: number): string => {
    const r = rate[i] as number;
    if (metric === 'TPIR') return pct(r);
    return r === 0 ? `no false alert in ${(rawN[i] as number).toLocaleString('en-GB')}` : `1 in ${Math.round(1 / r).toLocaleString('en-GB')}`;
  };
  const fmtP = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
  const minAdjusted = Math.min(...adjusted);
  const hi = rate.indexOf(Math.max(...rate));
  const lo = rate.indexOf(Math.min(...rate));
  const what = metric === 'TPIR' ? 'TPIR (the share of watchlisted volunteers recognised)' : `FPIR (${pc.population.id} false alerts)`;
  let verdict: Comparison['verdict'];
  let verdictText: string;
  const pHom = homogeneity.pValue;
  if (pHom === null) {
    verdict = 'too-small-to-tell';
    verdictText = `${at}, ${homogeneity.note ?? 'no test was possible'} between ${levelName} groups on ${metric}.`;
  } else if (pHom < settings.alpha || minAdjusted < settings.alpha) {
    verdict = 'significant-difference';
    verdictText = `${at}, ${what} differed significantly between ${levelName} groups (${fmtP(Math.min(pHom, minAdjusted))}): highest ${labels[hi] ?? ''} ${show(hi)}, lowest ${labels[lo] ?? ''} ${show(lo)}.`;
  } else if (tost.every((x) => x.equivalent)) {
    verdict = 'equivalent';
    const spread = metric === 'TPIR' || Math.min(...rate) === 0 ? `largest difference ${pts(Math.max(...rate) - Math.min(...rate))}` : `largest ratio ${(Math.max(...rate) / Math.min(...rate)).toFixed(2)}`;
    verdictText = `${at}, ${what} was equivalent across ${levelName} groups ${within} (${spread}).`;
  } else {
    const sorted = [...n].sort((x, y) => x - y);
    const nh = 2 / (1 / (sorted[0] as number) + 1 / (sorted[1] as number));
    const pooled = totalK / totalN;
    // the smallest difference that matters: the margin (TPIR), or the pooled rate times the ratio margin (FPIR)
    const other = metric === 'FPIR' ? Math.min(1, pooled * settings.fpirEquivalenceRatio)
      : pooled - settings.equivalenceMargin >= 0 ? pooled - settings.equivalenceMargin : pooled + settings.equivalenceMargin;
    const size = metric === 'FPIR' ? `a ${settings.fpirEquivalenceRatio}-fold difference` : `a difference of ${pts(settings.equivalenceMargin)}`;
    const power = pooled * (1 - pooled) + other * (1 - other) > 0 ? twoProportionPower(pooled, Math.min(1, other), nh, settings.alpha) : 0;
    if (power < settings.minPower) {
      verdict = 'too-small-to-tell';
      verdictText = `${at}, the sample is too small to tell whether ${metric} differs between ${levelName} groups: no significant difference (${fmtP(pHom)}), but only ${pct(power)} power to detect ${size}.`;
    } else {
      verdict = 'no-significant-difference';
      verdictText = `${at}, no statistically significant difference in ${metric} between ${levelName} groups (${fmtP(pHom)}), but equivalence ${within} was not shown: this is not evidence of equal treatment.`;
    }
  }
  return { ...base, homogeneity, pairwise, differentials, verdict, verdictText };
}

function nullEstimate(note: string): Estimate {
  return { value: null, lower: null, upper: null, note };
}
