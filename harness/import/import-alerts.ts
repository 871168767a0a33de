/**
 * importAlerts: a live system's alert log adjudicated against a dataset manifest's ground truth, into the contract.
 *
 *   1. read      the log's rows (CSV / JSON lines / JSON) through its format; unusable rows named by line and field
 *   2. parse     fields, times onto the deployment clock, vendor scores onto 0..1, cameras and subjects to manifest ids;
 *                unknown cameras, subjects off the watchlist and times outside every deployment set aside, counted
 *   3. clock     the offset the volunteers' own alerts suggest, against the one configured
 *   4. attribute each alert to a pass (own pass, another passer by place, a known crowd pass) or to nobody
 *   5. searches  one per volunteer pass, per known crowd pass, per person of nobody known, and crowd searches with no
 *                alert up to the crowd's count (estimates, or the system's face-count log)
 */
import path from 'node:path';
import type { Manifest } from '../campaign/load-manifest.ts';
import { InputError } from '../core/input-error.ts';
import { sha256File } from '../core/sha256-file.ts';
import { alertSearches, type AlertSearches } from './alert-searches.ts';
import { attributeAlerts } from './attribute-alerts.ts';
import { estimateClockOffset } from './clock-offset.ts';
import { crowdCount } from './crowd-count.ts';
import type { LogFormat } from './log-format-schema.ts';
import { readLogRows } from './log-rows.ts';
import { parseAlerts } from './parse-alerts.ts';
import { readFaceCounts } from './read-face-counts.ts';
import { readWatchlist } from './read-watchlist.ts';
import { describeRowProblem } from './row-problem.ts';
import type { ImportSummary } from './import-summary.ts';
import { toProtocolScore } from './score-scale.ts';
import { operatorReview } from './operator-review.ts';
import type { ImportedTables } from './write-import.ts';

/** What to import and how. */
export interface ImportAlertsOptions {
  manifest: Manifest;
  /** The manifest's file, for messages. */
  manifestFile: string;
  /** The alert log file. */
  log: string;
  format: LogFormat;
  /** Where the format came from (a file, or a built-in name), for messages. */
  formatSource: string;
  /** The system's face-count log, when it writes one (read with the format's `faceCounts` columns). */
  faceCounts?: string | undefined;
  /** A file listing the live watchlist's gallery ids (default: the manifest's enrolled volunteers). */
  watchlist?: string | undefined;
  /** Ground-truth time = logged time + offsetMs. */
  offsetMs: number;
  toleranceMs: number;
  /** Largest clock shift the estimate searches (ms either way). */
  maxShiftMs: number;
  topK: number;
  /** Fail on the first unusable row instead of leaving it out (counted). */
  strict: boolean;
}

/** The contract rows, the summary, and the unusable rows in words (for the command line). */
export interface ImportedAlerts extends AlertSearches {
  summary: ImportSummary;
  /** The combined human + algorithm system (only confirmed alerts), when the log records decisions. */
  operator: ImportedTables | null;
  problemLines: string[];
}

/**
 * Imports an alert log (see the module comment for the stages; docs/black-box.md for the rules).
 * @throws InputError for an unreadable log, a strict import with unusable rows, or crowd alerts with no crowd count.
 * @example await importAlerts({ manifest, log: 'alerts.csv', format, formatSource: 'vendor-a.yaml', offsetMs: 0, toleranceMs: 1000, maxShiftMs: 600_000, topK: 10, strict: false })
 */
