/** The adjudicate stage: replayed tracks against the ground-truth passes, into the searches/candidates contract. */
// public API
export { adjudicateRun, type AdjudicateRunInput, type AdjudicationRun } from './adjudicate-run.ts';
export { adjudicate, groupKey, type Adjudication, type AdjudicationCounts, type AdjudicationInput, type TrackAssignment } from './adjudicate.ts';
export { AdjudicationSummarySchema, TrackingMeasuresSchema, SensitivityRowSchema, type AdjudicationSummary, type TrackingMeasures, type SensitivityRow, type AcquisitionCell } from './adjudication-summary.ts';
export { assignTracks, spanIou, trackPassScore, type PassSpan, type Assignment, type AssignOptions } from './assign-tracks.ts';
export { mergeCandidates } from './merge-candidates.ts';
export { placeContains, boxAt } from './place-contains.ts';
export { readTracks, type SegmentPlace } from './read-tracks.ts';
export { assignmentsTable, candidatesTable, searchesTable, searchScores, type CandidateRecord, type SearchRecord, type SearchScores } from './search-record.ts';
export { trackingMeasures, type CameraFrames } from './tracking-measures.ts';
export type { Track } from './track.ts';
