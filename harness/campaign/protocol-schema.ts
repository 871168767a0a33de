/**
 * The campaign protocol as written by a scientist (JSON or YAML): a zod schema that is both the validator and,
 * through `z.infer`, the type; `npm run schema` writes it out as protocols/protocol.schema.json.
 */
import { z } from 'zod';
import { Bounds } from '../core/bounds.ts';
import { zodBound } from '../core/zod-bound.ts';
import { CATEGORICAL_CONDITIONS, CONDITIONS } from './condition.ts';
import { RehearsalSchema } from './rehearsal-schema.ts';
import { RetentionPolicySchema } from './retention-schema.ts';
import { CandidateListSchema, UseCaseSchema } from './use-case-schema.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9_.+-]*$/, 'a lower-case id: letters, digits, _ . + -');
const score = z.number().min(0).max(1);
const fraction = z.number().min(0).max(1);

/** One category of a demographic dimension: a stable code and a label for people. */
export const CategorySchema = z.strictObject({
  code: id.describe('Stable code used in the tables, e.g. "black"'),
  label: z.string().min(1).describe('Label shown in reports, e.g. "Black"'),
});

/** Thresholds to sweep: an explicit list or an inclusive range. */
export const ThresholdsSchema = z.union([
  z.array(score).min(1).max(Bounds.thresholds.max).describe('An explicit list of face-match thresholds on the 0..1 scale'),
  z.strictObject({
    from: score.describe('First threshold'),
    to: score.describe('Last threshold (inclusive)'),
    step: z.number().gt(0).max(1).describe('Step between thresholds'),
  }),
]);

export const AlgorithmSchema = z.strictObject({
  id: id.describe('Algorithm id from the registry (e.g. "faceplugin-v1"), or any label for imported logs'),
  label: z.string().min(1).optional().describe('Name shown in reports; defaults to the id'),
  kind: z.enum(['onnx', 'vendor-log', 'simulated', 'external']).default('onnx')
    .describe('Where its scores come from: onnx (a built-in pipeline), external (an adapter program, `adapter`), vendor-log (imported with evenhand import-alerts), simulated'),
  adapter: z.strictObject({
    command: z.array(z.string().min(1)).min(1).describe('The adapter program and its arguments, run from the protocol file\'s folder (docs/black-box.md), e.g. ["node", "../bin/evenhand-faceplugin-adapter.js"]'),
    timeoutS: z.number().gt(0).max(3600).default(30).describe('Longest wait for one reply (s): a process that takes longer is taken as hung, killed and restarted, and its segment replayed again'),
    startTimeoutS: z.number().gt(0).max(3600).default(120).describe('Longest wait for the hello reply (s): loading models'),
    retries: z.number().int().min(0).max(10).default(2).describe('Times a segment is replayed again from its start after the adapter crashed or hung (restarted, its galleries enrolled again) before the segment is marked failed; the next evenhand run resumes it'),
  }).optional().describe('For kind "external": the program that speaks the adapter protocol'),
  log: z.strictObject({
    file: z.string().min(1).describe('The alert log, relative to the protocol file\'s folder'),
    format: z.string().min(1).describe('evenhand-csv, evenhand-jsonl, or a format file (relative to the protocol file\'s folder)'),
    faceCounts: z.string().min(1).optional().describe('The system\'s face-count log, when the manifest has no crowd estimate'),
    watchlist: z.string().min(1).optional().describe('File of the live watchlist\'s ids (default: the manifest\'s enrolled volunteers)'),
    clockOffsetMs: z.number().default(0).describe('Ground-truth time = logged time + this'),
    clockToleranceMs: z.number().min(0).default(1000).describe('An alert this close to a pass counts as during it'),
  }).optional().describe('For kind "vendor-log": the log `evenhand run` imports (as evenhand import-alerts does)'),
}).refine((a) => (a.kind === 'external') === (a.adapter !== undefined), { message: 'an `adapter` exactly when kind is "external"', path: ['adapter'] })
  .refine((a) => a.log === undefined || a.kind === 'vendor-log', { message: 'a `log` only for kind "vendor-log"', path: ['log'] });

export const DemographicsSchema = z.strictObject({
  sex: z.array(CategorySchema).min(2).optional().describe('Sex categories; default female, male'),
  ethnicity: z.array(CategorySchema).min(2).optional()
    .describe('Ethnicity categories; default the UK census high-level groups Asian, Black, Mixed, White, Other'),
  ageBand: z.array(CategorySchema).min(2).optional().describe('Age bands; default under 30, 30 to 49, 50 and over'),
});

