/**
 * results.json: everything `evenhand analyse` found, in one long-format table of rates per algorithm, population,
 * group, threshold and metric, each with numerator, denominator and intervals. The zod schema is the type and the
 * validator; `npm run schema` publishes it as reports/results.schema.json.
 */
import { z } from 'zod';

const interval = z.strictObject({ lower: z.number().min(0).max(1), upper: z.number().min(0).max(1) });

export const Metric = {
  TPIR: 'True positive identification rate: mated searches whose mate is returned at rank <= R with score >= T',
  FNIR: 'False negative identification rate: 1 - TPIR',
  FPIR: 'False positive identification rate: non-mated searches with any candidate scoring >= T',
} as const;
export type Metric = keyof typeof Metric;

export const RateSchema = z.strictObject({
  metric: z.enum(['TPIR', 'FNIR', 'FPIR']),
  population: z.string().describe('mated, or the source of non-mated searches (crowd, filler_probe, ...)'),
  group: z.string().describe('Group id (overall, sex:female, sex+ethnicity:female+black, ...)'),
  threshold: z.number().min(0).max(1),
  k: z.number().int().min(0).describe('Numerator: searches that hit (for FNIR: that missed)'),
  n: z.number().int().min(0).describe('Denominator: searches'),
  estimate: z.number().min(0).max(1).nullable().describe('k / n; null when n = 0'),
  intervals: z.strictObject({ 'clopper-pearson': interval, wilson: interval }),
  oneIn: z.number().nullable().describe('n / k ("1 in N"); null when k = 0'),
});

export const GroupSchema = z.strictObject({
  id: z.string(),
  level: z.enum(['overall', 'sex', 'ethnicity', 'ageBand', 'sex+ethnicity']),
  label: z.string(),
  codes: z.record(z.string(), z.string()),
});

export const AlgorithmResultSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  inputs: z.array(z.strictObject({ role: z.enum(['searches', 'candidates']), file: z.string(), sha256: z.string(), rows: z.number().int() })),
  counts: z.strictObject({
    searches: z.number().int(),
    mated: z.number().int(),
    subjects: z.number().int().nullable().describe('Distinct subject_id among mated searches (null when not given)'),
    nonMated: z.record(z.string(), z.number().int()),
    mateNotReturned: z.number().int().describe('Mated searches whose mate is not in the candidate list (no face captured included)'),
    noCandidates: z.number().int().nullable().describe('Searches with no candidate (null when no candidates file was given)'),
    unknown: z.strictObject({ sex: z.number().int(), ethnicity: z.number().int(), ageBand: z.number().int() })
      .describe('Mated and volunteer searches whose category is unknown: counted overall, in no group'),
  }),
  populations: z.array(z.strictObject({ id: z.string(), kind: z.enum(['mated', 'non-mated']), gallerySize: z.number().int().nullable() })),
  rates: z.array(RateSchema),
});

export const ResultsSchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(1),
  generator: z.strictObject({ name: z.literal('evenhand'), version: z.string() }),
  campaign: z.strictObject({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    simulated: z.boolean().describe('True when any input was made by the simulator: say so wherever results are shown'),
  }),
  settings: z.strictObject({
    confidenceLevel: z.number().gt(0).lt(1),
    headlineInterval: z.enum(['clopper-pearson', 'wilson']),
    rank: z.number().int().min(1),
    thresholds: z.array(z.number()),
    operationalThresholds: z.array(z.number()),
    minCellSize: z.number().int(),
    watchlistSize: z.number().int(),
    demographics: z.record(z.string(), z.array(z.strictObject({ code: z.string(), label: z.string() }))),
  }),
  groups: z.array(GroupSchema),
  algorithms: z.array(AlgorithmResultSchema).min(1),
});

export type Results = z.infer<typeof ResultsSchema>;
export type Rate = z.infer<typeof RateSchema>;
export type AlgorithmResult = z.infer<typeof AlgorithmResultSchema>;
