/**
 * Parses log rows into alerts: fields read through the format's mapping, times placed on the deployment's clock,
 * vendor scores mapped onto the 0..1 scale, camera names and subject references mapped to manifest ids. Rows sharing
 * an alert id become one alert with a candidate list. What cannot be used is counted, never dropped silently:
 * malformed rows (named by line and field), unknown cameras, times outside every deployment, and candidates naming
 * a subject that is not on the watchlist.
 */
import type { Manifest } from '../campaign/load-manifest.ts';
import type { Decision} from './log-alert.ts';
import { type AlertCandidate, type LogAlert } from './log-alert.ts';
import type { LogFormat } from './log-format-schema.ts';
import { valueAt, type LogRow } from './log-rows.ts';
import { describeTimeFormat, readLogTime } from './log-time.ts';
import type { RowProblem } from './row-problem.ts';
import { toProtocolScore } from './score-scale.ts';

/** What parsing kept and what it left out. */
export interface ParsedAlerts {
  alerts: LogAlert[];
  malformed: RowProblem[];
  /** Alerts at a camera the manifest's deployment does not have, by the camera as logged. */
  unknownCameras: Map<string, number>;
  /** Alerts outside the time span of every deployment (after the clock offset). */
  outsideDeployment: number;
  /** Candidates naming a subject that is not on the watchlist, by the reference as logged. */
  unknownSubjects: Map<string, number>;
  /** Alerts left with no candidate once unknown subjects were set aside. */
  alertsOnlyUnknown: number;
}

/** Settings of the parse. */
export interface ParseOptions {
  format: LogFormat;
  manifest: Manifest;
  /** Gallery ids of the watchlist the live system searched. */
  watchlist: ReadonlySet<string>;
  /** Log clock to ground truth: ground-truth time = logged time + offset (ms); used here only to place alerts in a deployment. */
  offsetMs: number;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : typeof v === 'number' && Number.isFinite(v) ? String(v) : null);
const numeric = (v: unknown): number | null => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string' || !/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)) return null;
  return Number(v);
};

/**
 * Parses `rows` under `options.format`.
 * @example parseAlerts(readLogRows('log.csv', { file: 'csv' }).rows, { format, manifest, watchlist, offsetMs: 0 })
 */
