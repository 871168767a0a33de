/**
 * The use case a campaign evaluates, as the Metropolitan Police's facial recognition page names them: live (LFR,
 * faces in footage searched against a watchlist), retrospective (RFR, a still searched after the event against a
 * large reference set, returning a candidate list for a trained reviewer) and operator-initiated (OIFR, an officer's
 * photo searched on the spot against a watchlist at a threshold). A zod schema: validator and type in one.
 */
import { z } from 'zod';

/** The use cases: `lfr` (today's, the default), `rfr`, `oifr`. */
export const UseCaseSchema = z.enum(['lfr', 'rfr', 'oifr']);
export type UseCase = z.output<typeof UseCaseSchema>;

/** What each use case searches and what it returns. */
export const USE_CASE_DESCRIPTIONS: Record<UseCase, string> = {
  lfr: 'Live: faces in deployment footage searched against a watchlist; an alert when a candidate scores at or above the threshold',
  rfr: 'Retrospective: a still image (CCTV, phone) searched after the event against a reference set; a candidate list of fixed length for a trained reviewer',
  oifr: 'Operator-initiated: an officer\'s photo searched on the spot against a watchlist; a match when a candidate scores at or above the threshold',
};

/** The candidate list a retrospective search returns to its reviewer. */
export const CandidateListSchema = z.strictObject({
  length: z.number().int().min(1).max(1000).default(20)
    .describe('Candidates returned per search (L): the reviewer sees the top L. Must not exceed the reference set\'s size'),
  rank: z.number().int().min(1).optional()
    .describe('Rank R of the headline FNIR(R) and of the rates by group (default: the list length); at most the list length'),
  reviewThreshold: z.number().min(0).max(1).optional()
    .describe('Score at or above which a reviewer is asked to look at a candidate (default: the lowest operational threshold)'),
});
export type CandidateListInput = z.input<typeof CandidateListSchema>;

/** The candidate list as a campaign uses it: every value filled. */
export interface CandidateList {
  length: number;
  rank: number;
  reviewThreshold: number;
}
