/**
 * What the analysis takes from a candidates table once it is read and matched to its searches: the table's identity
 * and counts, the false-match pairs, and the counts the size-and-composition scaling of FPIR needs. Computed where
 * the table was read (on candidatesInBackground's worker thread for a large table), so that only these small
 * results, not the millions of candidate rows, come back to the thread that finishes the analysis.
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { CandidatesSummary } from '../store/read-candidates.ts';
import { falseMatchPairs } from './false-match-pairs.ts';
import type { FindingSearches } from './finding-searches.ts';
import type { FalseMatchPair } from './results-schema.ts';
import { compositionCounts, type CompositionCounts } from './scaled-fpir.ts';

/** The candidates table's identity and counts and what the analysis derives from its rows. */
export interface CandidateFindings {
  file: string;
  sha256: string;
  rows: number;
  /** Searches with no candidate at all (nothing returned, or no face captured). */
  searchesWithoutCandidates: number;
  falseMatchPairs: FalseMatchPair[];
  /** Per non-mated source, the counts of the size-and-composition scaling; empty when it does not apply. */
  composition: CompositionCounts[];
}

/**
 * The findings of a reconciled candidates table (`summary`, from reconcileCandidates) against its searches; the
 * composition counts for the `scalable` sources (scalableSources).
 * @example candidateFindings(campaign, findingSearches(searches), reconcileCandidates(file, searches, codes), ['filler_probe']).falseMatchPairs
 */
export function candidateFindings(campaign: Campaign, searches: FindingSearches, summary: CandidatesSummary, scalable: readonly string[]): CandidateFindings {
  return {
    file: summary.file,
    sha256: summary.sha256,
    rows: summary.rows,
    searchesWithoutCandidates: summary.searchesWithoutCandidates,
    falseMatchPairs: falseMatchPairs(campaign, searches, summary),
    composition: compositionCounts(campaign, searches, summary, scalable),
  };
}
