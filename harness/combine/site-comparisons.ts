/**
 * Every comparison between groups of one algorithm across sites: the stratified tests beside the pooled analysis's
 * own test and each site's verdict, p-values corrected across the algorithm's comparisons, and an agreement code.
 */
import type { Campaign } from '../campaign/campaign.ts';
import { DIMENSIONS } from '../campaign/dimension.ts';
import type { Comparison, Results } from '../analyse/results-schema.ts';
import { thresholdCuts } from '../metrics/threshold-bins.ts';
import { sameThreshold } from '../metrics/index.ts';
import { adjustPValues } from '../stats/p-adjust.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { Agreement, SiteComparison } from './site-analysis-schema.ts';
import { siteCells } from './site-cells.ts';
import { stratifiedTests } from './stratified-tests.ts';

/** What {@link siteComparisons} reads. */
export interface SiteComparisonInputs {
  campaign: Campaign;
  algorithm: string;
  /** The pooled searches (scores filled from candidates when they had none). */
  searches: SearchesData;
  /** Site index of each search row. */
  siteOfRow: Int32Array;
  siteIds: readonly string[];
  pooled: Results;
  /** Each site's own results, by site id. */
  bySite: ReadonlyMap<string, Results>;
}

/**
 * The comparisons of TPIR (misses) and of FPIR for each non-mated population with demographics, by sex, ethnicity and
 * age band, at every operational threshold. Agreement codes (alpha from the protocol; p-values corrected with its
 * method across this algorithm's comparisons, one family per kind of test):
 *   not-tested          fewer than two groups or sites to compare;
 *   sites-disagree      the heterogeneity test (the interaction; Breslow-Day when it cannot be fitted) is significant;
 *   explained-by-site   the pooled analysis finds a significant difference, the test stratified by site does not, and
 *                       error rates differ by site (the site term is significant);
 *   hidden-when-pooled  the stratified test finds a difference the pooled analysis does not;
 *   consistent          otherwise.
 * The stratified test read is the regression's (cluster-robust), or the CMH test when the regression has none.
 */
export function siteComparisons(x: SiteComparisonInputs): SiteComparison[] {
  const { campaign, searches } = x;
  const cuts = thresholdCuts(searches, campaign.operationalThresholds);
  // non-mated populations whose searches carry demographics (filler probes; never the crowd)
  const withDemographics = new Set<number>();
  for (let i = 0; i < searches.length; i++) {
    if (searches.mated[i] === 0 && DIMENSIONS.some((d) => (searches.demographics[d][i] ?? -1) >= 0)) withDemographics.add(searches.source.codes[i] ?? -1);
  }
  const nonMated = searches.source.labels.filter((_, code) => withDemographics.has(code));
  const out: SiteComparison[] = [];
  for (const population of ['mated', ...nonMated]) {
    const metric = population === 'mated' ? 'TPIR' : 'FPIR';
    campaign.operationalThresholds.forEach((threshold, t) => {
      for (const level of DIMENSIONS) {
        const cells = siteCells(searches, { population, dimension: level, cut: cuts[t] as number, rank: campaign.analysis.rank, siteOfRow: x.siteOfRow });
        const tests = stratifiedTests({
          cells, groupIds: campaign.dimensions[level].map((c) => `${level}:${c.code}`), siteIds: x.siteIds,
          minCellSize: campaign.report.minCellSize, confidenceLevel: campaign.analysis.confidenceLevel,
        });
        const same = (c: Comparison): boolean => c.metric === metric && c.population === population && c.level === level && sameThreshold(c.threshold, threshold);
        const pooled = x.pooled.algorithms.find((a) => a.id === x.algorithm)?.comparisons?.find(same) ?? null;
        const bySite = x.siteIds.map((site) => {
          const c = x.bySite.get(site)?.algorithms.find((a) => a.id === x.algorithm)?.comparisons?.find(same);
          return { site, verdict: c?.verdict ?? 'not-tested', pValue: c?.homogeneity.pValue ?? null };
        });
        const b = tests.breslowDay;
        const interaction = tests.regression.interaction;
        out.push({
          metric, population, level, threshold, outcome: metric === 'TPIR' ? 'miss' : 'false-alert', ...tests,
          pooled: pooled === null ? null : { method: pooled.homogeneity.method, pValue: pooled.homogeneity.pValue, verdict: pooled.verdict },
          heterogeneity: interaction !== null ? { method: 'interaction', pValue: interaction.pValue, pAdjusted: interaction.pValue }
            : b !== null ? { method: 'breslow-day', pValue: b.taronePValue, pAdjusted: b.taronePValue } : null,
          bySite,
          agreement: 'not-tested',
        });
      }
    });
  }
  adjust(out, campaign.analysis.correction);
  for (const c of out) c.agreement = agreement(c, campaign.analysis.alpha);
  return out;
}

/** Corrects the stratified, CMH and heterogeneity p-values across `comparisons`, one family each. */
function adjust(comparisons: SiteComparison[], method: Campaign['analysis']['correction']): void {
  const family = <T extends { pValue: number; pAdjusted: number | null }>(pick: (c: SiteComparison) => T | null, set: (t: T, p: number) => void): void => {
    const tests = comparisons.map(pick).filter((t): t is T => t !== null);
    const adjusted = adjustPValues(tests.map((t) => t.pValue), method);
    tests.forEach((t, i) => set(t, adjusted[i] as number));
  };
  family((c) => c.regression.stratified, (t, p) => (t.pAdjusted = p));
  family((c) => c.cmh, (t, p) => (t.pAdjusted = p));
  family((c) => c.heterogeneity, (t, p) => (t.pAdjusted = p));
}

function agreement(c: SiteComparison, alpha: number): Agreement {
  if (c.groups.length < 2 || c.sites.length < 2) return 'not-tested';
  if (c.heterogeneity !== null && c.heterogeneity.pAdjusted < alpha) return 'sites-disagree';
  const stratified = c.regression.stratified ?? c.cmh;
  if (stratified === null) return 'not-tested';
  const within = (stratified.pAdjusted ?? stratified.pValue) < alpha;
  const pooled = c.pooled?.verdict === 'significant-difference';
  const siteEffect = c.regression.siteEffect !== null && c.regression.siteEffect.pValue < alpha;
  if (pooled && !within && siteEffect) return 'explained-by-site';
  if (!pooled && within) return 'hidden-when-pooled';
  return 'consistent';
}