export function parseAlerts(rows: readonly LogRow[], options: ParseOptions): ParsedAlerts {
  const { format, manifest } = options;
  const f = format.fields;
  const out: ParsedAlerts = { alerts: [], malformed: [], unknownCameras: new Map(), outsideDeployment: 0, unknownSubjects: new Map(), alertsOnlyUnknown: 0 };
  const starts = new Map(manifest.deployments.map((d) => [d.id, { startMs: Date.parse(d.startedAt), durationMs: d.durationMs, cameras: new Set(d.cameras.map((c) => c.id)) }]));
  const byId = new Map<string, LogAlert>();
  const confirmed = new Set(format.decisions.confirmed.map((s) => s.toLowerCase()));
  const dismissed = new Set(format.decisions.dismissed.map((s) => s.toLowerCase()));
  const bump = (m: Map<string, number>, k: string): void => { m.set(k, (m.get(k) ?? 0) + 1); };

  for (const row of rows) {
    const bad = (field: string, expected: string, got: unknown = row.get(field)): void => {
      out.malformed.push({ line: row.line, field, expected, ...(got === undefined ? {} : { got: JSON.stringify(got).slice(0, 60) }) });
    };
    // candidates: a JSON list in the row, or the row's own subject and score
    const raw: { subject: unknown; score: unknown; field: { subject: string; score: string } }[] = [];
    const list = f.candidates === undefined ? undefined : row.get(f.candidates.list);
    if (f.candidates !== undefined && list !== undefined && list !== null) {
      if (!Array.isArray(list) || list.length === 0) { bad(f.candidates.list, 'a non-empty list of candidates'); continue; }
      for (const c of list) {
        const get = (p: string): unknown => valueAt(c, p);
        raw.push({ subject: get(f.candidates.subject), score: get(f.candidates.score), field: { subject: `${f.candidates.list}[].${f.candidates.subject}`, score: `${f.candidates.list}[].${f.candidates.score}` } });
      }
    } else {
      raw.push({ subject: row.get(f.subject), score: row.get(f.score), field: { subject: f.subject, score: f.score } });
    }
    let broken = false;
    const candidates: AlertCandidate[] = [];
    for (const c of raw) {
      const subject = text(c.subject);
      const vendor = numeric(c.score);
      if (subject === null) { bad(c.field.subject, 'a watchlist subject id', c.subject); broken = true; break; }
      if (vendor === null) { bad(c.field.score, 'a number (the vendor\'s score)', c.score); broken = true; break; }
      candidates.push({ subject: format.subjects[subject] ?? subject, vendorScore: vendor, score: toProtocolScore(format.score.scale, vendor) });
    }
    if (broken) continue;
    const time = readLogTime(row.get(f.time), format.time);
    if (time === null) { bad(f.time, describeTimeFormat(format.time)); continue; }
    const cameraName = text(row.get(f.camera));
    if (cameraName === null) { bad(f.camera, 'a camera name'); continue; }
    const trackId = f.trackId === undefined ? null : text(row.get(f.trackId));
    let box: LogAlert['box'] = null;
    if (f.box !== undefined) {
      const fields = [f.box.x, f.box.y, f.box.w, f.box.h];
      const values = fields.map((p) => row.get(p));
      if (values.some((v) => text(v) !== null)) {
        const nums = values.map(numeric);
        const at = nums.findIndex((n, i) => n === null || (i >= 2 && n <= 0));
        const [x, y, w, h] = nums;
        if (at >= 0 || x == null || y == null || w == null || h == null) { bad(fields[at] ?? '', at >= 2 ? 'a size in pixels > 0' : 'a number of pixels'); continue; }
        box = { x, y, w, h };
      }
    }
    let decision: Decision | null = null;
    if (f.decision !== undefined) {
      const d = text(row.get(f.decision));
      if (d !== null) {
        if (confirmed.has(d.toLowerCase())) decision = 'confirmed';
        else if (dismissed.has(d.toLowerCase())) decision = 'dismissed';
        else { bad(f.decision, `an operator decision (${[...format.decisions.confirmed, ...format.decisions.dismissed].join(', ')}) or nothing`); continue; }
      }
    }
    // which deployment, and when on its clock
    const named = f.deployment === undefined ? format.deployment ?? null : text(row.get(f.deployment)) ?? format.deployment ?? null;
    if (named !== null && !starts.has(named)) { bad(f.deployment ?? 'deployment', `a deployment of the manifest (${[...starts.keys()].join(', ')})`); continue; }
    let deployment: string | null = named;
    let loggedMs: number;
    if (time.kind === 'deployment') {
      deployment ??= manifest.deployments.length === 1 ? manifest.deployments[0]?.id ?? null : null;
      if (deployment === null) { bad(f.time, 'a deployment column or the format\'s `deployment` with times on the deployment clock'); continue; }
      loggedMs = time.tMs;
    } else {
      if (deployment === null) {
        deployment = [...starts].find(([, d]) => {
          const t = time.epochMs + options.offsetMs - d.startMs;
          return t >= 0 && t < d.durationMs;
        })?.[0] ?? null;
      }
      if (deployment === null) { out.outsideDeployment++; continue; }
      loggedMs = time.epochMs - (starts.get(deployment)?.startMs ?? 0);
    }
    const dep = starts.get(deployment);
    if (dep === undefined) continue;
    const t = loggedMs + options.offsetMs;
    if (t < 0 || t >= dep.durationMs) { out.outsideDeployment++; continue; }
    const camera = format.cameras[cameraName] ?? cameraName;
    if (!dep.cameras.has(camera)) { bump(out.unknownCameras, cameraName); continue; }
    const rank = f.rank === undefined ? null : numeric(row.get(f.rank));
    if (f.rank !== undefined && text(row.get(f.rank)) !== null && (rank === null || !Number.isInteger(rank) || rank < 1)) { bad(f.rank, 'a rank: a whole number >= 1'); continue; }
    const alertId = f.alertId === undefined ? null : text(row.get(f.alertId));
    const key = alertId === null ? null : `${deployment}\u0000${alertId}`;
    const earlier = key === null ? undefined : byId.get(key);
    if (earlier !== undefined) {
      earlier.candidates.push(...candidates);
      if (earlier.decision === null) earlier.decision = decision;
      continue;
    }
    const alert: LogAlert = { line: row.line, alertId, deployment, camera, loggedMs, candidates, trackId, box, decision };
    if (key !== null) byId.set(key, alert);
    out.alerts.push(alert);
  }
  // candidates best first; unknown subjects set aside and counted
  const kept: LogAlert[] = [];
  for (const a of out.alerts) {
    const known = a.candidates.filter((c) => {
      if (options.watchlist.has(c.subject)) return true;
      bump(out.unknownSubjects, c.subject);
      return false;
    });
    if (known.length === 0) { out.alertsOnlyUnknown++; continue; }
    const best = new Map<string, AlertCandidate>();
    for (const c of known) if ((best.get(c.subject)?.score ?? -Infinity) < c.score) best.set(c.subject, c);
    a.candidates = [...best.values()].sort((x, y) => y.score - x.score || (x.subject < y.subject ? -1 : x.subject > y.subject ? 1 : 0));
    kept.push(a);
  }
  out.alerts = kept;
  return out;
}
