/** Test support: writes small contract tables from literal rows, the way another tool would. */
import path from 'node:path';
import { CANDIDATE_COLUMNS, SEARCH_COLUMNS } from '../store/contract.ts';
import { contractTable, writeArrowFile } from '../store/write-table.ts';

export interface TestSearch {
  id: string;
  source: string;
  mated: boolean;
  subject?: string | null;
  sex?: string | null;
  ethnicity?: string | null;
  /** Candidates as [gallery id, score, is mate], in rank order. */
  candidates: [string, number, boolean][];
}

/** Writes searches.arrow and candidates.arrow for `rows` into `dir`; the searches' score columns are derived. */
export function writeTestTables(dir: string, rows: readonly TestSearch[]): { searches: string; candidates: string } {
  const s: Record<string, unknown[]> = Object.fromEntries(SEARCH_COLUMNS.map((c) => [c.name, []]));
  const c: Record<string, unknown[]> = Object.fromEntries(CANDIDATE_COLUMNS.map((col) => [col.name, []]));
  const put = (t: Record<string, unknown[]>, name: string, v: unknown): void => void (t[name] as unknown[]).push(v);
  for (const r of rows) {
    const mateAt = r.candidates.findIndex(([, , mate]) => mate);
    const nonmates = r.candidates.filter(([, , mate]) => !mate);
    const values: Record<string, unknown> = {
      search_id: r.id, deployment: 'd1', camera: 'cam1', t_start_ms: 0, t_end_ms: 1000, source: r.source, mated: r.mated,
      subject_id: r.subject ?? null, sex: r.sex ?? null, ethnicity: r.ethnicity ?? null, age_band: null,
      mate_score: mateAt >= 0 ? r.candidates[mateAt]?.[1] : null, mate_rank: mateAt >= 0 ? mateAt + 1 : null,
      top_nonmate_score: nonmates[0]?.[1] ?? null, top_nonmate_id: nonmates[0]?.[0] ?? null,
      frames_seen: null, face_size_px: null, gallery_size: null,
    };
    for (const col of SEARCH_COLUMNS) put(s, col.name, values[col.name]);
    r.candidates.forEach(([id, score, mate], i) => {
      put(c, 'search_id', r.id);
      put(c, 'rank', i + 1);
      put(c, 'gallery_id', id);
      put(c, 'score', score);
      put(c, 'is_mate', mate);
      put(c, 'gallery_ethnicity', null);
    });
  }
  const files = { searches: path.join(dir, 'searches.arrow'), candidates: path.join(dir, 'candidates.arrow') };
  writeArrowFile(files.searches, contractTable(SEARCH_COLUMNS, s));
  writeArrowFile(files.candidates, contractTable(CANDIDATE_COLUMNS, c));
  return files;
}
