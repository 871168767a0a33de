/**
 * replaySegment: one segment through one algorithm.
 *
 *   frames (sampled) -> detect -> track (predicted boxes, optimal assignment) -> best shots -> template
 *     -> stitch fragments (motion + template similarity) -> probe -> 1:N top-k
 *
 * Templates of the public live only in memory here: the result holds scores and candidate ids, never templates.
 */
import type { FaceAlgorithm, FaceDetection, Rect } from '../algorithms/index.ts';
import { openFrames, type RgbImage } from '../footage/index.ts';
import { DetectionSchedule } from './detection-schedule.ts';
import { noPhaseTimes, type PhaseTimes } from './phase-times.ts';
import type { ProbeHit, ProbeMatching } from './probe-matching.ts';
import type { Segment } from './segment.ts';
import type { CandidateRow, TrackRow } from './segment-tables.ts';
import { mayFollow, stitchTracks } from './stitch-tracks.ts';
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
   * Run every detector tile on one processed frame in this many, and between those only the tiles that overlap a
   * face of the frame before (default 1: every tile on every frame). See DetectionSchedule.
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

interface Probe<T> {
  tracks: Track[];
  /** Null when the algorithm could make no template of any of its shots. */
  template: T | null;
}

/**
 * Replays `segment` with `algorithm`; makes, joins and searches each track's probe with `matching` (its searches:
 * none to detect and track only). One pass over the footage serves every gallery. `onFrame` is called after each
 * processed frame (for progress).
 * @throws InputError naming the footage when frames cannot be decoded.
 */
export async function replaySegment<T>(
  segment: Segment,
  algorithm: FaceAlgorithm,
  matching: ProbeMatching<T>,
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
    faces = await algorithm.detect(frame.image, schedule.next(detectionRects(algorithm, frame.image, segment.zone), faces));
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
  // 4. template each best shot; a track's probe = its shots' templates fused (for vectors: the normalised mean)
  const fragments: Probe<T>[] = [];
  for (const track of kept) {
    const shots: T[] = [];
    for (const shot of track.shots) {
      const t = await matching.make(shot.crop, shot.face);
      if (t !== null) shots.push(t);
    }
    stats.embeddings += track.shots.length;
    fragments.push({ tracks: [track], template: shots.length === 0 ? null : await matching.fuse(shots) });
  }
  lap('embed');
  // 5. stitch fragments of one walk (the tracker lost the face for a while); the probe is the fragments' fused
  const maxGapMs = options.relinkGapMs ?? 2000;
  const pieces = fragments.map((f) => ({ points: f.tracks.flatMap((t) => t.points) }));
  const similarity = new Map<string, number>();
  for (const [i, a] of fragments.entries()) {
    for (const [j, b] of fragments.entries()) {
      const [pa, pb] = [pieces[i], pieces[j]];
      if (a.template === null || b.template === null || pa === undefined || pb === undefined || !mayFollow(pa, pb, maxGapMs)) continue;
      similarity.set(`${i}:${j}`, await matching.similarity(a.template, b.template));
    }
  }
  const groups = stitchTracks(pieces, { maxGapMs, minCosine: options.relinkCosine ?? 0.5, similarity: (i, j) => similarity.get(`${i}:${j}`) ?? -Infinity });
  const probes: Probe<T>[] = [];
  for (const group of groups) {
    const parts = group.flatMap((i) => fragments[i] ?? []);
    const templates = parts.flatMap((p) => (p.template === null ? [] : [p.template]));
    const only = parts.length === 1 ? parts[0] : undefined;
    probes.push(only ?? { tracks: parts.flatMap((p) => p.tracks), template: templates.length === 0 ? null : await matching.fuse(templates) });
  }
  // 6. 1:N search, all probes of the segment together
  const rows: TrackRow[] = [];
  const candidates: CandidateRow[][] = matching.searches.map(() => []);
  const searchable = probes.flatMap((p, trackId) => (p.template === null ? [] : [{ trackId, template: p.template }]));
  const hits: Map<number, ProbeHit[]>[] = [];
  lap('track');
  for (const search of matching.searches) {
    const found = await search.search(searchable.map((p) => p.template), options.topK ?? 10);
    hits.push(new Map(searchable.map((p, i) => [p.trackId, found[i] ?? []])));
  }
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
      (perTrack.get(trackId) ?? []).forEach((h, r) => {
        candidates[g]?.push({ segmentId: segment.id, trackId, rank: r + 1, galleryId: h.id, score: h.score });
      });
    });
  });
  stats.tracks = rows.length;
  lap('track');
  return { tracks: rows, candidates, stats, phasesMs };
}

/**
 * The detector's rectangles for `image`: the whole frame and its tiles, or, with a zone of interest, the zone (clipped
 * to the frame) and the tiles a frame of the zone's size would get, placed over the zone.
 */
function detectionRects(algorithm: FaceAlgorithm, image: RgbImage, zone: Rect | null | undefined): Rect[] {
  if (zone === undefined || zone === null) return algorithm.detectionRects(image.width, image.height);
  const x = Math.max(0, zone.x), y = Math.max(0, zone.y);
  const w = Math.min(image.width, zone.x + zone.w) - x, h = Math.min(image.height, zone.y + zone.h) - y;
  if (w < 1 || h < 1) return [];
  return algorithm.detectionRects(w, h).map((r) => ({ x: r.x + x, y: r.y + y, w: r.w, h: r.h }));
}
