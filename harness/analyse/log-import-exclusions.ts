/**
 * What a log import left out (import.json's `excluded`), as exclusions of the analysis's run inputs (reason codes the
 * report words), so that the report's methods list them beside every other exclusion. Zero counts are kept: a reader
 * of results.json sees that the check was made.
 */
import type { ImportSummary } from '../import/index.ts';
import type { Exclusion, ExclusionReason } from './run-inputs.ts';

/**
 * The exclusions of algorithm `algorithm`'s log import.
 * @example logImportExclusions('vendor-a', summary).map((e) => e.reason) // ['log-row-unreadable', 'log-unknown-camera', ...]
 */
export function logImportExclusions(algorithm: string, s: ImportSummary): Exclusion[] {
  const e = s.excluded;
  const row = (reason: ExclusionReason, count: number): Exclusion => ({ algorithm, reason, count, byGroup: {} });
  const rows = [
    row('log-row-unreadable', e.malformedRows),
    row('log-unknown-camera', e.unknownCameras.alerts),
    row('log-unknown-subject', e.unknownSubjects.candidates),
    row('log-alert-only-unknown-subjects', e.unknownSubjects.alertsLeftOut),
    row('log-outside-deployment', e.outsideDeployment),
  ];
  if (s.kind === 'candidate-lists') rows.push(row('log-unknown-probe', e.unknownProbes));
  return rows;
}
