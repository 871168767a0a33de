/** Reads a searches table (the contract) back into search records: the probes a vendor's batch run searched. */
import type { SearchRecord } from '../adjudicate/index.ts';
import { InputError } from '../core/input-error.ts';
import { readArrowFile } from '../store/read-arrow-file.ts';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);

/**
 * The rows of `file` as search records (scores as written; an import replaces them).
 * @throws InputError naming the file when it is not a searches table (no search_id, source or mated column).
 * @example readSearchRecords('runs/x/faceplugin-v1/searches.arrow').length
 */
export function readSearchRecords(file: string): SearchRecord[] {
  const table = readArrowFile(file);
  const missing = ['search_id', 'source', 'mated'].filter((c) => table.getChild(c) === null);
  if (missing.length > 0) throw new InputError(file, missing.map((c) => ({ path: c, expected: 'a column of the searches contract (datasets/README.md)' })));
  return table.toArray().map((row: Record<string, unknown>) => ({
    searchId: str(row['search_id']) ?? '', deployment: str(row['deployment']) ?? '', camera: str(row['camera']), tStartMs: num(row['t_start_ms']), tEndMs: num(row['t_end_ms']),
    source: str(row['source']) ?? '', mated: row['mated'] === true, subjectId: str(row['subject_id']), sex: str(row['sex']), ethnicity: str(row['ethnicity']), ageBand: str(row['age_band']),
    mateScore: num(row['mate_score']), mateRank: num(row['mate_rank']), topNonmateScore: num(row['top_nonmate_score']), topNonmateId: str(row['top_nonmate_id']),
    framesSeen: num(row['frames_seen']), faceSizePx: num(row['face_size_px']), gallerySize: num(row['gallery_size']),
  }));
}
