/** What of the searches the candidates' findings (false-match pairs, composition counts) read, small enough to send to another thread. */
import type { SearchesData } from '../store/read-searches.ts';

/** What of the searches the findings read: rows, mated flags, source codes and labels, the passer's ethnicity. */
export interface FindingSearches {
  length: number;
  mated: Uint8Array;
  float32Scores: boolean;
  source: { codes: Int32Array; labels: readonly string[] };
  /** Index of the campaign's ethnicity categories; -1 unknown. */
  ethnicity: Int8Array;
}

/** The view of `searches` that candidateFindings reads. */
export function findingSearches(searches: SearchesData): FindingSearches {
  return { length: searches.length, mated: searches.mated, float32Scores: searches.float32Scores, source: { codes: searches.source.codes, labels: searches.source.labels }, ethnicity: searches.demographics.ethnicity };
}
