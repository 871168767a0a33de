/**
 * SearchRecord and CandidateRecord: typed rows of the searches/candidates contract, and their tables for writing;
 * and the track assignments table (which search each replayed track went to).
 */
import { Float64, Int32, Table, Utf8, vectorFromArray } from 'apache-arrow';
import type { Condition, ConditionValues } from '../campaign/index.ts';
import type { SearchRow } from '../store/contract.ts';
import { candidatesBuilder, searchesBuilder, searchesWithConditionsBuilder } from '../store/table-builder.ts';

/** One search (a pass, a track of no known pass, or a filler probe) as adjudication makes it. */
export interface SearchRecord {
  searchId: string;
  deployment: string;
  /** Null when not known (a crowd search made up to a deployment's count). */
  camera: string | null;
  tStartMs: number | null;
  tEndMs: number | null;
  source: string;
  mated: boolean;
  subjectId: string | null;
  sex: string | null;
  ethnicity: string | null;
  ageBand: string | null;
  mateScore: number | null;
  mateRank: number | null;
  topNonmateScore: number | null;
  topNonmateId: string | null;
  /** Frames the face was seen in (null when not known, e.g. an alert log). */
  framesSeen: number | null;
  faceSizePx: number | null;
  gallerySize: number | null;
  /** Capture conditions of the search's best shot (absent: not measured; the table then has no condition columns). */
  conditions?: ConditionValues;
}

/** The score columns of a search: where its mate stands in its candidate list (best first), and its best non-mate. */
export type SearchScores = Pick<SearchRecord, 'mateScore' | 'mateRank' | 'topNonmateScore' | 'topNonmateId'>;

/**
 * The score columns of a search from its candidate list (best first) and its mate's gallery id (null: non-mated).
 * @example searchScores([{ galleryId: 'v1', score: 0.7 }, { galleryId: 'w2', score: 0.4 }], 'v1') // mate rank 1 at 0.7, top non-mate w2 at 0.4
 */
export function searchScores(list: readonly { galleryId: string; score: number }[], mateId: string | null): SearchScores {
  const mateAt = mateId === null ? -1 : list.findIndex((c) => c.galleryId === mateId);
  const top = list.find((c) => c.galleryId !== mateId);
  return {
    mateScore: list[mateAt]?.score ?? null, mateRank: mateAt >= 0 ? mateAt + 1 : null,
    topNonmateScore: top?.score ?? null, topNonmateId: top?.galleryId ?? null,
  };
}

/** One candidate of a search. */
export interface CandidateRecord {
  searchId: string;
  rank: number;
  galleryId: string;
  score: number;
  isMate: boolean;
  galleryEthnicity: string | null;
}

/** The searches contract table from records, written through the one typed builder of contract tables. */
export function searchesTable(rows: readonly SearchRecord[]): Table {
  if (rows.some((r) => r.conditions !== undefined)) return searchesWithConditions(rows);
  const b = searchesBuilder();
  for (const r of rows) b.add(searchRow(r));
  return b.toTable();
}

/** The searches table with the capture-condition columns (null where a search has no best shot). */
function searchesWithConditions(rows: readonly SearchRecord[]): Table {
  const b = searchesWithConditionsBuilder();
  const value = (r: SearchRecord, c: Condition): number | null => r.conditions?.[c] ?? null;
  for (const r of rows) {
    b.add({
      ...searchRow(r),
      inter_eye_px: value(r, 'interEye'), yaw_deg: value(r, 'yaw'), pitch_deg: value(r, 'pitch'), face_brightness: value(r, 'brightness'),
      face_contrast: value(r, 'contrast'), sharpness: value(r, 'sharpness'), detector_score: value(r, 'detectorScore'), time_of_day_h: value(r, 'timeOfDay'),
    });
  }
  return b.toTable();
}

/** The contract columns of one search record. */
function searchRow(r: SearchRecord): SearchRow {
  return {
    search_id: r.searchId, deployment: r.deployment, camera: r.camera, t_start_ms: r.tStartMs, t_end_ms: r.tEndMs, source: r.source,
    mated: r.mated, subject_id: r.subjectId, sex: r.sex, ethnicity: r.ethnicity, age_band: r.ageBand, mate_score: r.mateScore,
    mate_rank: r.mateRank, top_nonmate_score: r.topNonmateScore, top_nonmate_id: r.topNonmateId, frames_seen: r.framesSeen,
    face_size_px: r.faceSizePx, gallery_size: r.gallerySize,
  };
}

/** The candidates contract table from records, written through the one typed builder of contract tables. */
export function candidatesTable(rows: readonly CandidateRecord[]): Table {
  const b = candidatesBuilder();
  for (const r of rows) b.add({ search_id: r.searchId, rank: r.rank, gallery_id: r.galleryId, score: r.score, is_mate: r.isMate, gallery_ethnicity: r.galleryEthnicity });
  return b.toTable();
}

/**
 * The track assignments table: one row per replayed track (segment_id, track_id), the search_id it went to (a pass,
 * a known crowd pass, or its own search as a track of no known pass) and its score for that pass (0 for none).
 */
export function assignmentsTable(rows: readonly { segmentId: string; trackId: number; searchId: string; score: number }[]): Table {
  return new Table({
    segment_id: vectorFromArray(rows.map((r) => r.segmentId), new Utf8()),
    track_id: vectorFromArray(rows.map((r) => r.trackId), new Int32()),
    search_id: vectorFromArray(rows.map((r) => r.searchId), new Utf8()),
    score: vectorFromArray(rows.map((r) => r.score), new Float64()),
  });
}
