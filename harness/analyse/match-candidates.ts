/** Reading a candidates table, matching it to searches sent from another thread and deriving its findings: what candidatesInBackground's worker runs. */
import type { Campaign } from '../campaign/campaign.ts';
import { reconcileCandidates } from '../store/read-candidates.ts';
import { StringKeys, type StringKeysParts } from '../store/string-keys.ts';
import { candidateFindings, type CandidateFindings } from './candidate-findings.ts';
import type { FindingSearches } from './finding-searches.ts';

/** The candidates file, the campaign, and what of its searches (which have score columns) the reconciliation and the findings read. */
export interface MatchCandidatesInput {
  file: string;
  campaign: Campaign;
  /** The sources whose composition counts are wanted (scalableSources). */
  scalable: readonly string[];
  searches: FindingSearches & {
    file: string;
    ids: StringKeysParts;
    mateScore: Float64Array;
    topNonmateScore: Float64Array;
  };
}

/**
 * reconcileCandidates (see read-candidates.ts) of the file against the searches described by `input`, with the
 * file's sha256 waited for, and candidateFindings of the result: plain data another thread can receive.
 * @throws InputError as reconcileCandidates.
 * @example matchCandidates({ file: 'candidates.arrow', campaign, searches })
 */
export function matchCandidates(input: MatchCandidatesInput): CandidateFindings {
  const s = input.searches;
  const searchIds = new StringKeys(s.ids, s.file, 'search_id');
  const searches = { file: s.file, length: searchIds.length, searchIds, mated: s.mated, hasScores: true, mateScore: s.mateScore, mateRank: new Int32Array(0), topNonmateScore: s.topNonmateScore, float32Scores: s.float32Scores };
  const codes = input.campaign.dimensions.ethnicity.map((c) => c.code);
  return candidateFindings(input.campaign, s, reconcileCandidates(input.file, searches, codes), input.scalable);
}
