/**
 * sites.json: what `evenhand combine` adds to the pooled results of several runs: the sites, rates by site, and each
 * comparison between groups tested three ways (pooled, stratified by site, and for a difference that varies by site),
 * with an agreement code the report turns into words. The zod schema is the type and the validator; `npm run schema`
 * publishes it as reports/sites.schema.json.
 */
import { z } from 'zod';

const test = z.strictObject({
  statistic: z.number(),
  df: z.number(),
  pValue: z.number(),
  pAdjusted: z.number().nullable().describe("After the protocol's multiple-comparison correction across this algorithm's comparisons (null when not adjusted)"),
});

/** How the pooled and stratified readings of one comparison relate, and whether the sites agree. */
export const Agreement = {
  consistent: 'The sites agree, and pooling them does not change the conclusion',
  'sites-disagree': 'The group difference varies by site (heterogeneity test significant after correction)',
  'explained-by-site': 'A difference seen when sites are pooled is not there within sites: it comes from which groups walked where',
  'hidden-when-pooled': 'A difference within sites is not seen when sites are pooled',
  'not-tested': 'Fewer than two groups, or two sites, with enough searches to compare',
} as const;
export type Agreement = keyof typeof Agreement;

/** One comparison between groups (metric, population, level, threshold) tested pooled, stratified by site and for a difference that varies by site. */
export const SiteComparisonSchema = z.strictObject({
  metric: z.enum(['TPIR', 'FPIR']),
  population: z.string(),
  level: z.enum(['sex', 'ethnicity', 'ageBand']),
  threshold: z.number(),
  outcome: z.enum(['miss', 'false-alert']).describe('The error the tests model: a missed match (TPIR) or a false alert (FPIR)'),
  groups: z.array(z.string()).describe('Groups compared: those with at least the minimum cell size of searches over all sites'),
  sites: z.array(z.string()).describe('Sites with searches of at least two compared groups'),
  pooled: z.strictObject({
    method: z.string(),
    pValue: z.number().nullable(),
    verdict: z.string(),
  }).nullable().describe("The pooled analysis's own test (results.json) for the same comparison"),
  cmh: test.extend({
    method: z.enum(['cmh', 'generalized-cmh']),
    oddsRatio: z.strictObject({ value: z.number().nullable(), lower: z.number().nullable(), upper: z.number().nullable() }).nullable()
      .describe("Mantel-Haenszel common odds ratio of the error, second group against the first (two groups only)"),
  }).nullable().describe('Cochran-Mantel-Haenszel test stratified by site, on counts divided by each site and group\'s design effect'),
  regression: z.strictObject({
    clusters: z.number().int(),
    pooled: test.nullable().describe('outcome ~ group, cluster-robust by volunteer'),
    stratified: test.nullable().describe('outcome ~ group + site: the group terms'),
    siteEffect: test.nullable().describe('outcome ~ group + site: the site terms (do error rates differ between sites?)'),
    interaction: test.nullable().describe('outcome ~ group * site: the interaction terms (does the group difference vary by site?)'),
    notes: z.array(z.string()),
  }),
  breslowDay: test.extend({ tarone: z.number(), taronePValue: z.number() }).nullable()
    .describe('Breslow-Day test of a common odds ratio across sites (two groups only), with Tarone\'s corrected statistic'),
  heterogeneity: z.strictObject({ method: z.enum(['interaction', 'breslow-day']), pValue: z.number(), pAdjusted: z.number() }).nullable()
    .describe('The test of whether the group difference varies by site that the agreement code reads'),
  bySite: z.array(z.strictObject({
    site: z.string(),
    verdict: z.string().describe("The site's own comparison verdict (its results.json)"),
    pValue: z.number().nullable(),
  })),
  agreement: z.enum(['consistent', 'sites-disagree', 'explained-by-site', 'hidden-when-pooled', 'not-tested']),
});

/** A rate of one site (from its own results.json) at an operational threshold. */
export const SiteRateSchema = z.strictObject({
  site: z.string(),
  metric: z.enum(['TPIR', 'FNIR', 'FPIR']),
  population: z.string(),
  group: z.string(),
  threshold: z.number(),
  k: z.number().int(),
  n: z.number().int(),
  estimate: z.number().nullable(),
  lower: z.number(),
  upper: z.number(),
});

/** sites.json: the runs, the sites (or deployments), and per algorithm the rates by site and the comparisons across sites. */
export const SiteAnalysisSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runs: z.array(z.strictObject({ label: z.string(), campaign: z.string(), simulated: z.boolean() })),
  sites: z.array(z.strictObject({
    id: z.string().describe('Folder-safe id (sites/<id>/results.json)'),
    label: z.string(),
    runs: z.array(z.string()),
    deployments: z.array(z.string()).describe('Deployment ids, qualified by run label (label/d1)'),
  })),
  settings: z.strictObject({
    strata: z.enum(['site', 'deployment']).describe('What the "sites" below are: sites, or single deployments (combine --strata deployment)'),
    alpha: z.number(),
    correction: z.enum(['holm', 'benjamini-hochberg', 'none']),
    interval: z.enum(['clopper-pearson', 'wilson']),
  }),
  algorithms: z.array(z.strictObject({
    id: z.string(),
    label: z.string(),
    rates: z.array(SiteRateSchema).describe('Rates by site at the operational thresholds: overall and by group'),
    comparisons: z.array(SiteComparisonSchema),
  })),
});

export type SiteAnalysis = z.infer<typeof SiteAnalysisSchema>;
export type SiteComparison = z.infer<typeof SiteComparisonSchema>;
export type SiteRate = z.infer<typeof SiteRateSchema>;
export type SiteTest = z.infer<typeof test>;
