/** The adjudicate stage: replayed tracks against the ground-truth passes, into the searches/candidates contract. */
// public API
export { adjudicate, type Adjudication, type AdjudicationInput, type AdjudicationSummary } from './adjudicate.ts';
export { assignTracks, spanIou, type PassSpan, type Assignment } from './assign-tracks.ts';
export { mergeCandidates } from './merge-candidates.ts';
export { readTracks, type SegmentPlace } from './read-tracks.ts';
export type { Track } from './track.ts';
