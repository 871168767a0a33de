/**
 * One comparison between groups, stratified by site: the Cochran-Mantel-Haenszel test (or its generalisation for more
 * than two groups) on counts divided by each site and group's design effect, the logistic regression with a site term
 * and with a group x site interaction (cluster-robust by volunteer), and Breslow-Day for two groups.
 */
import { breslowDay } from '../stats/breslow-day.ts';
import { clusterDesignEffect } from '../stats/cluster-design-effect.ts';
import { generalizedCmh } from '../stats/generalized-cmh.ts';
import { cochranMantelHaenszel, type Stratum2x2 } from '../stats/mantel-haenszel.ts';
import { stratifiedLogistic } from '../stats/stratified-logistic.ts';
import type { WaldTest } from '../stats/logistic-regression.ts';
import type { SiteCell } from './site-cells.ts';
import type { SiteComparison, SiteTest } from './site-analysis-schema.ts';

/** The cells of one comparison and how to name what they hold. */
export interface StratifiedQuery {
  cells: readonly SiteCell[];
  /** Group id of each category index (`sex:female`, ...). */
  groupIds: readonly string[];
  /** Site id of each site index. */
  siteIds: readonly string[];
  /** Groups need at least this many searches over all sites to be compared. */
  minCellSize: number;
  confidenceLevel: number;
}

/** The stratified part of a site comparison (p-values not yet adjusted). */
export type StratifiedTests = Pick<SiteComparison, 'groups' | 'sites' | 'cmh' | 'regression' | 'breslowDay'>;

const toTest = (w: WaldTest | null): SiteTest | null => (w === null ? null : { statistic: w.statistic, df: w.df, pValue: w.pValue, pAdjusted: null });
const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Runs the stratified tests of `q`. Groups with fewer than `minCellSize` searches over all sites are left out; sites
 * where fewer than two compared groups have searches carry no information and are left out. Repeated passes by one
 * volunteer are alike: the CMH and Breslow-Day tests use each (site, group) cell's effective counts (errors and
 * searches divided by the cell's design effect, Rao & Scott 1992); the regressions use cluster-robust errors.
 */
export function stratifiedTests(q: StratifiedQuery): StratifiedTests {
  const totals = new Map<number, number>();
  for (const c of q.cells) totals.set(c.group, (totals.get(c.group) ?? 0) + c.trials);
  const groups = q.groupIds.map((_, g) => g).filter((g) => (totals.get(g) ?? 0) >= q.minCellSize);
  const cells = q.cells.filter((c) => groups.includes(c.group));
  const siteGroups = new Map<number, Set<number>>();
  for (const c of cells) siteGroups.set(c.site, (siteGroups.get(c.site) ?? new Set()).add(c.group));
  const sites = q.siteIds.map((_, s) => s).filter((s) => (siteGroups.get(s)?.size ?? 0) >= 2);
  const regression: SiteComparison['regression'] = { clusters: 0, pooled: null, stratified: null, siteEffect: null, interaction: null, notes: [] };
  const out: StratifiedTests = { groups: groups.map((g) => q.groupIds[g] ?? ''), sites: sites.map((s) => q.siteIds[s] ?? ''), cmh: null, regression, breslowDay: null };
  if (groups.length < 2 || sites.length < 2) return out;
  const used = cells.filter((c) => sites.includes(c.site));
  const errors = used.reduce((a, c) => a + c.errors, 0);
  const trials = used.reduce((a, c) => a + c.trials, 0);
  if (errors === 0 || errors === trials) {
    regression.notes.push(`${errors === 0 ? 'No' : 'Every'} search had the error at this threshold: nothing to compare.`);
    return { ...out, sites: [] };
  }

  // Effective counts per site and group.
  const table = sites.map((s) => groups.map((g) => {
    const mine = used.filter((c) => c.site === s && c.group === g);
    const n = mine.reduce((a, c) => a + c.trials, 0);
    const e = mine.reduce((a, c) => a + c.errors, 0);
    const d = clusterDesignEffect(mine.map((c) => c.trials), mine.map((c) => c.errors));
    return { errors: e / d, other: (n - e) / d };
  }));
  if (groups.length === 2) {
    const strata: Stratum2x2[] = table.map(([first, second]) => ({ a: second?.errors ?? 0, b: second?.other ?? 0, c: first?.errors ?? 0, d: first?.other ?? 0 }));
    const cmh = cochranMantelHaenszel(strata, { correct: false, level: q.confidenceLevel });
    if (Number.isFinite(cmh.statistic)) {
      out.cmh = { method: 'cmh', statistic: cmh.statistic, df: 1, pValue: cmh.pValue, pAdjusted: null, oddsRatio: { value: finite(cmh.oddsRatio), lower: finite(cmh.lower), upper: finite(cmh.upper) } };
    }
    const bd = breslowDay(strata);
    if (Number.isFinite(bd.tarone)) out.breslowDay = { statistic: bd.statistic, df: bd.df, pValue: bd.taronePValue, pAdjusted: null, tarone: bd.tarone, taronePValue: bd.taronePValue };
  } else {
    const g = generalizedCmh(table.map((row) => row.flatMap((x) => [x.errors, x.other])), groups.length, 2);
    if (Number.isFinite(g.statistic)) out.cmh = { method: 'generalized-cmh', statistic: g.statistic, df: g.df, pValue: g.pValue, pAdjusted: null, oddsRatio: null };
  }

  // Regressions: one row per (site, group, volunteer); references are the group and the site with most searches.
  const byWeight = (values: number[], weight: (v: number) => number): number[] => [...values].sort((a, b) => weight(b) - weight(a) || a - b);
  const groupOrder = byWeight(groups, (g) => used.filter((c) => c.group === g).reduce((a, c) => a + c.trials, 0));
  const siteOrder = byWeight(sites, (s) => used.filter((c) => c.site === s).reduce((a, c) => a + c.trials, 0));
  const fit = stratifiedLogistic({
    group: { name: 'group', levels: groupOrder.map((g) => q.groupIds[g] ?? ''), codes: used.map((c) => groupOrder.indexOf(c.group)) },
    stratum: { name: 'site', levels: siteOrder.map((s) => q.siteIds[s] ?? ''), codes: used.map((c) => siteOrder.indexOf(c.site)) },
    trials: used.map((c) => c.trials),
    successes: used.map((c) => c.errors),
    cluster: used.map((c) => c.cluster),
    level: q.confidenceLevel,
  });
  regression.clusters = new Set(used.map((c) => c.cluster)).size;
  regression.pooled = toTest(fit.pooled);
  regression.stratified = toTest(fit.adjusted);
  regression.siteEffect = toTest(fit.stratumEffect);
  regression.interaction = toTest(fit.interaction);
  regression.notes = fit.notes;
  return out;
}
