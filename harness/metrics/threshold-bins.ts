/**
 * Threshold bins: a search's deciding score (its mate's, at rank <= R, for a mated search; its best non-mate's
 * otherwise) and the number of thresholds at or below it, so that counts at every threshold follow by cumulating.
 */
import type { SearchesData } from '../store/read-searches.ts';

/** Thresholds as the scores compare with them: rounded to float32 when the scores were stored as float32. */
export function thresholdCuts(searches: SearchesData, thresholds: readonly number[]): Float64Array {
  return Float64Array.from(thresholds, (t) => (searches.float32Scores ? Math.fround(t) : t));
}

/** The score that decides search `i` at every threshold; NaN when it can never hit (no candidate, mate beyond rank). */
export function decidingScore(searches: SearchesData, i: number, rank: number): number {
  if (searches.mated[i] === 1) {
    const r = searches.mateRank[i] as number;
    return r >= 1 && r <= rank ? (searches.mateScore[i] as number) : NaN;
  }
  return searches.topNonmateScore[i] as number;
}

/** Number of `cuts` (ascending) at or below `score` (a score equal to a threshold hits); 0 for NaN. */
export function thresholdBin(cuts: Float64Array, score: number): number {
  if (score !== score) return 0;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cuts[mid] as number) <= score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
