/** One logistic regression to fit: a population's clusters by subject, at threshold index `t`. */
import type { PopulationClusters } from './population-clusters.ts';
import type { Regression } from './results-schema.ts';

/** The arguments of regressOutcome besides the campaign and the confidence level. */
export interface RegressionJob {
  clusters: PopulationClusters;
  t: number;
  outcome: Regression['outcome'];
  population: string;
}
