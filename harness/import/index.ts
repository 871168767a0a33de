/**
 * The import stage: what a deployed system recorded (a live alert log, or candidate lists of a batch run over
 * exported probes) adjudicated against the dataset manifest's ground truth, into the searches/candidates contract.
 */
// public API
export { importAlerts, type ImportAlertsOptions, type ImportedAlerts } from './import-alerts.ts';
export { exportProbes, probeSources, PROBES_OUTPUT, type ExportProbesOptions } from './export-probes.ts';
export { importCandidates, type ImportCandidatesOptions, type ImportedCandidates } from './import-candidates.ts';
export { writeImport, writeImportFiles, IMPORT_FILES, IMPORT_OUTPUT, type ImportedTables } from './write-import.ts';
export { operatorReview, type OperatorReview } from './operator-review.ts';
export { loadLogFormat } from './load-log-format.ts';
export { loadScoreScale } from './load-score-scale.ts';
export { loadImportSummary } from './load-import-summary.ts';
export { LogFormatSchema, type LogFormat } from './log-format-schema.ts';
export { AlertRowSchema, BUILTIN_FORMATS, type AlertRow } from './alert-row-schema.ts';
export { ImportSummarySchema, type ImportSummary } from './import-summary.ts';
export { ScoreScaleSchema, toProtocolScore, toVendorScore, type ScoreScale } from './score-scale.ts';
export { AttributionReason } from './attribution-reason.ts';
export { CrowdCountSource } from './crowd-count.ts';
export { Decision } from './log-alert.ts';
export { describeRowProblem, type RowProblem } from './row-problem.ts';
