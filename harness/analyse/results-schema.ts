/**
 * results.json: everything `evenhand analyse` found, in one long-format table of rates per algorithm, population,
 * group, threshold and metric, each with numerator, denominator and intervals. The zod schema is the type and the
 * validator; `npm run schema` publishes it as reports/results.schema.json.
 */
import { z } from 'zod';
import { AdjudicationSummarySchema } from '../adjudicate/index.ts';
import { ImportSummarySchema } from '../import/index.ts';

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
  intervals: z.strictObject({
    'clopper-pearson': interval,
    wilson: interval,
    'cluster-bootstrap': interval.optional().describe('BCa interval (expanded for the number of clusters) resampling whole subjects (or deployments); mated rates only'),
  }),
  oneIn: z.number().nullable().describe('n / k ("1 in N"); null when k = 0'),
});

/** A statistic with its interval; value null when undefined (then `note` says why, e.g. a zero rate under a ratio). */
export const EstimateSchema = z.strictObject({
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  note: z.string().nullable(),
});

/** Verdicts a comparison between groups can reach, in words for the public. */
export const Verdict = {
  'equivalent': 'No significant difference, and equivalent within the margin',
  'no-significant-difference': 'No statistically significant difference (not proof of equal treatment)',
  'significant-difference': 'A statistically significant difference between groups',
  'too-small-to-tell': 'The sample is too small to tell',
} as const;
export type Verdict = keyof typeof Verdict;

/** Tests between the groups of one level (e.g. ethnicity) for one metric, population and threshold. */
export const ComparisonSchema = z.strictObject({
  metric: z.enum(['TPIR', 'FPIR']),
  population: z.string(),
  level: z.enum(['sex', 'ethnicity', 'ageBand', 'sex+ethnicity']),
  threshold: z.number(),
  groups: z.array(z.string()).describe('Groups compared (those with n >= the minimum cell size)'),
  homogeneity: z.strictObject({
    method: z.string().describe('rao-scott-f (searches clustered by volunteer: F with a pooled design effect), chi-square, fisher-exact, fisher-monte-carlo or none'),
    statistic: z.number().nullable(),
    df: z.number().nullable(),
    pValue: z.number().nullable(),
    note: z.string().nullable().describe('e.g. small expected counts'),
  }),
  pairwise: z.array(z.strictObject({
    a: z.string(),
    b: z.string(),
    difference: z.number().describe('rate(a) - rate(b)'),
    lower: z.number(),
    upper: z.number(),
    pValue: z.number(),
    pAdjusted: z.number().describe('After the protocol\'s multiple-comparison correction'),
    equivalencePValue: z.number().describe('TOST p-value: |difference| < equivalenceMargin for TPIR; 1/r < ratio < r (r = fpirEquivalenceRatio) for FPIR'),
    equivalent: z.boolean(),
  })),
  differentials: z.strictObject({
    maxMinRatio: EstimateSchema,
    garbe: EstimateSchema,
    fdr: EstimateSchema.describe('Fairness discrepancy rate on this metric alone (a = 1 for FPIR, 0 for TPIR)'),
    log10RatioToReference: z.array(z.strictObject({ group: z.string(), reference: z.string(), estimate: EstimateSchema }))
      .describe('log10(error rate of group / error rate of the reference group, the compared group with most searches)'),
  }).describe('On the error rate (FNIR for a TPIR comparison, FPIR for FPIR), with cluster (or count) bootstrap percentile intervals'),
  verdict: z.enum(['equivalent', 'no-significant-difference', 'significant-difference', 'too-small-to-tell']),
  verdictText: z.string().describe('One plain sentence for the public report'),
});

/** Logistic regression of an outcome on sex, ethnicity and their interaction, cluster-robust by subject. */
export const RegressionSchema = z.strictObject({
  outcome: z.enum(['miss', 'false-alert']),
  population: z.string(),
  threshold: z.number(),
  n: z.number().int(),
  clusters: z.number().int(),
  coefficients: z.array(z.strictObject({
    term: z.string(),
    estimate: z.number(),
    se: z.number(),
    z: z.number(),
    pValue: z.number(),
    oddsRatio: z.number(),
    lower: z.number().describe('Odds ratio interval'),
    upper: z.number(),
  })),
  waldTests: z.array(z.strictObject({ terms: z.string(), statistic: z.number(), df: z.number(), pValue: z.number() })),
  notes: z.array(z.string()).describe('Separation, empty cells, dropped terms'),
});

