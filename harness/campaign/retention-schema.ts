/**
 * Retention settings: how long a study keeps its data after collection, what falls due then (a review or deletion),
 * and which classes of data may be kept past the period. The protocol sets the policy; a dataset manifest records
 * when its data were collected and may record the period agreed for them.
 */
import { z } from 'zod';
import { DATA_CLASSES } from './data-class.ts';

const months = z.number().int().min(1).max(1200);
const afterPeriod = z.enum(['review', 'delete']);

/** The protocol's retention policy (every field has a default: three years, then review; keep aggregates and reports). */
export const RetentionPolicySchema = z.strictObject({
  periodMonths: months.default(36).describe('Months the data are kept after collection ends (default 36: three years)'),
  afterPeriod: afterPeriod.default('review')
    .describe('What falls due when the period ends: a review (which deletes the data or extends the period, recorded in the audit log) or deletion'),
  keep: z.array(z.enum(DATA_CLASSES)).default(['aggregate-results', 'reports'])
    .describe('Classes of data that may be kept past the period (default: the aggregate results and the reports)'),
});

/** What a dataset manifest records about its data's life. */
export const ManifestRetentionSchema = z.strictObject({
  collectedOn: z.iso.date().optional()
    .describe('Date collection ended (YYYY-MM-DD); default the end of the last deployment'),
  periodMonths: months.optional().describe("Retention period agreed for these data; default the protocol's (36 months)"),
  afterPeriod: afterPeriod.optional().describe("What falls due at the end; default the protocol's (review)"),
  keep: z.array(z.enum(['footage', 'enrolment-images', 'filler-images', 'ground-truth'])).default([])
    .describe('Classes of the dataset folder that may be kept past the period (default none)'),
});

export type RetentionPolicy = z.output<typeof RetentionPolicySchema>;
export type ManifestRetention = z.output<typeof ManifestRetentionSchema>;