export async function importAlerts(o: ImportAlertsOptions): Promise<ImportedAlerts> {
  const { manifest, format } = o;
  const listed = o.watchlist === undefined ? null : readWatchlist(o.watchlist);
  const watchlist = new Set(listed ?? manifest.volunteers.filter((v) => v.enrolled).map((v) => v.id));
  // 1-2. read and parse
  const read = readLogRows(o.log, { file: format.file, delimiter: format.csv.delimiter, skipLines: format.csv.skipLines });
  const parsed = parseAlerts(read.rows, { format, manifest, watchlist, offsetMs: o.offsetMs });
  const problems = [...read.problems, ...parsed.malformed].sort((a, b) => a.line - b.line);
  if (o.strict && problems.length > 0) {
    throw new InputError(o.log, problems.slice(0, 20).map((p) => ({ path: `line ${p.line}${p.field === '' ? '' : `: field ${JSON.stringify(p.field)}`}`, expected: p.expected, ...(p.got === undefined ? {} : { got: p.got }) })));
  }
  // 3. the clock, as the volunteers' alerts see it
  const clock = estimateClockOffset(parsed.alerts, manifest, { offsetMs: o.offsetMs, toleranceMs: o.toleranceMs, maxShiftMs: o.maxShiftMs });
  // 4-5. attribute, count the crowd, make the searches
  const attribution = attributeAlerts(parsed.alerts, manifest, { offsetMs: o.offsetMs, toleranceMs: o.toleranceMs });
  const faces = o.faceCounts === undefined ? null : readFaceCounts(o.faceCounts, format, manifest, o.formatSource);
  const needed = new Set(attribution.nobody.map((a) => a.deployment));
  const crowd = crowdCount(manifest, faces?.faces ?? null, needed, faces === null ? o.manifestFile : o.faceCounts ?? o.manifestFile);
  const galleryEthnicity = new Map(manifest.volunteers.map((v) => [v.id, v.ethnicity] as const));
  const built = alertSearches({ manifest, attribution, watchlist, crowd, topK: o.topK, galleryEthnicity });
  const scores = parsed.alerts.flatMap((a) => a.candidates.map((c) => c.score));
  const lowest = scores.length === 0 ? null : Math.min(...scores);
  const threshold = format.score.alertThreshold === undefined ? null : { vendor: format.score.alertThreshold, protocol: toProtocolScore(format.score.scale, format.score.alertThreshold) };
  const sorted = (m: ReadonlyMap<string, number>): Record<string, number> => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const total = Object.values(crowd.byDeployment).reduce((s, n) => s + n, 0);
  const crowdSearches = built.searches.filter((s) => s.source === 'crowd').length;
  const summary: ImportSummary = {
    kind: 'alert-log',
    format: format.name,
    log: { file: path.basename(o.log), sha256: await sha256File(o.log), rows: read.rows.length + read.problems.length },
    alerts: parsed.alerts.length,
    excluded: {
      malformedRows: problems.length,
      unknownCameras: { alerts: [...parsed.unknownCameras.values()].reduce((s, n) => s + n, 0), cameras: sorted(parsed.unknownCameras) },
      unknownSubjects: { candidates: [...parsed.unknownSubjects.values()].reduce((s, n) => s + n, 0), alertsLeftOut: parsed.alertsOnlyUnknown, subjects: sorted(parsed.unknownSubjects) },
      outsideDeployment: parsed.outsideDeployment,
      unknownProbes: 0,
    },
    problems: problems.slice(0, 100),
    clock: {
      offsetMs: o.offsetMs, toleranceMs: o.toleranceMs, maxShiftMs: o.maxShiftMs, volunteerAlerts: clock.volunteerAlerts, matchedAtConfigured: clock.matchedAtConfigured,
      estimatedOffsetMs: clock.offsetMs, matchedAtEstimate: clock.matchedAtEstimate, warning: clock.warn,
    },
    attribution: { reasons: attribution.reasons, placeOverruledName: attribution.placeOverruledName, duplicates: built.duplicates, passesWithoutAlert: sorted(new Map(Object.entries(built.passesWithoutAlert))) },
    searches: {
      volunteer: manifest.passes.length, crowdPasses: manifest.crowdPasses.length, nobody: built.nobodySearches, emptyCrowd: built.emptyCrowdSearches, fillerProbes: 0,
    },
    crowd: crowdSearches === 0 && crowd.source !== 'crowd-passes' ? null : { source: crowd.source, byDeployment: crowd.byDeployment, total, methods: crowd.methods, census: crowd.source === 'crowd-passes' },
    scores: { scale: format.score.scale, alertThreshold: threshold, lowest, coversFrom: threshold?.protocol ?? lowest },
    decisions: {
      confirmed: parsed.alerts.filter((a) => a.decision === 'confirmed').length,
      dismissed: parsed.alerts.filter((a) => a.decision === 'dismissed').length,
      none: parsed.alerts.filter((a) => a.decision === null).length,
    },
    watchlist: { size: watchlist.size, source: listed === null ? 'manifest' : 'file' },
    system: 'algorithm',
    review: null,
  };
  // 6. the combined human + algorithm system, when the log records the operator's decisions
  const decided = summary.decisions.confirmed + summary.decisions.dismissed > 0;
  const review = decided ? operatorReview(built) : null;
  if (review !== null) summary.review = review.decided;
  const operator = review === null ? null : { searches: review.searches, candidates: review.candidates, summary: { ...summary, system: 'algorithm+operator' as const } };
  return { ...built, summary, operator, problemLines: problems.map((p) => describeRowProblem(o.log, p)) };
}
