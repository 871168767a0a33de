/**
 * The log format (mapping) file: how a vendor's alert log maps onto Evenhand's alert fields. One YAML or JSON file per
 * vendor export: the file kind (CSV, JSON lines, a JSON array), which column (CSV header) or dotted path (JSON) holds
 * each field, how times are written and in which time zone, vendor camera names to manifest camera ids, the vendor's
 * score scale and the alert threshold the system ran at, and the words the log uses for operator decisions.
 * `npm run schema` publishes it as datasets/alert-log-format.schema.json.
 */
import { z } from 'zod';
import { ScoreScaleSchema } from './score-scale.ts';

const column = z.string().min(1).describe('A CSV column name (header) or a dotted JSON path (e.g. "match.score")');

/** How a time in the log is written. */
export const TimeFormatSchema = z.strictObject({
  format: z.string().min(1).default('iso').describe([
    'iso: ISO 8601 (with an offset, or local time in `zone`)',
    'epoch-ms / epoch-s: Unix time in milliseconds / seconds',
    'deployment-ms: milliseconds on the deployment clock (0 = the deployment\'s startedAt)',
    'or a pattern of Luxon tokens for local times, e.g. "dd/MM/yyyy HH:mm:ss.SSS"',
  ].join('; ')),
  zone: z.string().min(1).default('UTC').describe('IANA time zone of times written without an offset (e.g. "Europe/London"); daylight saving is applied'),
});

/** Which column holds each of an alert's fields. */
export const FieldsSchema = z.strictObject({
  alertId: column.optional().describe('Id of the alert; rows that share it form one alert\'s candidate list (CSV)'),
  time: column.describe('When the alert was raised'),
  deployment: column.optional().describe('Deployment id (default: the format\'s `deployment`, or the deployment whose time span holds the alert)'),
  camera: column.describe('Camera name or id'),
  subject: column.describe('Watchlist subject id of the alert (its best candidate)'),
  score: column.describe('The alert\'s score on the vendor\'s scale'),
  rank: column.optional().describe('Rank of the row\'s candidate in its alert (CSV candidate lists)'),
  candidates: z.strictObject({
    list: column.describe('Path of the list of candidates in a JSON row'),
    subject: column.describe('Path of the subject id inside a candidate'),
    score: column.describe('Path of the score inside a candidate'),
  }).optional().describe('A candidate list inside each JSON row'),
  trackId: column.optional().describe('Track or face id: alerts sharing it at a camera are one person'),
  box: z.strictObject({ x: column, y: column, w: column, h: column }).optional().describe('The face box in pixels of the camera frame (left, top, width, height)'),
  decision: column.optional().describe('The operator\'s decision on the alert'),
});

export const LogFormatSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).describe('The format, in words (e.g. "Vendor A alert export, CSV")'),
  file: z.enum(['csv', 'jsonl', 'json']).describe('csv: a header row then one row per alert or candidate; jsonl: one JSON object per line; json: an array of objects (or {"alerts": [...]})'),
  csv: z.strictObject({
    delimiter: z.string().length(1).default(','),
    skipLines: z.number().int().min(0).default(0).describe('Lines before the header (a title, an export banner)'),
  }).prefault({}),
  fields: FieldsSchema,
  time: TimeFormatSchema.prefault({}),
  deployment: z.string().min(1).optional().describe('Deployment id of every row when the log has no deployment column'),
  cameras: z.record(z.string(), z.string()).default({}).describe('Vendor camera name -> manifest camera id (names not listed are taken as ids)'),
  subjects: z.record(z.string(), z.string()).default({}).describe('Vendor watchlist reference -> volunteer id (references not listed are taken as ids)'),
  score: z.strictObject({
    scale: ScoreScaleSchema.prefault({ kind: 'identity' }),
    alertThreshold: z.number().optional().describe('The threshold the live system ran at, on the vendor\'s scale: the log holds every alert at or above it, so it covers the protocol\'s thresholds from its mapped value up'),
  }).prefault({}),
  decisions: z.strictObject({
    confirmed: z.array(z.string()).default(['confirmed']).describe('Values meaning the operator confirmed the alert (compared without case)'),
    dismissed: z.array(z.string()).default(['dismissed']).describe('Values meaning the operator dismissed it'),
  }).prefault({}),
  faceCounts: z.strictObject({
    file: z.enum(['csv', 'jsonl']).default('csv'),
    time: column,
    camera: column,
    count: column.optional().describe('Faces counted in the row (default: each row is one face or track)'),
  }).optional().describe('The columns of the system\'s face-count log, when it writes one (--face-counts)'),
});

export type LogFormat = z.output<typeof LogFormatSchema>;
export type TimeFormat = z.output<typeof TimeFormatSchema>;
