/**
 * A volunteer's rows taken out of a run's contract tables: their searches (passes, and their faces searched against
 * the filler gallery), those searches' candidates, and their entry wherever it was returned as a candidate for
 * someone else, with each such search's ranks, mate rank and best non-mate recomputed from what is left.
 */
import type { PlainTable } from '../store/plain-table.ts';
import { selectRows } from '../store/plain-table.ts';

/** The tables after a withdrawal, and how many rows went. */
export interface WithdrawnTables {
  searches: PlainTable;
  candidates: PlainTable | null;
  searchesRemoved: number;
  candidatesRemoved: number;
}

/**
 * Removes volunteer `id` from `searches` and `candidates`. When the person was enrolled on the watchlist
 * (`inWatchlist`), searches against the watchlist (every source but filler_probe) see a gallery one entry smaller.
 * For a search that had the person among its candidates, the others move up a rank, the mate's rank follows, and the
 * best non-mate is the best that is left; a mate not returned stays not returned (it may have been the (k+1)-th: a
 * replay without the person would return it, which is why `evenhand run` replays the footage again afterwards).
 */
export function withdrawFromTables(searches: PlainTable, candidates: PlainTable | null, id: string, inWatchlist: boolean): WithdrawnTables {
  const subject = searches.columns.subject_id ?? [];
  const gone = new Set<string>();
  (searches.columns.search_id ?? []).forEach((s, i) => {
    if (subject[i] === id) gone.add(String(s));
  });
  const keptSearches = selectRows(searches, (i) => subject[i] !== id);
  if (inWatchlist) {
    const source = keptSearches.columns.source ?? [];
    keptSearches.columns.gallery_size = (keptSearches.columns.gallery_size ?? []).map((g, i) => (typeof g === 'number' && source[i] !== 'filler_probe' ? g - 1 : g));
  }
  if (candidates === null) return { searches: keptSearches, candidates: null, searchesRemoved: searches.rows - keptSearches.rows, candidatesRemoved: 0 };
  const cs = candidates.columns.search_id ?? [];
  const gallery = candidates.columns.gallery_id ?? [];
  const touched = new Set<string>();
  const kept = selectRows(candidates, (i) => {
    if (gone.has(String(cs[i]))) return false;
    if (gallery[i] === id) {
      touched.add(String(cs[i]));
      return false;
    }
    return true;
  });
  renumber(keptSearches, kept, touched);
  return { searches: keptSearches, candidates: kept, searchesRemoved: searches.rows - keptSearches.rows, candidatesRemoved: candidates.rows - kept.rows };
}

/** For the searches in `touched`: ranks 1, 2, ... in score order as before, mate rank and best non-mate from what is left. */
function renumber(searches: PlainTable, candidates: PlainTable, touched: ReadonlySet<string>): void {
  if (touched.size === 0) return;
  const cs = candidates.columns.search_id ?? [];
  const rank = candidates.columns.rank ?? [];
  const isMate = candidates.columns.is_mate ?? [];
  const score = candidates.columns.score ?? [];
  const gallery = candidates.columns.gallery_id ?? [];
  const rows = new Map<string, number[]>();
  cs.forEach((s, i) => {
    const key = String(s);
    if (touched.has(key)) rows.set(key, [...(rows.get(key) ?? []), i]);
  });
  const ids = searches.columns.search_id ?? [];
  const row = new Map(ids.map((s, i) => [String(s), i]));
  for (const key of touched) {
    const list = (rows.get(key) ?? []).sort((a, b) => Number(rank[a]) - Number(rank[b]));
    list.forEach((c, r) => (rank[c] = r + 1));
    const i = row.get(key);
    if (i === undefined) continue;
    const mate = list.find((c) => isMate[c] === true);
    const mateRank = searches.columns.mate_rank;
    if (mate !== undefined && mateRank !== undefined) mateRank[i] = rank[mate] ?? null;
    const best = list.find((c) => isMate[c] !== true);
    const top = searches.columns.top_nonmate_score;
    const topId = searches.columns.top_nonmate_id;
    if (top !== undefined) top[i] = best === undefined ? null : (score[best] ?? null);
    if (topId !== undefined) topId[i] = best === undefined ? null : (gallery[best] ?? null);
  }
}
