/** Reading a candidates table and matching it to searches sent from another thread: what candidatesInBackground's worker runs. */
import { reconcileCandidates, type CandidatesSummary } from '../store/read-candidates.ts';
import { StringKeys, type StringKeysParts } from '../store/string-keys.ts';

/** The candidates file and what of its searches (which have score columns) the reconciliation reads. */
export interface MatchCandidatesInput {
  file: string;
  ethnicityCodes: readonly string[];
  searches: {
    file: string;
    ids: StringKeysParts;
    mated: Uint8Array;
    mateScore: Float64Array;
    topNonmateScore: Float64Array;
    float32Scores: boolean;
  };
}

/**
 * reconcileCandidates (see read-candidates.ts) of the file against the searches described by `input`, with the
 * file's sha256 waited for, so that the summary is plain data another thread can receive.
 * @throws InputError as reconcileCandidates.
 * @example matchCandidates({ file: 'candidates.arrow', ethnicityCodes: ['white'], searches })
 */
export function matchCandidates(input: MatchCandidatesInput): CandidatesSummary {
  const s = input.searches;
  const searchIds = new StringKeys(s.ids, s.file, 'search_id');
  const searches = { file: s.file, length: searchIds.length, searchIds, mated: s.mated, hasScores: true, mateScore: s.mateScore, mateRank: new Int32Array(0), topNonmateScore: s.topNonmateScore, float32Scores: s.float32Scores };
  const summary = reconcileCandidates(input.file, searches, input.ethnicityCodes);
  return { ...summary, sha256: summary.sha256 };
}
