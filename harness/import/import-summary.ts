/**
 * The import summary (import.json, carried into results.json as `logImport`): what an alert log held, what was left
 * out and why, how each alert was attributed, the clock offset used and the one the volunteers' alerts suggest, the
 * crowd's count and how certain it is, and the vendor's score scale with the thresholds the log covers. Numbers and
 * codes only; the report puts them into words.
 */
import { z } from 'zod';
import { AttributionReason } from './attribution-reason.ts';
import { CrowdCountSource } from './crowd-count.ts';
import { ScoreScaleSchema } from './score-scale.ts';

const count = z.number().int().min(0);
const byKey = z.record(z.string(), count);

export const RowProblemSchema = z.strictObject({
  line: z.number().int().min(0).describe('Line of the log (a JSON array\'s row number)'),
  field: z.string().describe('Column or path ("" for the whole row)'),
  expected: z.string(),
  got: z.string().optional(),
});

export const ImportSummarySchema = z.strictObject({
  kind: z.enum(['alert-log', 'candidate-lists']).describe('An alert log of a live system, or candidate lists of a batch run over exported probes'),
  format: z.string().describe('The log format\'s name'),
  log: z.strictObject({ file: z.string().describe('File name (no folder)'), sha256: z.string(), rows: count.describe('Rows read (lines or JSON rows)') }),
  alerts: count.describe('Alerts (or candidate lists) parsed and used'),
  excluded: z.strictObject({
    malformedRows: count.describe('Rows that could not be read: each listed in `problems` with its line and field'),
    unknownCameras: z.strictObject({ alerts: count, cameras: byKey.describe('By camera name as logged') }),
    unknownSubjects: z.strictObject({
      candidates: count.describe('Candidates naming a subject that is not on the watchlist (set aside; the rest of their alert is kept)'),
      alertsLeftOut: count.describe('Alerts left with no candidate once those were set aside'),
      subjects: byKey.describe('By subject reference as logged'),
    }),
    outsideDeployment: count.describe('Alerts outside the time span of every deployment (after the clock offset)'),
    unknownProbes: count.describe('Candidate lists naming a probe that was not exported (candidate-list imports)'),
  }),
  problems: z.array(RowProblemSchema).describe('The first 100 unusable rows'),
  clock: z.strictObject({
    offsetMs: z.number().describe('Used: ground-truth time = logged time + offset'),
    toleranceMs: z.number().min(0).describe('An alert this close to a pass counts as during it'),
    maxShiftMs: z.number().min(0),
    volunteerAlerts: count.describe('Alerts naming a volunteer with a pass at that camera: the evidence for the estimate'),
    matchedAtConfigured: count,
    estimatedOffsetMs: z.number().nullable(),
    matchedAtEstimate: count,
    warning: z.boolean().describe('The estimate brings clearly more volunteer alerts into their passes than the offset used'),
  }).nullable().describe('Null for candidate lists (no clock)'),
  attribution: z.strictObject({
    reasons: z.record(z.enum(Object.keys(AttributionReason) as [AttributionReason, ...AttributionReason[]]), count).describe(Object.entries(AttributionReason).map(([k, v]) => `${k}: ${v}`).join('; ')),
    placeOverruledName: count.describe('Alerts naming a volunteer then passing whose face box lay outside that pass\'s place'),
    duplicates: count.describe('Alerts merged into another alert\'s search (duplicates within a pass count once, best score kept)'),
    passesWithoutAlert: byKey.describe('Volunteer passes with no alert, by sex/ethnicity (a miss in TPIR: not captured, or scored below the system\'s threshold)'),
  }).nullable(),
  searches: z.strictObject({
    volunteer: count,
    crowdPasses: count.describe('Known crowd passes (a rehearsal)'),
    nobody: count.describe('Searches for alerts of nobody known: crowd people (live) or alerts of no known pass'),
    emptyCrowd: count.describe('Crowd searches with no alert, added up to the crowd\'s count'),
    fillerProbes: count,
  }),
  crowd: z.strictObject({
    source: z.enum(Object.keys(CrowdCountSource) as [CrowdCountSource, ...CrowdCountSource[]]).describe(Object.entries(CrowdCountSource).map(([k, v]) => `${k}: ${v}`).join('; ')),
    byDeployment: byKey,
    total: count,
    methods: z.array(z.string()),
    census: z.boolean().describe('False when the count is an estimate: FPIR among passers-by then carries that uncertainty too'),
  }).nullable().describe('Null when no crowd searches were made'),
  scores: z.strictObject({
    scale: ScoreScaleSchema,
    alertThreshold: z.strictObject({ vendor: z.number(), protocol: z.number() }).nullable().describe('The threshold the live system ran at'),
    lowest: z.number().nullable().describe('Lowest alert score in the log, on the 0..1 scale'),
    coversFrom: z.number().nullable().describe('The log holds every alert from this 0..1 threshold up: rates below it are not measured'),
  }),
  decisions: z.strictObject({ confirmed: count, dismissed: count, none: count }).describe('Operator decisions on the alerts used'),
  system: z.enum(['algorithm', 'algorithm+operator']).describe('algorithm: every alert the system raised; algorithm+operator: only the alerts an operator confirmed (the combined system, operator/ beside the algorithm\'s tables)'),
  review: z.strictObject({ trueConfirmed: count, trueDismissed: count, falseConfirmed: count, falseDismissed: count, undecided: count }).nullable()
    .describe('The operator\'s decisions on the candidates that headed alerts: true alerts (the mate) and false ones, confirmed or dismissed; undecided: alerts with no decision recorded (not acted on in the combined system). Null when the log records no decisions'),
  watchlist: z.strictObject({ size: count, source: z.enum(['manifest', 'file']) }),
});

export type ImportSummary = z.infer<typeof ImportSummarySchema>;
