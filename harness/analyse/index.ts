/** The analyse stage: threshold sweep by group with intervals, into results.json. */
// public API
export { analyseCampaign } from './analyse-campaign.ts';
export { analyseAlgorithm, type AlgorithmInputs } from './analyse-algorithm.ts';
export { ResultsSchema, RateSchema, Metric, Verdict, type Results, type Rate, type AlgorithmResult, type Comparison, type Regression, type Estimate } from './results-schema.ts';
export { loadResults } from './load-results.ts';
