/**
 * replaySegment: one segment through one algorithm.
 *
 *   frames (sampled) -> detect -> track (predicted boxes, optimal assignment) -> best shots -> embed
 *     -> stitch fragments (motion + embedding) -> probe -> 1:N top-k
 *
 * Embeddings of the public live only in memory here: the result holds scores and candidate ids, never vectors.
 */
import type { FaceAlgorithm, FaceDetection } from '../algorithms/index.ts';
import { l2normalise } from '../algorithms/index.ts';
import { openFrames } from '../footage/index.ts';
import { DetectionSchedule } from './detection-schedule.ts';
import type { GallerySearch, SearchHit } from './gallery-search.ts';
import { noPhaseTimes, type PhaseTimes } from './phase-times.ts';
import type { Segment } from './segment.ts';
import type { CandidateRow, TrackRow } from './segment-tables.ts';
import { stitchTracks } from './stitch-tracks.ts';
import { shotConditions } from './shot-conditions.ts';
import { type Track, Tracker, type TrackerOptions } from './tracker.ts';

/** Replay settings shared by every segment of a run. */
export interface ReplayOptions extends TrackerOptions {
  /** Process at most one frame every this many ms of footage (default 0 = every frame). */
  everyMs?: number;
  /** Candidates returned per track (default 10). */
  topK?: number;
  /** Tracks seen in fewer frames are dropped (default 1 = keep all). */
  minFrames?: number;
  /** Stitch a track to one that ended at most this long before, near where its motion leads (ms, default 2000). */
  relinkGapMs?: number;
  /** Lowest cosine between the probes of two tracks stitched together (default 0.5). */
  relinkCosine?: number;
  /**
   * Run every detector tile on one processed frame in this many, and between those only the whole frame and the
   * tiles near the faces of the frame before (default 1: every tile on every frame). See DetectionSchedule.
   */
  fullDetectEvery?: number;
}

/** Counts of work done on a segment. */
export interface SegmentStats {
  frames: number;
  detections: number;
  embeddings: number;
  tracks: number;
}

/** What one replayed segment yields: its tracks, and for each gallery searched the top-k candidates of every track. */
export interface SegmentResult {
  tracks: TrackRow[];
  /** candidates[g]: the candidates from searches[g]. */
  candidates: CandidateRow[][];
  stats: SegmentStats;
  /** Where the time went (wall ms by phase; `write` is left to the caller). */
  phasesMs: PhaseTimes;
}

interface Probe {
  tracks: Track[];
  vector: Float32Array;
}

/**
 * Replays `segment` with `algorithm`; searches each track's probe in each of `searches` (none: detect and track
 * only). One pass over the footage serves every gallery. `onFrame` is called after each processed frame (for progress).
 * @throws InputError naming the footage when frames cannot be decoded.
 */
