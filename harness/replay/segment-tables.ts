/**
 * Segment tables: a replayed segment's tracks, their trajectories (every detection's time and box) and top-k
 * candidates as Arrow IPC files, written atomically.
 */
import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { Float32, Int32, Table, Utf8, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Condition, type ConditionValues } from '../campaign/index.ts';
import type { TrackPoint } from './predict-box.ts';

/** One person track of a segment (a future `searches` row once adjudicated). */
export interface TrackRow {
  segmentId: string;
  deployment: string | null;
  camera: string | null;
  trackId: number;
  tStartMs: number;
  tEndMs: number;
  framesSeen: number;
  /** Face size (px, larger box side) of the best shot. */
  faceSizePx: number;
  /** Detector score of the best shot. */
  detectorScore: number;
  /** Frontalness 0..1 of the best shot. */
  frontalness: number;
  /** Best shots embedded (their mean is the probe). */
  shotsEmbedded: number;
  /** Capture conditions of the best shot (shot-conditions.ts); empty when there was none. */
  conditions: ConditionValues;
  /** Every detection of the track, in time order (times on the footage's clock, boxes in frame pixels). */
  points: readonly TrackPoint[];
}

/** One candidate returned for a track's probe. */
export interface CandidateRow {
  segmentId: string;
  trackId: number;
  /** 1 = best. */
  rank: number;
  galleryId: string;
  /** The algorithm's 0..1 face-match score. */
  score: number;
}

/** The conditions a replay measures on each track's best shot (time of day comes later, from the deployment's clock). */
export const TRACK_CONDITIONS = ['interEye', 'yaw', 'pitch', 'brightness', 'contrast', 'sharpness'] as const;

/** The tracks table: one row per track, columns in snake_case as the downstream contract names them. */
export function tracksTable(rows: readonly TrackRow[]): Table {
  return new Table({
    segment_id: vectorFromArray(rows.map((r) => r.segmentId), new Utf8()),
    deployment: vectorFromArray(rows.map((r) => r.deployment), new Utf8()),
    camera: vectorFromArray(rows.map((r) => r.camera), new Utf8()),
    track_id: vectorFromArray(rows.map((r) => r.trackId), new Int32()),
    t_start_ms: vectorFromArray(rows.map((r) => Math.round(r.tStartMs)), new Int32()),
    t_end_ms: vectorFromArray(rows.map((r) => Math.round(r.tEndMs)), new Int32()),
    frames_seen: vectorFromArray(rows.map((r) => r.framesSeen), new Int32()),
    face_size_px: vectorFromArray(rows.map((r) => r.faceSizePx), new Float32()),
    detector_score: vectorFromArray(rows.map((r) => r.detectorScore), new Float32()),
    frontalness: vectorFromArray(rows.map((r) => r.frontalness), new Float32()),
    shots_embedded: vectorFromArray(rows.map((r) => r.shotsEmbedded), new Int32()),
    ...Object.fromEntries(TRACK_CONDITIONS.map((c) => [Condition[c].column, vectorFromArray(rows.map((r) => r.conditions[c] ?? null), new Float32())])),
  });
}

/**
 * The trajectories table: one row per detection of every track (track_id, t_ms on the footage's clock, the box's
 * corners x1, y1, x2, y2 in frame pixels, detector_score), tracks in table order, each in time order.
 */
export function trajectoriesTable(rows: readonly TrackRow[]): Table {
  const points = rows.flatMap((r) => r.points.map((p) => ({ trackId: r.trackId, p })));
  const col = (f: (p: TrackPoint) => number): number[] => points.map((x) => f(x.p));
  return new Table({
    track_id: vectorFromArray(points.map((x) => x.trackId), new Int32()),
    t_ms: vectorFromArray(points.map((x) => Math.round(x.p.tMs)), new Int32()),
    x1: vectorFromArray(col((p) => p.box.x1), new Float32()),
    y1: vectorFromArray(col((p) => p.box.y1), new Float32()),
    x2: vectorFromArray(col((p) => p.box.x2), new Float32()),
    y2: vectorFromArray(col((p) => p.box.y2), new Float32()),
    detector_score: vectorFromArray(col((p) => p.score), new Float32()),
  });
}

/** The candidates table: top-k per track, rank 1 first. */
export function candidatesTable(rows: readonly CandidateRow[]): Table {
  return new Table({
    segment_id: vectorFromArray(rows.map((r) => r.segmentId), new Utf8()),
    track_id: vectorFromArray(rows.map((r) => r.trackId), new Int32()),
    rank: vectorFromArray(rows.map((r) => r.rank), new Int32()),
    gallery_id: vectorFromArray(rows.map((r) => r.galleryId), new Utf8()),
    score: vectorFromArray(rows.map((r) => r.score), new Float32()),
  });
}

/** File paths of segment `id`'s outputs under `outDir`. */
export function segmentFiles(outDir: string, id: string): { tracks: string; trajectories: string; candidates: string; done: string } {
  const base = path.join(outDir, 'segments', id);
  return { tracks: `${base}.tracks.arrow`, trajectories: `${base}.trajectories.arrow`, candidates: `${base}.candidates.arrow`, done: `${base}.done.json` };
}

/**
 * A temporary name beside `file`, unique across machines sharing the folder and across threads (host, process, random
 * part), so two workers that replay the same segment (a job re-run after its worker stalled) never write into one file.
 */
export function tempNameFor(file: string): string {
  return `${file}.tmp-${hostname().replace(/[^A-Za-z0-9-]/g, '_')}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** True when `name` is a temporary file left by {@link tempNameFor} (a killed writer's). */
export function isTempName(name: string): boolean {
  return /\.(arrow|json)\.tmp-[A-Za-z0-9_-]+$/.test(name);
}

async function writeAtomic(file: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = tempNameFor(file);
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

/**
 * Writes segment `id`'s three tables, each to a temp file renamed into place, then the `done` marker last, so a
 * segment either has a marker and complete tables or counts as not done.
 */
export async function writeSegmentTables(outDir: string, id: string, tracks: readonly TrackRow[], candidates: readonly CandidateRow[], summary: object): Promise<void> {
  const files = segmentFiles(outDir, id);
  await mkdir(path.dirname(files.tracks), { recursive: true });
  await writeAtomic(files.tracks, tableToIPC(tracksTable(tracks), 'file'));
  await writeAtomic(files.trajectories, tableToIPC(trajectoriesTable(tracks), 'file'));
  await writeAtomic(files.candidates, tableToIPC(candidatesTable(candidates), 'file'));
  await writeAtomic(files.done, `${JSON.stringify(summary, null, 2)}\n`);
}

/** True when segment `id` finished in an earlier run (its done marker exists). */
export async function segmentDone(outDir: string, id: string): Promise<boolean> {
  return access(segmentFiles(outDir, id).done).then(() => true, () => false);
}
