/** The combine stage: several runs (sites, deployments, forces) analysed as one study, stratified by site. */
// public API
export { combineRuns, type CombineOptions, type CombinedStudy } from './combine-runs.ts';
export { writeCombined } from './write-combined.ts';
export { SiteAnalysisSchema, Agreement, type SiteAnalysis, type SiteComparison, type SiteRate } from './site-analysis-schema.ts';
export type { Site, Strata } from './merge-runs.ts';
