/**
 * The statistics of an algorithm's other populations (the non-mated ones with demographics) computed on a worker
 * thread (runInBackground) while this thread computes the mated population's: at 20,000 volunteers the bootstrap
 * and the comparisons at 41 thresholds cost about a second for the mated population and half as much for the filler
 * probes, which then overlap on two cores instead of adding up. The worker runs the same populationStatistics on the
 * same numbers (every population draws from its own seed), so the results are the same to the bit; small
 * populations (and any failure of the thread) are computed on this thread.
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { GroupLayout } from '../metrics/groups.ts';
import { populationsStatistics, type PopulationInput, type PopulationStatistics } from './population-statistics.ts';
import { runInBackground, type Background, type ClusteredPlace } from './run-in-background.ts';

/** Fewest clusters, over the populations, for which they go to a worker thread (the default). */
export const STATISTICS_MIN_CLUSTERS = 5000;

/**
 * Starts computing the statistics of `populations` (populationStatistics of each, in order); the returned function
 * waits for them (the same on every call). Populations without clusters (a crowd of distinct people, count-level
 * bootstrap) count as none.
 * @throws Error from the returned function when a computation throws (it is then repeated here, which throws).
 * @example const others = statisticsInBackground(campaign, layout, populations.slice(1)); ...; others()
 */
export function statisticsInBackground(campaign: Campaign, layout: GroupLayout, populations: readonly PopulationInput[], options: ClusteredPlace = {}): Background<PopulationStatistics[]> {
  const input = { campaign, layout, populations };
  const clusters = populations.reduce((a, p) => a + (p.clusters?.trials.length ?? 0), 0);
  const background = populations.length > 0 && clusters >= (options.minClusters ?? STATISTICS_MIN_CLUSTERS);
  return runInBackground({ module: 'population-statistics', run: 'populationsStatistics', input, accept: isStatistics, here: () => populationsStatistics(input) }, { background, waitMs: options.waitMs });
}

function isStatistics(x: unknown): x is PopulationStatistics[] {
  return Array.isArray(x) && x.every((s: unknown) => typeof s === 'object' && s !== null && 'comparisons' in s && Array.isArray(s.comparisons) && 'bootstrapIntervals' in s && Array.isArray(s.bootstrapIntervals));
}
