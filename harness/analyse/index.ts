/** The analyse stage: threshold sweep by group with intervals, into results.json. */
// public API
export { analyseCampaign } from './analyse-campaign.ts';
export { analyseAlgorithm, type AlgorithmInputs } from './analyse-algorithm.ts';
export { ResultsSchema, RateSchema, Metric, type Results, type Rate, type AlgorithmResult } from './results-schema.ts';
export { loadResults } from './load-results.ts';
