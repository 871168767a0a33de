/**
 * Evenhand's own alert log format, one alert per JSON line (`evenhand-jsonl`) or per CSV row (`evenhand-csv`, the
 * same fields as snake_case columns, a candidate list as rows sharing alert_id with a rank). A vendor's export in any
 * other shape is read through a format file instead (log-format-schema.ts). `npm run schema` publishes this as
 * datasets/alert-log.schema.json.
 */
import { z } from 'zod';
import { LogFormatSchema, type LogFormat } from './log-format-schema.ts';

const score = z.number().describe('Face-match score on the 0..1 scale');
const id = z.string().min(1);

export const AlertRowSchema = z.strictObject({
  alertId: id.optional().describe('Unique id of the alert'),
  time: z.iso.datetime({ offset: true }).describe('When the alert was raised, ISO 8601 with its offset (e.g. 2026-05-02T10:15:03.250+01:00)'),
  deployment: id.optional().describe('Deployment id of the manifest (default: the deployment whose time span holds the alert)'),
  camera: id.describe('Camera id of the manifest'),
  subject: id.describe('Watchlist id of the alert\'s best candidate (a volunteer id for volunteers)'),
  score: score.describe('Its score'),
  candidates: z.array(z.strictObject({ subject: id, score })).min(1).optional().describe('The whole candidate list, best first (then subject and score repeat its first entry)'),
  trackId: id.optional().describe('The system\'s track or face id: alerts sharing it at a camera are one person'),
  box: z.strictObject({ x: z.number(), y: z.number(), w: z.number().gt(0), h: z.number().gt(0) }).optional().describe('Face box in pixels of the camera frame (left, top, width, height)'),
  decision: z.enum(['confirmed', 'dismissed']).optional().describe('The operator\'s decision on the alert, if recorded'),
}).describe('One alert of Evenhand\'s alert log format');

export type AlertRow = z.infer<typeof AlertRowSchema>;

/** The built-in formats: Evenhand's own log format as JSON lines and as CSV. */
export const BUILTIN_FORMATS: Readonly<Record<'evenhand-jsonl' | 'evenhand-csv', LogFormat>> = {
  'evenhand-jsonl': LogFormatSchema.parse({
    name: 'Evenhand alert log (JSON lines)',
    file: 'jsonl',
    fields: { alertId: 'alertId', time: 'time', deployment: 'deployment', camera: 'camera', subject: 'subject', score: 'score', candidates: { list: 'candidates', subject: 'subject', score: 'score' }, trackId: 'trackId', box: { x: 'box.x', y: 'box.y', w: 'box.w', h: 'box.h' }, decision: 'decision' },
  }),
  'evenhand-csv': LogFormatSchema.parse({
    name: 'Evenhand alert log (CSV)',
    file: 'csv',
    fields: { alertId: 'alert_id', time: 'time', deployment: 'deployment', camera: 'camera', subject: 'subject_id', score: 'score', rank: 'rank', trackId: 'track_id', box: { x: 'box_x', y: 'box_y', w: 'box_w', h: 'box_h' }, decision: 'decision' },
  }),
};

/** True when `name` is a built-in format. */
export function isBuiltinFormat(name: string): name is keyof typeof BUILTIN_FORMATS {
  return Object.hasOwn(BUILTIN_FORMATS, name);
}
