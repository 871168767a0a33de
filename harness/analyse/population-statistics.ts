/**
 * The statistics of one population of an algorithm: its cluster bootstrap (a count-level one for a crowd of distinct
 * people), the BCa intervals of a mated population's rates, and the comparisons between groups at every swept
 * threshold. Pure and deterministic (population p draws from the protocol's bootstrap seed + p), so that populations
 * can be computed on different threads with the same results (populationsStatistics is what a worker thread runs).
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { GroupLayout } from '../metrics/groups.ts';
import type { PopulationCounts } from '../metrics/sweep.ts';
import { bcaIntervals, clusterBootstrap, type ClusterBootstrap } from '../stats/cluster-bootstrap.ts';
import { groupClusterMomentsByColumn } from '../stats/cluster-design-effect.ts';
import { countBootstrap } from '../stats/count-bootstrap.ts';
import type { DifferentialIntervals } from '../stats/differential-replicates.ts';
import type { Interval } from '../stats/interval.ts';
import { COMPARED_LEVELS, compareGroups, type CompareSettings } from './compare-groups.ts';
import type { HomogeneityCache } from './group-tests.ts';
import type { PopulationClusters } from './population-clusters.ts';
import { bootstrapKey } from './rate-rows.ts';
import type { Comparison } from './results-schema.ts';

/** One population to analyse: its index among the algorithm's populations, its counts and its clusters. */
export interface PopulationInput {
  p: number;
  counts: PopulationCounts;
  /** Clusters by the protocol's bootstrap unit; null for a crowd of distinct people (count-level bootstrap). */
  clusters: PopulationClusters | null;
  /** Clusters by subject, for the design effect of the tests; null when the searches carry no subject. */
  bySubject: PopulationClusters | null;
}

/** What a population adds: its comparisons (thresholds ascending, then the compared levels) and the BCa intervals of its rates. */
export interface PopulationStatistics {
  comparisons: Comparison[];
  /** [bootstrapKey(population, group, threshold index), interval]: a mated population's only. */
  bootstrapIntervals: [string, Interval][];
}

/** The settings of the tests between groups, from the protocol. */
export function compareSettings(campaign: Campaign): CompareSettings {
  const a = campaign.analysis;
  return {
    alpha: a.alpha, correction: a.correction, equivalenceMargin: a.equivalenceMargin, fpirEquivalenceRatio: a.fpirEquivalenceRatio, confidenceLevel: a.confidenceLevel,
    minCellSize: campaign.report.minCellSize, minPower: a.minPower, seed: a.bootstrap.seed,
  };
}

/**
 * The bootstrap, the intervals and the comparisons of one population. `cache` (shared between populations) only
 * saves time.
 * @example populationStatistics(campaign, layout, { p: 0, counts: counts[0], clusters, bySubject: clusters }).comparisons
 */
export function populationStatistics(campaign: Campaign, layout: GroupLayout, input: PopulationInput, cache: HomogeneityCache = new Map()): PopulationStatistics {
  const a = campaign.analysis;
  const thresholds = campaign.thresholds;
  const T = thresholds.length;
  const settings = compareSettings(campaign);
  const { p, counts: pc, clusters, bySubject } = input;
  const seed = (a.bootstrap.seed + p) >>> 0;
  const bootstrapIntervals: [string, Interval][] = [];
  const comparisons: Comparison[] = [];
  let boot: ClusterBootstrap | null = null;
  if (clusters !== null && clusters.trials.length > 0) boot = clusterBootstrap(clusters, a.bootstrap.replicates, seed);
  if (pc.population.kind === 'mated' && boot !== null && clusters !== null) {
    const cl = clusters;
    const b = boot;
    layout.groups.forEach((_, g) => {
      if ((cl.groups[g] as number[]).length === 0) return;
      bcaIntervals(b, cl, g, a.confidenceLevel).forEach((interval, t) => bootstrapIntervals.push([bootstrapKey(pc.population.id, g, t), interval]));
    });
  }
  const differenceCache = new Map<string, Interval>();
  const differentialCache = new Map<string, DifferentialIntervals>();
  // the tests pool one design effect over the compared groups from these moments (compareProportions)
  const momentsByThreshold = bySubject === null ? null : groupClusterMomentsByColumn(bySubject);
  for (let t = 0; t < T; t++) {
    // without clusters (a crowd of distinct people), a count-level bootstrap at this threshold
    const tBoot = boot ?? countBootstrap(layout.groups.map((_, g) => pc.hits[g * T + t] as number), Array.from(pc.n), a.bootstrap.replicates, seed);
    const moments = momentsByThreshold?.[t] ?? null;
    for (const lvl of COMPARED_LEVELS) {
      comparisons.push(compareGroups({ counts: pc, layout, level: lvl, t, thresholds, boot: tBoot, bootColumn: boot === null ? 0 : t, bootCounts: boot === null ? null : clusters, clusters: moments, cache, differenceCache, differentialCache }, settings));
    }
  }
  return { comparisons, bootstrapIntervals };
}

/** Several populations' statistics in order, sharing one cache: what statisticsInBackground's worker thread runs. */
export function populationsStatistics(input: { campaign: Campaign; layout: GroupLayout; populations: readonly PopulationInput[] }): PopulationStatistics[] {
  const cache: HomogeneityCache = new Map();
  return input.populations.map((pop) => populationStatistics(input.campaign, input.layout, pop, cache));
}
