/**
 * The still-image use cases' part of results.json (RFR, OIFR): failures to enrol a probe, and for RFR the candidate
 * list measures (the CMC curve, where the mate sits, lists with no mate but a candidate above the review threshold,
 * FNIR at rank R with no threshold, with intervals and tests between groups). Absent for live (LFR) campaigns, so
 * their results are unchanged. docs/use-cases.md says what each measure means.
 */
import { z } from 'zod';

const interval = z.strictObject({ lower: z.number().min(0).max(1), upper: z.number().min(0).max(1) });

/** A proportion k / n of one group with both binomial intervals. */
export const GroupProportionSchema = z.strictObject({
  population: z.string().describe('mated, non-mated, or probes (every probe search)'),
  group: z.string(),
  k: z.number().int().min(0),
  n: z.number().int().min(0),
  estimate: z.number().min(0).max(1).nullable().describe('k / n; null when n = 0'),
  intervals: z.strictObject({ 'clopper-pearson': interval, wilson: interval }),
});

/** The use case of a campaign as the reports need it: the list a reviewer sees and the thresholds that matter. */
export const UseCaseSettingsSchema = z.strictObject({
  useCase: z.enum(['lfr', 'rfr', 'oifr']),
  listLength: z.number().int().min(1).nullable().describe('Candidates per search (RFR); null otherwise'),
  rank: z.number().int().min(1).describe('Rank R of the headline rates (RFR: within the list; otherwise 1)'),
  reviewThreshold: z.number().min(0).max(1).nullable().describe('Score at which a reviewer looks at a candidate (RFR); null otherwise'),
});

/** Without `withoutThreshold`, which results-schema.ts adds (it holds rates and comparisons as results.json has them). */
export const StillSearchBaseSchema = z.strictObject({
  failureToEnrol: z.array(GroupProportionSchema)
    .describe('Probe searches in which no face was found (no candidate at all), by group, over every probe; counted as misses when mated'),
  cmc: z.array(GroupProportionSchema.extend({ rank: z.number().int().min(1) }))
    .describe('RFR: the CMC curve: mated searches whose mate is in the first `rank` candidates (no threshold), by group, rank 1..L'),
  mateRanks: z.array(z.strictObject({
    group: z.string(),
    n: z.number().int().min(0).describe('Mated searches'),
    atRank: z.array(z.number().int().min(0)).describe('Mated searches whose mate is at rank 1, 2, ..., L'),
    notInList: z.number().int().min(0).describe('Mated searches with a face whose mate is not in the list'),
    noFace: z.number().int().min(0).describe('Mated searches with no face found in the probe'),
  })).describe('RFR: where the mate sits in the list, by group'),
  noMateAboveReview: z.array(GroupProportionSchema)
    .describe('RFR: lists with no mate but a candidate at or above the review threshold (mated: the mate is not in the list; non-mated: any candidate), by group'),
});
export type UseCaseSettings = z.infer<typeof UseCaseSettingsSchema>;