export const WatchlistSchema = z.strictObject({
  size: zodBound(Bounds.gallerySize).describe('Operational watchlist size used to scale false positive rates'),
  composition: z.strictObject({
    sex: z.record(z.string(), fraction).optional(),
    ethnicity: z.record(z.string(), fraction).optional(),
  }).optional().describe('Share of each category on the operational watchlist (fractions summing to 1)'),
});

/** The filler gallery volunteers' faces are searched against (for FPIR with known demographics, and its scaling). */
export const FillerGallerySchema = z.strictObject({
  size: zodBound(Bounds.gallerySize).describe('Entries in the filler gallery'),
  composition: z.strictObject({
    ethnicity: z.record(z.string(), fraction).optional(),
  }).optional().describe('Share of each ethnicity in the filler gallery (fractions summing to 1); default balanced'),
});

/** Bin edges of one condition: at least two, strictly ascending. */
const BinEdgesSchema = z.array(z.number()).min(2).refine((e) => e.every((x, i) => i === 0 || x > (e[i - 1] as number)), { message: 'bin edges in strictly ascending order' })
  .describe('Bin edges, ascending: bin i holds edges[i] <= value < edges[i + 1], the last bin includes its upper edge; every value in the searches must lie within the first and last edge');

/** How capture conditions are analysed beside the demographic groups (docs/capture-conditions.md). */
export const ConditionAnalysisSchema = z.strictObject({
  bins: z.partialRecord(z.enum(CONDITIONS), BinEdgesSchema).default({})
    .describe('Bins per measured condition (interEye, yaw, pitch, brightness, contrast, sharpness, detectorScore, timeOfDay); conditions not named keep their defaults'),
  model: z.array(z.enum([...CONDITIONS, ...CATEGORICAL_CONDITIONS])).optional()
    .describe('Conditions in the logistic regression beside sex and ethnicity (as binned factors); default every measured condition the searches carry, and camera when there are several'),
});

export const AnalysisSchema = z.strictObject({
  confidenceLevel: z.number().min(0.5).lt(1).default(0.95).describe('Confidence level of every interval, at least 0.5 and below 1'),
  intervalMethod: z.enum(['clopper-pearson', 'wilson']).default('clopper-pearson')
    .describe('Interval shown as the headline; both are always computed'),
  rank: zodBound(Bounds.rank).default(1).describe('A mated search is a hit when its mate is at rank <= this'),
  bootstrap: z.strictObject({
    replicates: zodBound(Bounds.bootstrapReplicates).default(2000),
    unit: z.enum(['subject', 'deployment']).default('subject').describe('Resampling unit: whole people or deployments'),
    seed: zodBound(Bounds.seed).default(2023).describe('Seed of the bootstrap (and of Monte Carlo p-values): results are identical for the same seed'),
  }).prefault({}),
  alpha: z.number().gt(0).max(0.5).default(0.05).describe('Significance level of tests between groups, in (0, 0.5]'),
  correction: z.enum(['holm', 'benjamini-hochberg', 'none']).default('holm').describe('Multiple-comparison correction'),
  equivalenceMargin: z.number().gt(0).lt(1).default(0.05)
    .describe('Equivalence margin δ on a TPIR difference: groups are "equivalent" when the TOST says |difference| < δ'),
  fpirEquivalenceRatio: z.number().gt(1).max(100).default(2)
    .describe('Equivalence margin on an FPIR ratio (rare events differ by factors): groups are "equivalent" when the TOST says 1/r < ratio < r'),
  minPower: z.number().gt(0).lt(1).default(0.8)
    .describe('Power below which a comparison that finds neither a difference nor equivalence is called too small to tell'),
  conditions: ConditionAnalysisSchema.optional()
    .describe('Bins of the capture conditions and the conditions in the regression (defaults apply when the searches carry condition columns)'),
});

export const ReportSchema = z.strictObject({
  minCellSize: zodBound(Bounds.minCellSize).default(20)
    .describe('Cells (groups) with fewer searches than this are suppressed in the public report'),
});

/** Constraints a policy team sets on the operating threshold; `evenhand thresholds` finds the lowest that meets them. */
export const PolicySchema = z.strictObject({
  maxFpirOneIn: zodBound(Bounds.maxFpirOneIn).default(6000)
    .describe('The upper bound of the false positive rate at the operational watchlist size must be at most 1 in this many'),
  minTpir: fraction.default(0.8).describe('The true positive rate (estimate) must be at least this'),
  equity: z.enum(['none', 'no-significant-difference', 'equivalence']).default('no-significant-difference')
    .describe('Between-group test a threshold must pass where tests were run: no significant difference, or equivalence within the analysis margin'),
  passersByPerHour: zodBound(Bounds.passersByPerHour).default(3770)
    .describe('Passers-by per deployment-hour, to turn a false positive rate into false alerts per hour (NPL 2023: about 130,000 in 34.5 hours)'),
});

