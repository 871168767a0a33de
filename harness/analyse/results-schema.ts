/**
 * results.json: everything `evenhand analyse` found, in one long-format table of rates per algorithm, population,
 * group, threshold and metric, each with numerator, denominator and intervals. The zod schema is the type and the
 * validator; `npm run schema` publishes it as reports/results.schema.json.
 */
import { z } from 'zod';
import { RESULTS_SCHEMA_VERSION } from './results-schema-version.ts';
import { AdjudicationSummarySchema } from '../adjudicate/adjudication-summary.ts';
import { ImportSummarySchema } from '../import/import-summary.ts';
import { RunInputsSchema } from './run-inputs.ts';
import { StillSearchBaseSchema, UseCaseSettingsSchema } from './still-search-schema.ts';

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

/** Why a differential index (or a comparison) has no value: codes, put into words by the report. */
export const UNDEFINED_REASONS = ['fewer-than-two-groups', 'every-rate-zero', 'a-rate-zero', 'group-rate-zero', 'reference-rate-zero'] as const;

/** A statistic with its interval; value null when undefined (then `undefinedReason` says why, e.g. a zero rate under a ratio). */
export const EstimateSchema = z.strictObject({
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  undefinedReason: z.enum(UNDEFINED_REASONS).nullable().describe('Why value is null'),
  undefinedShare: z.number().min(0).max(1).nullable()
    .describe('Share of bootstrap replicates in which the statistic was undefined (a group with no error in that replicate); no interval when above one half; null without a bootstrap'),
});

