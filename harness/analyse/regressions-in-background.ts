/**
 * The logistic regressions of an algorithm fitted on a worker thread (runInBackground) while this thread goes on with
 * the bootstrap and the comparisons: a regression over 20,000 volunteers (IRLS and the cluster-robust covariance)
 * costs 0.1-0.2 s, which then overlaps the comparisons on a second core instead of adding to them. The worker runs
 * the same regressOutcome on the same numbers, so the regressions are the same to the bit; small jobs (and any failure
 * of the thread) are fitted on this thread, where a thread's start-up would cost more than it saves.
 */
import type { Campaign } from '../campaign/campaign.ts';
import { fitRegressions } from './fit-regressions.ts';
import type { RegressionJob } from './regression-job.ts';
import type { Regression } from './results-schema.ts';
import { runInBackground, type ClusteredPlace } from './run-in-background.ts';

/** Fewest clusters, over all jobs, for which the regressions go to a worker thread (the default). */
export const BACKGROUND_MIN_CLUSTERS = 5000;

/** Waits for the regressions and returns them; `fittedOn` says where they were fitted (null before they are asked for). */
export type BackgroundRegressions = (() => Regression[]) & { fittedOn: () => 'worker' | 'this thread' | null };

/**
 * Starts fitting `jobs` (regressOutcome of each, in order); the returned function waits for them and returns the
 * regressions in the order of `jobs`, the same on every call. `minClusters` (default BACKGROUND_MIN_CLUSTERS): fewer
 * clusters than this over all jobs are fitted on this thread when the function is called. `waitMs` (default
 * BACKGROUND_WAIT_MS of run-in-background.ts): a worker that has not answered by then is stopped and the regressions are fitted here.
 * @throws Error from the returned function when a fit throws (it is then repeated on this thread, which throws).
 * @example const regressions = regressionsInBackground(campaign, jobs, 0.95); ...; results.regressions = regressions()
 */
export function regressionsInBackground(campaign: Campaign, jobs: readonly RegressionJob[], level: number, options: ClusteredPlace = {}): BackgroundRegressions {
  const clusters = jobs.reduce((a, j) => a + j.clusters.trials.length, 0);
  const input = { campaign, jobs, level };
  const background = jobs.length > 0 && clusters >= (options.minClusters ?? BACKGROUND_MIN_CLUSTERS);
  const task = runInBackground({ module: 'fit-regressions', run: 'fitRegressions', input, accept: isRegressions, here: () => fitRegressions(input) }, { background, waitMs: options.waitMs });
  return Object.assign(() => task(), { fittedOn: task.ranOn });
}

function isRegressions(x: unknown): x is Regression[] {
  return Array.isArray(x);
}