export async function replaySegment(
  segment: Segment,
  algorithm: FaceAlgorithm,
  searches: readonly GallerySearch[],
  options: ReplayOptions = {},
  onFrame?: () => void,
): Promise<SegmentResult> {
  const tracker = new Tracker(options);
  const schedule = new DetectionSchedule(options.fullDetectEvery ?? 1);
  let faces: FaceDetection[] = [];
  const closed: Track[] = [];
  const stats: SegmentStats = { frames: 0, detections: 0, embeddings: 0, tracks: 0 };
  const phasesMs = noPhaseTimes();
  let clock = performance.now();
  const lap = (phase: keyof PhaseTimes): void => {
    const now = performance.now();
    phasesMs[phase] += now - clock;
    clock = now;
  };
  // 1-3. frames -> detect -> track, keeping best shots
  for await (const frame of openFrames(segment.source, options.everyMs ?? 0)) {
    lap('decode');
    faces = await algorithm.detect(frame.image, schedule.next(algorithm.detectionRects(frame.image.width, frame.image.height), faces));
    lap('detect');
    stats.frames++;
    stats.detections += faces.length;
    closed.push(...tracker.update(frame.tMs, frame.image, faces));
    lap('track');
    onFrame?.();
  }
  lap('decode');
  closed.push(...tracker.finish());
  const minFrames = options.minFrames ?? 1;
  const kept = closed.filter((t) => t.framesSeen >= minFrames).sort((a, b) => a.tStartMs - b.tStartMs || a.id - b.id);
  // 4. embed best shots; a track's probe = normalised mean of its shots' embeddings
  const fragments: Probe[] = [];
  for (const track of kept) {
    const vector = new Float32Array(algorithm.embeddingSize);
    for (const shot of track.shots) addInto(vector, await algorithm.embed(shot.crop, shot.face));
    stats.embeddings += track.shots.length;
    fragments.push({ tracks: [track], vector: l2normalise(vector) });
  }
  lap('embed');
  // 5. stitch fragments of one walk (the tracker lost the face for a while); the probe is the mean over fragments
  const groups = stitchTracks(fragments.map((f) => ({ points: f.tracks.flatMap((t) => t.points), vector: f.vector })),
    { maxGapMs: options.relinkGapMs ?? 2000, minCosine: options.relinkCosine ?? 0.5 });
  const probes: Probe[] = groups.map((group) => {
    const parts = group.flatMap((i) => fragments[i] ?? []);
    if (parts.length === 1 && parts[0] !== undefined) return parts[0];
    const vector = new Float32Array(algorithm.embeddingSize);
    for (const p of parts) addInto(vector, p.vector);
    return { tracks: parts.flatMap((p) => p.tracks), vector: l2normalise(vector) };
  });
  // 6. 1:N search, all probes of the segment in batches
  const rows: TrackRow[] = [];
  const candidates: CandidateRow[][] = searches.map(() => []);
  const batch = probes.length === 0 ? null : concat(probes.map((p) => p.vector));
  const hits: SearchHit[][][] = [];
  lap('track');
  for (const search of searches) hits.push(batch === null ? [] : await search.search(batch, options.topK ?? 10));
  lap('search');
  probes.forEach((p, trackId) => {
    const shots = p.tracks.flatMap((t) => t.shots).sort((x, y) => y.quality - x.quality || x.tMs - y.tMs);
    const best = shots[0];
    rows.push({
      segmentId: segment.id,
      deployment: segment.deployment ?? null,
      camera: segment.camera ?? null,
      trackId,
      tStartMs: Math.min(...p.tracks.map((t) => t.tStartMs)),
      tEndMs: Math.max(...p.tracks.map((t) => t.tEndMs)),
      framesSeen: p.tracks.reduce((s, t) => s + t.framesSeen, 0),
      faceSizePx: best?.faceSizePx ?? 0,
      detectorScore: best?.score ?? 0,
      frontalness: best?.frontalness ?? 0,
      shotsEmbedded: shots.length,
      conditions: best === undefined ? {} : shotConditions(best),
      points: p.tracks.flatMap((t) => t.points).sort((x, y) => x.tMs - y.tMs),
    });
    hits.forEach((perTrack, g) => {
      (perTrack[trackId] ?? []).forEach((h, r) => {
        candidates[g]!.push({ segmentId: segment.id, trackId, rank: r + 1, galleryId: h.id, score: algorithm.matchScore(h.cosine) });
      });
    });
  });
  stats.tracks = rows.length;
  lap('track');
  return { tracks: rows, candidates, stats, phasesMs };
}

/** Adds `v` into `sum`, element by element. */
function addInto(sum: Float32Array, v: Float32Array): void {
  for (let i = 0; i < sum.length; i++) sum[i] = (sum[i] ?? 0) + (v[i] ?? 0);
}

function concat(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vectors.reduce((s, v) => s + v.length, 0));
  let o = 0;
  for (const v of vectors) { out.set(v, o); o += v.length; }
  return out;
}
