/** Test support: writes small contract tables from literal rows, the way another tool would. */
import path from 'node:path';
import { candidatesBuilder, searchesBuilder } from '../store/table-builder.ts';
import { writeArrowFile } from '../store/write-table.ts';

export interface TestSearch {
  id: string;
  source: string;
  mated: boolean;
  subject?: string | null;
  sex?: string | null;
  ethnicity?: string | null;
  /** Entries in the gallery searched (default null: not given). */
  gallerySize?: number | null;
  /** Candidates as [gallery id, score, is mate], in rank order. */
  candidates: [string, number, boolean][];
}

/** Writes searches.arrow and candidates.arrow for `rows` into `dir`; the searches' score columns are derived. */
export function writeTestTables(dir: string, rows: readonly TestSearch[]): { searches: string; candidates: string } {
  const s = searchesBuilder();
  const c = candidatesBuilder();
  for (const r of rows) {
    const mateAt = r.candidates.findIndex(([, , mate]) => mate);
    const nonmates = r.candidates.filter(([, , mate]) => !mate);
    s.add({
      search_id: r.id, deployment: 'd1', camera: 'cam1', t_start_ms: 0, t_end_ms: 1000, source: r.source, mated: r.mated,
      subject_id: r.subject ?? null, sex: r.sex ?? null, ethnicity: r.ethnicity ?? null, age_band: null,
      mate_score: r.candidates[mateAt]?.[1] ?? null, mate_rank: mateAt >= 0 ? mateAt + 1 : null,
      top_nonmate_score: nonmates[0]?.[1] ?? null, top_nonmate_id: nonmates[0]?.[0] ?? null,
      frames_seen: null, face_size_px: null, gallery_size: r.gallerySize ?? null,
    });
    r.candidates.forEach(([id, score, mate], i) => c.add({ search_id: r.id, rank: i + 1, gallery_id: id, score, is_mate: mate, gallery_ethnicity: null }));
  }
  const files = { searches: path.join(dir, 'searches.arrow'), candidates: path.join(dir, 'candidates.arrow') };
  writeArrowFile(files.searches, s.toTable());
  writeArrowFile(files.candidates, c.toTable());
  return files;
}
