/** Reads a replay run's per-segment track, trajectory and candidate tables into tracks on their deployment's clock. */
import { existsSync } from 'node:fs';
import type { Vector } from 'apache-arrow';
import { column, readCategories, readNumbers } from '../store/arrow-columns.ts';
import { readArrowFile } from '../store/read-arrow-file.ts';
import { Condition, type ConditionValues } from '../campaign/index.ts';
import { segmentFiles, TRACK_CONDITIONS } from '../replay/segment-tables.ts';
import type { Track } from './track.ts';

/**
 * Where a replayed segment was filmed: its deployment, camera, the deployment time of the video's time 0, and the
 * time between two processed frames (ms).
 */
export interface SegmentPlace {
  segmentId: string;
  deployment: string;
  camera: string;
  offsetMs: number;
  frameMs: number;
}

/**
 * The tracks of every finished segment of the replay in `runDir`; segments without tables (failed) are skipped and
 * listed in `missing` so the caller can report them.
 * @throws InputError when a segment's table is not a readable track or candidate table.
 */
export function readTracks(runDir: string, places: readonly SegmentPlace[]): { tracks: Track[]; missing: string[] } {
  const tracks: Track[] = [];
  const missing: string[] = [];
  for (const place of places) {
    const files = segmentFiles(runDir, place.segmentId);
    if (!existsSync(files.done)) { missing.push(place.segmentId); continue; }
    const t = readArrowFile(files.tracks);
    const c = readArrowFile(files.candidates);
    const num = (table: typeof t, file: string, name: string): Float64Array => readNumbers(column(table, name) as Vector, file, name).values;
    const ids = num(t, files.tracks, 'track_id');
    const t0 = num(t, files.tracks, 't_start_ms');
    const t1 = num(t, files.tracks, 't_end_ms');
    const frames = num(t, files.tracks, 'frames_seen');
    const size = num(t, files.tracks, 'face_size_px');
    // best-shot conditions: in tables of replays since capture conditions were measured (older tables have none)
    const measuredOnly = TRACK_CONDITIONS.some((c) => column(t, Condition[c].column) !== null);
    const measured = (measuredOnly ? [...TRACK_CONDITIONS, 'detectorScore' as const] : []).flatMap((c) => {
      const vec = column(t, Condition[c].column);
      return vec === null ? [] : [{ c, values: readNumbers(vec, files.tracks, Condition[c].column).values }];
    });
    const conditionsOf = (i: number): ConditionValues => Object.fromEntries(measured.flatMap(({ c, values }) => {
      const v = values[i] as number;
      return Number.isNaN(v) ? [] : [[c, v]];
    }));
    const byId = new Map<number, Track>();
    for (let i = 0; i < t.numRows; i++) {
      const track: Track = { segmentId: place.segmentId, trackId: ids[i] as number, deployment: place.deployment, camera: place.camera,
        tStartMs: place.offsetMs + (t0[i] as number), tEndMs: place.offsetMs + (t1[i] as number), frameMs: place.frameMs,
        framesSeen: frames[i] as number, faceSizePx: size[i] as number, points: [], candidates: [],
        ...(measured.length === 0 ? {} : { conditions: conditionsOf(i) }) };
      byId.set(track.trackId, track);
      tracks.push(track);
    }
    if (existsSync(files.trajectories)) {
      const j = readArrowFile(files.trajectories);
      const col = (name: string): Float64Array => num(j, files.trajectories, name);
      const jt = col('track_id'), jtime = col('t_ms'), score = col('detector_score');
      const x1 = col('x1'), y1 = col('y1'), x2 = col('x2'), y2 = col('y2');
      for (let i = 0; i < j.numRows; i++) {
        byId.get(jt[i] as number)?.points.push({ tMs: place.offsetMs + (jtime[i] as number),
          box: { x1: x1[i] as number, y1: y1[i] as number, x2: x2[i] as number, y2: y2[i] as number }, score: score[i] as number });
      }
    }
    const ctrack = num(c, files.candidates, 'track_id');
    const rank = num(c, files.candidates, 'rank');
    const score = num(c, files.candidates, 'score');
    const gallery = readCategories(column(c, 'gallery_id') as Vector, files.candidates, 'gallery_id');
    const rows = Array.from({ length: c.numRows }, (_, i) => i).sort((a, b) => (ctrack[a] as number) - (ctrack[b] as number) || (rank[a] as number) - (rank[b] as number));
    for (const i of rows) {
      // Scores were stored as 32-bit floats: keep their decimal meaning (0.58 stays 0.58) for threshold comparisons.
      byId.get(ctrack[i] as number)?.candidates.push({ galleryId: gallery.labels[gallery.codes[i] as number] ?? '', score: Number((score[i] as number).toPrecision(7)) });
    }
  }
  return { tracks, missing };
}
