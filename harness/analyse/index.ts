/** The analyse stage: threshold sweep by group with intervals, into results.json. */
// public API
export { analyseCampaign } from './analyse-campaign.ts';
export { analyseAlgorithm, type AlgorithmInputs } from './analyse-algorithm.ts';
export { ResultsSchema, RateSchema, Metric, VERDICTS, RESULTS_SCHEMA_VERSION, type Verdict, type Results, type Rate, type AlgorithmResult, type Comparison, type Regression, type Estimate, type EquityThreshold } from './results-schema.ts';
export { RunInputsSchema, ExclusionSchema, ExclusionsFileSchema, EXCLUSION_REASONS, type RunInputs, type Exclusion, type ExclusionReason } from './run-inputs.ts';
export { type AnalyseOptions } from './analyse-campaign.ts';
export { loadResults } from './load-results.ts';
// capture conditions beside the groups
export { analyseConditions } from './analyse-conditions.ts';
export { type ConditionsResult, type ConditionRegression, type ConditionRate, type ConditionBins } from './results-schema.ts';
// test material
export { plantedConditionsTable, DARK_LOG_ODDS } from './planted-conditions.ts';
