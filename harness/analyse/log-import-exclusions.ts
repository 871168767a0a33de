/**
 * What a log import left out (import.json's `excluded`), as rows of results.json's `exclusions`, so that the report's
 * methods list them beside every other exclusion. Zero counts are kept: a reader sees that the check was made.
 */
import type { ImportSummary } from '../import/index.ts';
import type { Results } from './results-schema.ts';

type Exclusion = NonNullable<Results['exclusions']>[number];

/**
 * The exclusions of algorithm `algorithm`'s log import.
 * @example logImportExclusions('vendor-a', summary).map((e) => e.count) // [malformed rows, unknown-camera alerts, ...]
 */
export function logImportExclusions(algorithm: string, s: ImportSummary): Exclusion[] {
  const e = s.excluded;
  const row = (what: string, count: number, byGroup: Record<string, number> = {}): Exclusion => ({ algorithm, what, count, byGroup });
  const rows = [
    row(`rows of the log that could not be read (${s.log.file}; each named by line and field in import.json)`, e.malformedRows),
    row('alerts at a camera the manifest does not have', e.unknownCameras.alerts),
    row('candidates naming a subject who is not on the watchlist (set aside; the rest of their alert kept)', e.unknownSubjects.candidates),
    row('alerts whose every candidate named a subject not on the watchlist', e.unknownSubjects.alertsLeftOut),
    row('alerts outside the time span of every deployment (after the clock offset)', e.outsideDeployment),
  ];
  if (s.kind === 'candidate-lists') rows.push(row('candidate lists naming a probe that was not exported', e.unknownProbes));
  return rows;
}
