/**
 * Reads a candidates table and reconciles it with its searches: every candidate belongs to a known search, a mate
 * appears only in mated searches, and the per-search scores agree. When the searches table carries no score
 * columns (a vendor's candidate log), the scores are derived from the candidates.
 */
import type { Vector } from 'apache-arrow';
import { InputError, show, type InputProblem } from '../core/input-error.ts';
import { Expected, Found } from '../core/messages.ts';
import { column, readBooleans, readCategories, readNumbers } from './arrow-columns.ts';
import { StringColumn } from './string-keys.ts';
import { CANDIDATE_COLUMNS } from './contract.ts';
import { readArrowFileHashed } from './read-arrow-file.ts';
import type { SearchesData } from './read-searches.ts';

/** What the candidates add to the searches: counts for the report. */
export interface CandidatesSummary {
  file: string;
  sha256: string;
  rows: number;
  /** Searches with no candidate at all (nothing returned, or no face captured). */
  searchesWithoutCandidates: number;
  /** Per candidate row: its search's row, rank, score, and the gallery entry's ethnicity (index of the campaign's categories; -1 unknown). */
  search: Int32Array;
  rank: Float64Array;
  score: Float64Array;
  galleryEthnicity: Int8Array;
  /** True when the table has a gallery_ethnicity column. */
  hasGalleryEthnicity: boolean;
}

const MAX_PROBLEMS = 20;

/** What reconciling candidates needs of their searches (and, without score columns, fills in). */
export type CandidateSearches = Pick<SearchesData, 'file' | 'length' | 'searchIds' | 'mated' | 'hasScores' | 'mateScore' | 'mateRank' | 'topNonmateScore' | 'float32Scores'>;

/**
 * Reads `file`, checks it against `searches`, and fills the searches' score columns from it when they were absent.
 * @throws InputError naming the file, the row, the column and what was expected.
 */
export function reconcileCandidates(file: string, searches: CandidateSearches, ethnicityCodes: readonly string[] = []): CandidatesSummary {
  const { table, sha256 } = readArrowFileHashed(file);
  const problems: InputProblem[] = [];
  for (const spec of CANDIDATE_COLUMNS) {
    if (spec.required && column(table, spec.name) === null) problems.push({ path: `column ${spec.name}`, expected: `a column named ${spec.name} (${spec.description})`, got: 'no such column' });
  }
  if (problems.length > 0) throw new InputError(file, problems);
  const n = table.numRows;
  if (n === 0) throw new InputError(file, [{ path: '', expected: `${Expected.atLeastOneRow} (leave out --candidates when no search returned any)`, got: Found.noRows }]);
  const ids = new StringColumn(column(table, 'search_id') as Vector, file, 'search_id');
  const rankCol = readNumbers(column(table, 'rank') as Vector, file, 'rank');
  const rank = rankCol.values;
  const score = readNumbers(column(table, 'score') as Vector, file, 'score');
  const stored = (col: typeof score, i: number, v: number): string => (col.nanRows.includes(i) ? Found.nan : Number.isNaN(v) ? 'null' : String(v));
  const isMate = readBooleans(column(table, 'is_mate') as Vector, file, 'is_mate');
  const ethVec = column(table, 'gallery_ethnicity');
  const galleryEthnicity = new Int8Array(n).fill(-1);
  if (ethVec !== null) {
    const eth = readCategories(ethVec, file, 'gallery_ethnicity');
    const map = eth.labels.map((l) => ethnicityCodes.indexOf(l));
    for (let i = 0; i < n; i++) {
      const c = eth.codes[i] as number;
      galleryEthnicity[i] = c < 0 ? -1 : (map[c] as number);
    }
  }
  const add = (p: InputProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  // Each candidate's search row (a search id's code in the searches' keys is its row, the ids being unique).
  const searchRow = searches.searchIds.lookup(ids);
  const m = searches.length;
  const mateScore = new Float64Array(m).fill(NaN);
  const mateRank = new Int32Array(m);
  const topNonmate = new Float64Array(m).fill(NaN);
  const has = new Uint8Array(m);
  const where = (i: number): string => `row ${i} (search_id ${show(ids.text(i))})`;
  for (let i = 0; i < n; i++) {
    const row = searchRow[i] as number;
    if (row < 0) {
      add({ path: `${where(i)}: search_id`, expected: `the id of a search in ${searches.file}`, got: show(ids.text(i)) });
      continue;
    }
    const s = score.values[i] as number;
    const r = rank[i] as number;
    if (!(s >= 0 && s <= 1)) add({ path: `${where(i)}: score`, expected: 'a score in 0..1', got: stored(score, i, s) });
    if (!(Number.isInteger(r) && r >= 1)) add({ path: `${where(i)}: rank`, expected: 'a rank >= 1', got: stored(rankCol, i, r) });
    const mate = isMate[i] as number;
    if (mate > 1) { add({ path: `${where(i)}: is_mate`, expected: 'true or false', got: 'null' }); continue; }
    has[row] = 1;
    if (mate === 1) {
      if (searches.mated[row] !== 1) add({ path: `${where(i)}: is_mate`, expected: 'false: its search is not mated', got: 'true' });
      else if (mateRank[row] !== 0) add({ path: `${where(i)}: is_mate`, expected: 'one mate per search', got: 'a second mate' });
      mateScore[row] = s;
      mateRank[row] = r;
    } else if (!(topNonmate[row]! >= s)) {
      topNonmate[row] = s;
    }
  }
  let without = 0;
  for (let row = 0; row < m; row++) {
    if (has[row] === 0) { without++; continue; }
    if (!searches.hasScores) continue;
    if (!sameScore(searches.mateScore[row] as number, mateScore[row] as number, score.float32)) {
      add({ path: searchName(searches, row), expected: `the mate's candidate score to equal mate_score in ${searches.file} (${searches.mateScore[row]})`, got: String(mateScore[row]) });
    }
    if (!sameScore(searches.topNonmateScore[row] as number, topNonmate[row] as number, score.float32)) {
      add({ path: searchName(searches, row), expected: `the highest non-mate candidate score to equal top_nonmate_score in ${searches.file} (${searches.topNonmateScore[row]})`, got: String(topNonmate[row]) });
    }
  }
  if (problems.length > 0) throw new InputError(file, problems);
  if (!searches.hasScores) {
    searches.mateScore = mateScore;
    searches.mateRank = mateRank;
    searches.topNonmateScore = topNonmate;
    searches.float32Scores = score.float32;
    searches.hasScores = true;
  }
  return { file, get sha256() { return sha256(); }, rows: n, searchesWithoutCandidates: without, search: searchRow, rank, score: score.values, galleryEthnicity, hasGalleryEthnicity: ethVec !== null };
}

/** `search_id "x"` of row `row`, for messages (decoded only when a problem is found). */
function searchName(searches: CandidateSearches, row: number): string {
  return `search_id ${show(searches.searchIds.text(row))}`;
}

function sameScore(a: number, b: number, float32: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return float32 ? Math.fround(a) === Math.fround(b) : a === b;
}