/** Verdicts a comparison between groups can reach (the report puts them into words). */
export const VERDICTS = ['equivalent', 'no-significant-difference', 'significant-difference', 'too-small-to-tell'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What decided a verdict, in the order the rule checks it (docs/statistics.md). */
export const VERDICT_REASONS = [
  'fewer-than-two-groups', 'no-events', 'every-search-hit', 'one-cluster-per-group', 'homogeneity-test', 'pairwise-test', 'every-pair-equivalent', 'low-power', 'equivalence-not-shown',
] as const;

/** Homogeneity tests a comparison can record (harness/stats/compare-proportions.ts). */
export const HOMOGENEITY_METHODS = ['rao-scott-f', 'chi-square', 'fisher-exact', 'fisher-monte-carlo', 'none'] as const;

/** Tests between the groups of one level (e.g. ethnicity) for one metric, population and threshold. */
export const ComparisonSchema = z.strictObject({
  metric: z.enum(['TPIR', 'FPIR']),
  population: z.string(),
  level: z.enum(['sex', 'ethnicity', 'ageBand', 'sex+ethnicity']),
  threshold: z.number(),
  groups: z.array(z.strictObject({
    group: z.string(),
    k: z.number().int().min(0).describe('Hits (TPIR) or false alerts (FPIR)'),
    n: z.number().int().min(1),
  })).describe('Groups compared: those with n >= the minimum cell size, in layout order'),
  designEffect: z.number().min(1)
    .describe('One design effect pooled over the compared groups\' volunteers (within-group variation of their hit rates): the variance inflation from clustered passes that every test of this comparison divides by; 1 = independent searches'),
  designEffectDf: z.number().int().min(0).nullable().describe('Degrees of freedom of the pooled design effect (clusters - groups); null for independent searches'),
  homogeneity: z.strictObject({
    method: z.enum(HOMOGENEITY_METHODS)
      .describe('rao-scott-f (searches clustered by volunteer: X² divided by the pooled design effect, referred to F), chi-square (independent searches), fisher-exact or fisher-monte-carlo (on the effective counts, when Cochran\'s rule fails), none (no test possible: the reason says why)'),
    statistic: z.number().nullable().describe('F (rao-scott-f) or X² (chi-square); null for Fisher\'s tests and none'),
    df: z.number().nullable().describe('Numerator degrees of freedom, groups - 1 (rao-scott-f, chi-square)'),
    dfDenominator: z.number().nullable().describe('F\'s denominator degrees of freedom, clusters - groups (rao-scott-f); null otherwise'),
    pValue: z.number().nullable(),
    minExpected: z.number().nullable()
      .describe('Smallest expected count of the table of effective counts; Fisher\'s test is used when one is below 1 or more than a fifth are below 5 (Cochran\'s rule)'),
    monteCarlo: z.strictObject({ tables: z.number().int(), seed: z.number().int(), standardError: z.number() }).nullable()
      .describe('Fisher\'s test by Monte Carlo: tables drawn, seed and the p-value\'s standard error'),
  }),
  pairwise: z.array(z.strictObject({
    a: z.string(),
    b: z.string(),
    difference: z.number().describe('rate(a) - rate(b), on the observed counts'),
    lower: z.number().describe('Newcombe\'s interval of the difference at the effective sizes n / design effect'),
    upper: z.number(),
    pValue: z.number().describe('Two-proportion test with the pooled design effect (Student\'s t on clusters - groups degrees of freedom; normal for independent searches)'),
    pAdjusted: z.number().describe('After the protocol\'s multiple-comparison correction, and never below the homogeneity p-value (closed testing)'),
    equivalencePValue: z.number().describe('TOST p-value: |difference| < equivalenceMargin for TPIR; 1/r < ratio < r (r = fpirEquivalenceRatio) for FPIR'),
    equivalent: z.boolean(),
    bootstrap: z.strictObject({
      method: z.enum(['bca', 'percentile']),
      lower: z.number(),
      upper: z.number(),
    }).nullable()
      .describe('Bootstrap interval of the difference from the same replicates as the rates\' intervals: bca (differenceBcaInterval: BCa expanded for the groups\' clusters) where searches are clustered by volunteer, percentile of the count bootstrap\'s replicate differences otherwise; null when fewer than half the replicates define it'),
  })),
  differentials: z.strictObject({
    maxMinRatio: EstimateSchema,
    garbe: EstimateSchema,
    fdr: EstimateSchema.describe('Fairness discrepancy rate on this metric alone (a = 1 for FPIR, 0 for TPIR)'),
    log10RatioToReference: z.array(z.strictObject({ group: z.string(), reference: z.string(), estimate: EstimateSchema }))
      .describe('log10(error rate of group / error rate of the reference group, the compared group with most searches)'),
  }).describe('On the error rate (FNIR for a TPIR comparison, FPIR for FPIR), with cluster (or count) bootstrap percentile intervals'),
  power: z.number().min(0).max(1).nullable()
    .describe('Power of the two-proportion test at alpha to detect the margin (TPIR: pooled rate vs pooled - margin; FPIR: pooled rate vs pooled x ratio) between the two smallest groups; null when no test was possible'),
  verdict: z.enum(VERDICTS),
  reason: z.enum(VERDICT_REASONS).describe('What decided the verdict (docs/statistics.md gives the rule)'),
});

/**
 * Where equity starts, for one algorithm, grouping and error type: the lowest swept threshold from which no verdict
 * (at it or any higher threshold) is a significant difference.
 */
export const EquityThresholdSchema = z.strictObject({
  metric: z.enum(['TPIR', 'FPIR']),
  population: z.string(),
  level: z.enum(['sex', 'ethnicity', 'ageBand', 'sex+ethnicity']),
  threshold: z.number().nullable().describe('Lowest swept threshold from which every verdict, there and above, is not significant-difference; null when the highest threshold swept shows a significant difference'),
  significantAt: z.array(z.number()).describe('Thresholds where the verdict is significant-difference'),
  tested: z.number().int().min(0).describe('Thresholds where a test between groups was possible (at least two groups large enough)'),
  familywiseBound: z.number().min(0).max(1)
    .describe('Bonferroni bound min(1, tested x alpha) on the chance that some threshold shows a false significant difference when no threshold has a true one; the tests are nested (counts at a higher threshold are a subset), so the true chance lies between alpha and this bound'),
});

/** Why a regression has no model, or what was left out of it: codes the report puts into words. */
export const REGRESSION_STATUS = ['fitted', 'fewer-than-two-subjects', 'no-outcome', 'every-outcome', 'fit-failed'] as const;

/** Logistic regression of an outcome on sex, ethnicity and their interaction, cluster-robust by subject. */
export const RegressionSchema = z.strictObject({
  outcome: z.enum(['miss', 'false-alert']),
  population: z.string(),
  threshold: z.number(),
  n: z.number().int(),
  clusters: z.number().int(),
  status: z.enum(REGRESSION_STATUS).describe('fitted, or why no model was fitted'),
  reference: z.strictObject({ sex: z.string(), ethnicity: z.string() }).nullable()
    .describe('Reference categories: the most common with both outcomes'),
  interaction: z.boolean().describe('Whether the sex x ethnicity interaction was fitted'),
  flatCells: z.array(z.string()).describe('sex+ethnicity cells with no outcome (or only outcomes), why the interaction was not fitted'),
  droppedTerms: z.array(z.string()).describe('Terms not estimable (an empty cell), as R reports NA'),
  separatedTerms: z.array(z.string()).describe('Terms whose estimates diverge (separation): left out of the coefficients'),
  converged: z.boolean(),
  iterations: z.number().int().min(0),
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
  waldTests: z.array(z.strictObject({
    terms: z.enum(['sex', 'ethnicity', 'sex:ethnicity', 'all']),
    statistic: z.number().nullable(),
    df: z.number().nullable(),
    pValue: z.number().nullable(),
    notReported: z.enum(['separation', 'not-computable']).nullable().describe('Why the test is not reported (its terms separate, or the covariance is singular)'),
  })),
});

/** One Wald test of a model's terms, or why it is not reported. */
const WaldSchema = z.strictObject({
  statistic: z.number().nullable(),
  df: z.number().nullable(),
  pValue: z.number().nullable(),
  notReported: z.enum(['separation', 'not-computable', 'not-in-model']).nullable()
    .describe('Why the test is not reported: its terms separate, the covariance is singular, or the factor has one level among the rows'),
});

/** How one capture condition was binned for the analysis. */
export const ConditionBinsSchema = z.strictObject({
  condition: z.string().describe('interEye, yaw, pitch, brightness, contrast, sharpness, detectorScore, timeOfDay, camera or deployment'),
  column: z.string().describe('Its column in the searches table'),
  measured: z.number().int().min(0).describe('Searches with a value'),
  bins: z.array(z.strictObject({
    id: z.string().describe('Bin id: "lower..upper" for a measured condition, the category for camera and deployment'),
    lower: z.number().nullable(),
    upper: z.number().nullable().describe('The last bin of a measured condition includes its upper edge'),
  })),
});

/** A rate within one bin of a condition and one demographic group, at an operational threshold. */
export const ConditionRateSchema = z.strictObject({
  metric: z.enum(['TPIR', 'FPIR']),
  population: z.string(),
  threshold: z.number(),
  condition: z.string(),
  bin: z.string().describe('Bin id (see ConditionBinsSchema)'),
  group: z.string().describe('overall, or a sex or ethnicity group id'),
  k: z.number().int().min(0).describe('Hits (TPIR) or false alerts (FPIR)'),
  n: z.number().int().min(0),
  estimate: z.number().min(0).max(1).nullable(),
  lower: z.number().min(0).max(1).describe('Clopper-Pearson interval at the analysis confidence level (searches taken as independent)'),
  upper: z.number().min(0).max(1),
});

/** Whether a demographic difference remains once conditions are accounted for: two nested logistic models. */
export const ConditionRegressionSchema = z.strictObject({
  outcome: z.enum(['miss', 'false-alert']),
  population: z.string(),
  threshold: z.number(),
  status: z.enum([...REGRESSION_STATUS, 'no-conditions']).describe('fitted, or why no model was fitted (no-conditions: no condition has two bins among the searches)'),
  n: z.number().int().describe('Searches in both models: known sex and ethnicity and every modelled condition measured'),
  clusters: z.number().int().describe('Volunteers (clusters of the robust standard errors)'),
  conditions: z.array(z.string()).describe('Conditions in the adjusted model, as binned factors'),
  eventsPerTerm: z.number().nullable().describe('The rarer outcome\'s count per term of the adjusted model (intercept aside); below 10 the estimates are unstable and tests unreliable (Peduzzi et al., J Clin Epidemiol 49 (1996) 1373-1379); null when no model was fitted'),
  reference: z.record(z.string(), z.string()).describe('Reference level of each factor: the most common with both outcomes'),
  droppedTerms: z.array(z.string()).describe('Terms not estimable (aliased: an empty cell, or a condition that duplicates another)'),
  separatedTerms: z.array(z.string()).describe('Terms whose estimates diverge (separation): left out of the coefficients'),
  converged: z.boolean(),
  coefficients: z.array(z.strictObject({
    term: z.string(), estimate: z.number(), se: z.number(), z: z.number(), pValue: z.number(),
    oddsRatio: z.number(), lower: z.number().describe('Odds ratio interval'), upper: z.number(),
  })).describe('Of the adjusted model (demographics plus conditions)'),
  demographicTests: z.array(z.strictObject({
    terms: z.enum(['sex', 'ethnicity']),
    unadjusted: WaldSchema.describe('In outcome ~ sex + ethnicity, on the same searches'),
    adjusted: WaldSchema.describe('In outcome ~ sex + ethnicity + conditions'),
  })),
  conditionTests: z.array(WaldSchema.extend({ condition: z.string() })).describe('Each condition\'s terms in the adjusted model'),
});

/** Capture conditions beside the demographic groups (present when the searches carry measured condition columns). */
export const ConditionsResultSchema = z.strictObject({
  bins: z.array(ConditionBinsSchema),
  rates: z.array(ConditionRateSchema).describe('At the operational thresholds, per condition bin, overall and per sex and ethnicity group'),
  regressions: z.array(ConditionRegressionSchema).describe('At the first operational threshold: misses (mated) and false alerts (filler probes)'),
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
  note: z.enum(['no-filler-entries-of-a-watchlist-group', 'counts-are-lower-bounds', 'average-over-probe-groups']).nullable()
    .describe('no-filler-entries-of-a-watchlist-group: undefined; counts-are-lower-bounds: some probes had every returned candidate at or above the threshold; average-over-probe-groups: the overall row averages the groups weighted by their searches'),
});

export const GroupSchema = z.strictObject({
  id: z.string(),
  level: z.enum(['overall', 'sex', 'ethnicity', 'ageBand', 'sex+ethnicity']),
  label: z.string(),
  codes: z.record(z.string(), z.string()),
});

/** The still-image use cases' measures of one algorithm (still-search-schema.ts), with FNIR(R) without a threshold. */
export const StillSearchSchema = StillSearchBaseSchema.extend({
  withoutThreshold: z.strictObject({
    rates: z.array(RateSchema).describe('TPIR and FNIR at rank R with no threshold (threshold 0: every score counts), as `rates`'),
    comparisons: z.array(ComparisonSchema).describe('Tests between groups of that TPIR, clustered by identity, as `comparisons`'),
  }).nullable().describe('RFR: FNIR(R) with no threshold, with cluster-bootstrap intervals and tests between groups; null for OIFR'),
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
  comparisons: z.array(ComparisonSchema).describe('Tests between groups at every swept threshold, for TPIR and for FPIR of every non-mated population with demographics, at every grouping'),
  equityThresholds: z.array(EquityThresholdSchema).describe('Per grouping and error type, where equity starts (see EquityThresholdSchema)'),
  regressions: z.array(RegressionSchema),
  adjudication: AdjudicationSummarySchema.optional()
    .describe('How searches were made from footage: failures to acquire, tracks of no known pass, ambiguity, tracking measures, sensitivity to the rule (given to the analysis by evenhand run)'),
  conditions: ConditionsResultSchema.optional()
    .describe('Rates by binned capture condition beside the demographic groups, and whether a demographic difference remains once conditions are accounted for (present when the searches carry condition columns)'),
  logImport: ImportSummarySchema.optional()
    .describe('How searches were made from a deployed system\'s log or candidate lists (evenhand import-alerts, import-candidates): what was left out and why, attribution, clock, crowd count, the vendor\'s score scale'),
  stillSearch: StillSearchSchema.optional()
    .describe('Still-image use cases (RFR, OIFR): failures to enrol a probe; for RFR the CMC curve, mate ranks, lists with no mate above the review threshold, FNIR(R) without a threshold (docs/use-cases.md)'),
});

export { RESULTS_SCHEMA_VERSION };

export const ResultsSchema = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION).describe('3: every pairwise difference carries its bootstrap interval (`bootstrap`, required). 2: tests at every swept threshold, equity thresholds, codes instead of sentences, run inputs recorded, without pairwise bootstrap intervals. 1: tests at the operational thresholds only, sentences, exclusions patched in by `run`'),
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
    thresholds: z.array(z.number()).describe('Every threshold swept, ascending; every threshold elsewhere in this file is one of these'),
    operationalThresholds: z.array(z.number()),
    minCellSize: z.number().int(),
    watchlistSize: z.number().int(),
    demographics: z.record(z.string(), z.array(z.strictObject({ code: z.string(), label: z.string() }))),
    useCase: UseCaseSettingsSchema.optional().describe('The use case (absent: lfr, live): the list length and thresholds the reports name'),
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
    }).describe('Settings of the tests between groups and of the bootstrap'),
  }),
  runInputs: RunInputsSchema,
  groups: z.array(GroupSchema),
  algorithms: z.array(AlgorithmResultSchema).min(1),
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
export type StillSearch = z.infer<typeof StillSearchSchema>;
export type EquityThreshold = z.infer<typeof EquityThresholdSchema>;
export type ConditionsResult = z.infer<typeof ConditionsResultSchema>;
export type ConditionRegression = z.infer<typeof ConditionRegressionSchema>;
export type ConditionRate = z.infer<typeof ConditionRateSchema>;
export type ConditionBins = z.infer<typeof ConditionBinsSchema>;
