/**
 * Replay: recorded footage through a candidate algorithm, segment by segment, into Arrow tables of tracks and top-k
 * candidates.
 *
 *   segments -> worker pool -> replaySegment (frames -> detect -> track -> best shots -> template -> 1:N top-k)
 *            -> segments/<id>.tracks.arrow + <id>.candidates.arrow (+ <id>.done.json) -> run-summary.json
 */
// running a replay
export { runReplay, checkSegmentIds, type ReplayRun, type RunSummary, type RunProgress, type FailedSegment } from './run-replay.ts';
export { localThreads, recordedOutcomes, type SegmentExecutor, type ExecutorEvents } from './segment-executor.ts';
export { ReplayThreads } from './replay-threads.ts';
export type { WorkerSetup, SegmentDone, SegmentFailed } from './replay-worker.ts';
export { Phase, type PhaseTimes, noPhaseTimes, addPhaseTimes } from './phase-times.ts';
export { replaySegment, type ReplayOptions, type SegmentResult, type SegmentStats } from './replay-segment.ts';
export { type Segment, isSegmentId } from './segment.ts';
export { progressBar, progressLine } from './progress-bar.ts';
// the watchlist gallery and 1:N search
export { enrolGallery, type EnrolmentEntry, type EnrolmentFailure } from './enrol-gallery.ts';
export { type Gallery, readGallery, readGalleryHeader, writeGallery } from './gallery.ts';
export { GallerySearch, type SearchHit } from './gallery-search.ts';
export { vectorMatching, opaqueMatching, type ProbeMatching, type ProbeHit } from './probe-matching.ts';
export { topKGraph } from './top-k-graph.ts';
// galleries too large to hold: exact search in blocks of a memory-mapped vector file
export { BlockedSearch, planBlocks, type BlockedSearchOptions, type BlockPlan, type TopKResult } from './blocked-search.ts';
export { openGalleryBlocks, type GalleryBlocks } from './gallery-blocks.ts';
// outputs
export { tracksTable, trajectoriesTable, candidatesTable, segmentFiles, segmentDone, writeSegmentTables, tempNameFor, isTempName, type TrackRow, type CandidateRow } from './segment-tables.ts';
// tracking
export { Tracker, type Track, type TrackerOptions } from './tracker.ts';
export { predictBox, boxDistance, type TrackPoint } from './predict-box.ts';
export { stitchTracks, mayFollow, type Fragment, type StitchOptions } from './stitch-tracks.ts';
export { type BestShot, frontalness, shotQuality } from './best-shot.ts';
// test material
export { makeMovingFacesClip, type Walker } from './moving-faces-clip.ts';
export { walkersFixture, type WalkersFixture } from './walkers-fixture.ts';