/** Mix of a simulated population: shares per category (normalised, so any positive weights work). */
const weight = z.number().min(0).max(1e6).describe('A relative weight (normalised over the categories)');
const MixSchema = z.strictObject({
  sex: z.record(z.string(), weight).optional(),
  ethnicity: z.record(z.string(), weight).optional(),
  ageBand: z.record(z.string(), weight).optional(),
});

/** A score shift for one demographic category: what makes a group's true rates differ. */
const DifferentialSchema = z.strictObject({
  dimension: z.enum(['sex', 'ethnicity', 'ageBand']),
  code: id,
  genuineMeanShift: z.number().min(-1).max(1).default(0).describe('Added to the mean genuine (mate) score'),
  impostorSdScale: z.number().gt(0).max(10).default(1)
    .describe('Multiplies the impostor score sd: > 1 gives a heavier tail, more false alerts'),
});

/** The score model of the simulator: genuine and impostor score distributions, normal on the 0..1 scale. */
export const SimulationSchema = z.strictObject({
  volunteers: zodBound(Bounds.simVolunteers).default(400),
  passesPerVolunteer: zodBound(Bounds.simPasses).default(10),
  crowdSearches: zodBound(Bounds.simCrowd).default(130_000),
  fillerGallerySize: zodBound(Bounds.gallerySize).default(178_000),
  deployments: zodBound(Bounds.simDeployments).default(6),
  candidatesPerSearch: z.number().int().min(1).max(50).default(5),
  failureToAcquire: fraction.default(0.02).describe('Share of passes in which no face is captured'),
  genuine: z.strictObject({
    mean: score.default(0.74),
    sd: z.number().gt(0).max(1).default(0.1).describe('Spread of one pass around its volunteer\'s mean'),
    volunteerSd: z.number().min(0).max(1).default(0.03)
      .describe('Spread of volunteers\' own means: makes passes of one volunteer correlated'),
  }).prefault({}),
  impostor: z.strictObject({ mean: z.number().min(-1).max(1).default(0.038), sd: z.number().gt(0).max(1).default(0.1) })
    .prefault({}),
  sameEthnicityImpostorShift: z.number().min(-1).max(1).default(0.02)
    .describe('Added to the impostor mean when probe and gallery entry share an ethnicity: false matches cluster within demographic pairings'),
  volunteerMix: MixSchema.optional(),
  crowdMix: MixSchema.optional(),
  differentials: z.array(DifferentialSchema).default([]),
});

/** A campaign protocol as written in protocols/*.json or *.yaml. */
export const ProtocolSchema = z.strictObject({
  $schema: z.string().optional(),
  id: id.describe('Campaign id, used for folder names'),
  title: z.string().min(1),
  description: z.string().optional(),
  useCase: UseCaseSchema.default('lfr')
    .describe('What is evaluated: lfr (live, footage; the default), rfr (retrospective: still probes, candidate lists), oifr (operator-initiated: still probes, a threshold); docs/use-cases.md'),
  candidateList: CandidateListSchema.optional()
    .describe('For useCase "rfr": the candidate list a reviewer sees (length L, headline rank R, review threshold); default length 20'),
  algorithms: z.array(AlgorithmSchema).min(1).describe('Candidate algorithms under test'),
  thresholds: ThresholdsSchema,
  operationalThresholds: z.array(score).min(1).describe('Thresholds an operator would run; headline figures'),
  demographics: DemographicsSchema.prefault({}),
  watchlist: WatchlistSchema,
  fillerGallery: FillerGallerySchema.optional()
    .describe('The filler gallery; its size defaults to simulation.fillerGallerySize or the filler_probe searches\' gallery_size'),
  analysis: AnalysisSchema.prefault({}),
  report: ReportSchema.prefault({}),
  policy: PolicySchema.prefault({}).describe('Constraints on the operating threshold, for `evenhand thresholds`'),
  simulation: SimulationSchema.optional().describe('Score model for `evenhand simulate`'),
  rehearsal: RehearsalSchema.optional().describe('Defaults for `evenhand rehearse` (synthetic footage from face photos)'),
  retention: RetentionPolicySchema.prefault({}).describe('How long the data are kept and what may be kept after (`evenhand retention`)'),
});

/** The protocol as written (before defaults). */
export type ProtocolInput = z.input<typeof ProtocolSchema>;
/** The protocol after zod filled its defaults. */
export type ProtocolParsed = z.output<typeof ProtocolSchema>;
export type Category = z.output<typeof CategorySchema>;
export type PolicySettings = z.output<typeof PolicySchema>;
export type SimulationSettings = z.output<typeof SimulationSchema>;
