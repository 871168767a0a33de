/**
 * The statistics of one algorithm beyond the sweep: cluster-bootstrap (BCa) intervals of mated rates, comparisons
 * between groups at every swept threshold, where equity starts, and the logistic regressions of misses and false alerts.
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { GroupLayout } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';
import { thresholdIndex } from '../metrics/threshold-key.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { Interval } from '../stats/interval.ts';
import { equityThresholds } from './equity-thresholds.ts';
import { populationClusters, type PopulationClusters } from './population-clusters.ts';
import { populationStatistics, type PopulationInput } from './population-statistics.ts';
import type { RegressionJob } from './regression-job.ts';
import { regressionsInBackground } from './regressions-in-background.ts';
import { statisticsInBackground } from './statistics-in-background.ts';
import type { Comparison, EquityThreshold, Regression, Results } from './results-schema.ts';

/** What the statistics add to an algorithm's results. */
export interface GroupStatistics {
  bootstrapIntervals: Map<string, Interval>;
  comparisons: Comparison[];
  equityThresholds: EquityThreshold[];
  regressions: Regression[];
}

/** The statistics settings recorded in results.json. */
export function statisticsSettings(campaign: Campaign): Results['settings']['statistics'] {
  const a = campaign.analysis;
  return {
    alpha: a.alpha, correction: a.correction, equivalenceMargin: a.equivalenceMargin, fpirEquivalenceRatio: a.fpirEquivalenceRatio, minPower: a.minPower,
    bootstrap: { replicates: a.bootstrap.replicates, unit: a.bootstrap.unit, seed: a.bootstrap.seed },
  };
}

/**
 * Runs the bootstrap on the mated population (and on non-mated populations with demographics, for the intervals of
 * differential indices), the comparisons at every swept threshold, the equity thresholds, and the regressions at the
 * first operational threshold. Deterministic: every random draw comes from the protocol's bootstrap seed
 * (population i uses seed + i).
 */
export function groupStatistics(campaign: Campaign, layout: GroupLayout, searches: SearchesData, counts: readonly PopulationCounts[]): GroupStatistics {
  const a = campaign.analysis;
  const thresholds = campaign.thresholds;
  const level = a.confidenceLevel;
  // first every population's clusters, so that the regressions (on the clusters by subject) start on a worker thread
  // while the bootstrap and the comparisons run here
  const subjectClusters = new Map<string, PopulationClusters>();
  const prepared = counts.map((pc) => {
    const mated = pc.population.kind === 'mated';
    const hasDemographics = layout.groups.some((g, gi) => g.level !== 'overall' && (pc.n[gi] as number) > 0);
    if (!mated && !hasDemographics) return null;
    const selector = mated ? { kind: 'mated' as const } : { kind: 'non-mated' as const, source: pc.population.id };
    // Non-mated searches without unit ids (a crowd of distinct people) are not clustered: building one cluster per
    // search would cost memory for nothing; they get a count-level bootstrap and no regression.
    const hasUnits = mated || hasUnitIds(searches, pc.population.id, a.bootstrap.unit);
    const clusters = hasUnits ? populationClusters(searches, layout, thresholds, a.rank, selector, a.bootstrap.unit) : null;
    const bySubject = a.bootstrap.unit === 'subject' ? clusters
      : mated || hasUnitIds(searches, pc.population.id, 'subject') ? populationClusters(searches, layout, thresholds, a.rank, selector, 'subject') : null;
    if (bySubject !== null) subjectClusters.set(pc.population.id, bySubject);
    return { clusters, bySubject };
  });
  const first = campaign.operationalThresholds.map((x) => thresholdIndex(thresholds, x)).find((i) => i >= 0);
  const jobs: RegressionJob[] = [];
  if (first !== undefined) {
    const matedClusters = subjectClusters.get('mated');
    if (matedClusters !== undefined) jobs.push({ clusters: matedClusters, t: first, outcome: 'miss', population: 'mated' });
    const filler = subjectClusters.get('filler_probe');
    if (filler !== undefined) jobs.push({ clusters: filler, t: first, outcome: 'false-alert', population: 'filler_probe' });
  }
  const regressions = regressionsInBackground(campaign, jobs, level);
  const populations: PopulationInput[] = [];
  prepared.forEach((prep, p) => {
    if (prep != null) populations.push({ p, counts: counts[p] as PopulationCounts, clusters: prep.clusters, bySubject: prep.bySubject });
  });
  // the first population (the mated one) here, the others on a worker thread meanwhile when they are large
  const [here, ...others] = populations;
  const elsewhere = statisticsInBackground(campaign, layout, others);
  const done = [...(here === undefined ? [] : [populationStatistics(campaign, layout, here)]), ...elsewhere()];
  const bootstrapIntervals = new Map(done.flatMap((d) => d.bootstrapIntervals));
  const comparisons = done.flatMap((d) => d.comparisons);
  return { bootstrapIntervals, comparisons, equityThresholds: equityThresholds(comparisons, thresholds, a.alpha), regressions: regressions() };
}

/** True when some non-mated search of `source` has a subject_id (or deployment, per `unit`). */
function hasUnitIds(searches: SearchesData, source: string, unit: 'subject' | 'deployment'): boolean {
  const src = searches.source.labels.indexOf(source);
  const codes = unit === 'subject' ? searches.subject.codes : searches.deployment.codes;
  for (let i = 0; i < searches.length; i++) {
    if (searches.mated[i] === 0 && searches.source.codes[i] === src && (codes[i] as number) >= 0) return true;
  }
  return false;
}
