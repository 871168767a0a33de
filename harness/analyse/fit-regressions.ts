/** The logistic regressions of a list of jobs, in order: what regressionsInBackground's worker thread runs. */
import type { Campaign } from '../campaign/campaign.ts';
import { regressOutcome } from './regress-outcome.ts';
import type { RegressionJob } from './regression-job.ts';
import type { Regression } from './results-schema.ts';

/**
 * regressOutcome of every job (logistic regression with cluster-robust errors, see regress-outcome.ts), in order.
 * @example fitRegressions({ campaign, jobs: [{ clusters, t: 3, outcome: 'miss', population: 'mated' }], level: 0.95 })
 */
export function fitRegressions(input: { campaign: Campaign; jobs: readonly RegressionJob[]; level: number }): Regression[] {
  return input.jobs.map((j) => regressOutcome(j.clusters, input.campaign, j.t, j.outcome, j.population, input.level));
}