/** Failure to acquire: searches (passes) with no candidate at all, e.g. no face captured; counted as misses too. */
export const AcquisitionSchema = z.strictObject({
  population: z.string(),
  group: z.string(),
  k: z.number().int().min(0).describe('Searches with no candidate'),
  n: z.number().int().min(0),
  estimate: z.number().min(0).max(1).nullable(),
  intervals: z.strictObject({ 'clopper-pearson': interval, wilson: interval }),
});

/** False alerts by the passer's ethnicity and the ethnicity of the gallery entry at rank 1 (who is matched to whom). */
export const FalseMatchPairSchema = z.strictObject({
  population: z.string(),
  threshold: z.number(),
  probeEthnicity: z.string().describe('Ethnicity code of the person searched, or "unknown"'),
  galleryEthnicity: z.string().describe('Ethnicity code of the falsely matched gallery entry, or "unknown"'),
  alerts: z.number().int().min(0).describe('Non-mated searches whose rank-1 candidate scored >= threshold'),
  searches: z.number().int().min(0).describe('Non-mated searches of that probe ethnicity'),
});

/** FPIR measured on a filler gallery, scaled to the operational watchlist (see docs: the formula and its assumptions). */
export const ScaledFpirSchema = z.strictObject({
  population: z.string(),
  group: z.string(),
  threshold: z.number(),
  method: z.enum(['size', 'size-and-composition']),
  fromGallerySize: z.number().int(),
  toWatchlistSize: z.number().int(),
  estimate: z.number().min(0).max(1).nullable(),
  lower: z.number().min(0).max(1).nullable(),
  upper: z.number().min(0).max(1).nullable(),
  oneIn: z.number().nullable(),
  note: z.string().nullable(),
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
  failureToAcquire: z.array(AcquisitionSchema).optional().describe('Searches with no candidate, by group (mated and volunteer populations)'),
  falseMatchPairs: z.array(FalseMatchPairSchema).optional().describe('Who is falsely matched to whom, at the operational thresholds'),
  scaledFpir: z.array(ScaledFpirSchema).optional().describe('Filler-gallery FPIR scaled to the operational watchlist'),
  comparisons: z.array(ComparisonSchema).optional().describe('Tests between groups at the operational thresholds'),
  regressions: z.array(RegressionSchema).optional(),
  adjudication: AdjudicationSummarySchema.optional()
    .describe('How searches were made from footage: failures to acquire, tracks of no known pass, ambiguity, tracking measures, sensitivity to the rule'),
  logImport: ImportSummarySchema.optional()
    .describe('How searches were made from a deployed system\'s log (evenhand import-alerts): what was left out and why, attribution, clock, crowd count, the vendor\'s score scale'),
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
    statistics: z.strictObject({
      alpha: z.number(),
      correction: z.enum(['holm', 'benjamini-hochberg', 'none']),
      equivalenceMargin: z.number().describe('On TPIR differences'),
      fpirEquivalenceRatio: z.number().describe('On FPIR ratios'),
      minPower: z.number().describe('Power below which an inconclusive comparison is called too small to tell'),
      bootstrap: z.strictObject({
        replicates: z.number().int(),
        unit: z.enum(['subject', 'deployment']),
        seed: z.number().int().describe('Replicate b of population i uses stream b of seed + i (harness/stats/rng.ts): rerunnable'),
      }),
    }).optional().describe('Settings of the tests between groups and of the bootstrap'),
  }),
  groups: z.array(GroupSchema),
  algorithms: z.array(AlgorithmResultSchema).min(1),
  exclusions: z.array(z.strictObject({
    algorithm: z.string().nullable(),
    what: z.string(),
    count: z.number().int().min(0),
    byGroup: z.record(z.string(), z.number().int()),
  })).optional().describe('What was left out of the analysis and why (failures to enrol, footage that could not be replayed, ...)'),
});

export type Results = z.infer<typeof ResultsSchema>;
export type Rate = z.infer<typeof RateSchema>;
export type AlgorithmResult = z.infer<typeof AlgorithmResultSchema>;
export type Comparison = z.infer<typeof ComparisonSchema>;
export type Regression = z.infer<typeof RegressionSchema>;
export type Estimate = z.infer<typeof EstimateSchema>;
export type Acquisition = z.infer<typeof AcquisitionSchema>;
export type FalseMatchPair = z.infer<typeof FalseMatchPairSchema>;
export type ScaledFpir = z.infer<typeof ScaledFpirSchema>;
