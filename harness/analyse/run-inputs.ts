/**
 * Run inputs: what `evenhand analyse` is told about the run besides the tables, recorded whole in results.json so
 * that later stages read everything from there. One schema'd object, so that more of the run (an adjudication
 * summary) can join it: the policy a threshold is judged by, and what was left out before the analysis.
 */
import { z } from 'zod';
import { PolicySchema } from '../campaign/protocol-schema.ts';

/** Why searches (or people, or images) were left out before the analysis: codes the report puts into words. */
export const EXCLUSION_REASONS = [
  'failed-to-enrol', 'filler-image-without-face', 'footage-not-replayed', 'identity-missing-label', 'identity-single-image', 'withdrawn',
  'log-row-unreadable', 'log-unknown-camera', 'log-unknown-subject', 'log-alert-only-unknown-subjects', 'log-outside-deployment', 'log-unknown-probe',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** One kind of exclusion, with counts (never ids). */
export const ExclusionSchema = z.strictObject({
  algorithm: z.string().nullable().describe('The algorithm it concerns, or null for the whole campaign'),
  reason: z.enum(EXCLUSION_REASONS).describe([
    'failed-to-enrol: volunteers with no face found in any enrolment image (their passes are analysed as non-mated)',
    'filler-image-without-face: filler images with no face found (not in the filler gallery)',
    'footage-not-replayed: volunteer passes in footage that could not be replayed',
    'identity-missing-label: face-set identities without a required label (used as crowd or filler only)',
    'identity-single-image: labelled face-set identities with a single image (not used as volunteers)',
    'withdrawn: volunteers who withdrew from the study (their rows were removed; `evenhand withdraw`)',
    'log-row-unreadable: rows of an imported log that could not be read (each named by line and field in import.json)',
    'log-unknown-camera: alerts at a camera the manifest does not have',
    'log-unknown-subject: candidates naming a subject not on the watchlist (set aside; the rest of their alert kept)',
    'log-alert-only-unknown-subjects: alerts whose every candidate named a subject not on the watchlist',
    'log-outside-deployment: alerts outside the time span of every deployment (after the clock offset)',
    'log-unknown-probe: candidate lists naming a probe that was not exported',
  ].join('; ')),
  count: z.number().int().min(0),
  byGroup: z.record(z.string(), z.number().int().min(0)).describe('Counts by "sex/ethnicity" code pair ("unknown" where not recorded)'),
  run: z.string().optional().describe('The run it came from, in a study combined from several runs (`evenhand combine`); absent otherwise'),
});
export type Exclusion = z.infer<typeof ExclusionSchema>;

/** The run inputs recorded in results.json. */
export const RunInputsSchema = z.strictObject({
  policy: PolicySchema.describe('The protocol\'s policy: `evenhand thresholds` and the reports judge thresholds by it (passers-by per hour included)'),
  exclusions: z.array(ExclusionSchema).describe('What was left out before the analysis, and why (empty when nothing was, or when the tables came from elsewhere)'),
});
export type RunInputs = z.infer<typeof RunInputsSchema>;

/** The list of exclusions in an exclusions file (`evenhand run` writes one; `evenhand analyse --exclusions` reads it). */
export const ExclusionsFileSchema = z.array(ExclusionSchema);
