/**
 * Bounds: the documented lower and upper limit of every size, count and duration a user can set, in one table, so
 * that the protocol schema, the command-line options and docs/bad-input.md state the same ranges and every value is
 * checked before work starts (an unbounded count is a way to run out of memory, not a campaign).
 *
 * Upper bounds come from what was measured to run on an ordinary machine (docs/bad-input.md says which), not from
 * what the types can hold.
 */
import { show } from './input-error.ts';
import { formatBytes } from './messages.ts';

/** A closed or half-open range of numbers, with what it measures. */
export interface Bound {
  /** What the value is, for the bounds table (`Replay worker threads`). */
  readonly what: string;
  readonly min: number;
  readonly max: number;
  /** True when the value must be a whole number. */
  readonly integer: boolean;
  /** True when `min` itself is not allowed (a value must be > min). */
  readonly minExclusive?: boolean;
  /** Unit shown after the numbers (`ms`, `s`, `px`); empty for counts. */
  readonly unit: string;
  /** Where it is set: options and protocol or manifest fields. */
  readonly where: string;
}

const b = (what: string, where: string, min: number, max: number, extra: Partial<Pick<Bound, 'integer' | 'minExclusive' | 'unit'>> = {}): Bound =>
  ({ what, where, min, max, integer: extra.integer ?? true, unit: extra.unit ?? '', ...(extra.minExclusive === true ? { minExclusive: true } : {}) });

/** A year in milliseconds: the longest deployment, footage offset or pass time a manifest may give. */
const YEAR_MS = 366 * 24 * 3_600_000;

/** Every bound, by name. Add new ones here; docs/bad-input.md's table is generated from this list (a test checks it). */
export const Bounds = {
  // Command-line options
  seed: b('Random seed', '--seed; analysis.bootstrap.seed', 0, 4_294_967_295),
  workers: b('Worker threads', '--workers', 1, 256),
  threads: b('ONNX Runtime threads per model', '--threads', 1, 256),
  segmentSeconds: b('Replay segment length', 'replay --segment-s; run --segment-s (there 0 = one segment per footage file)', 0.1, 86_400, { unit: 's', integer: false }),
  everyMs: b('Frame sampling interval (0 = every frame)', '--every-ms', 0, 3_600_000, { unit: 'ms', integer: false }),
  topK: b('Candidates kept per search', '--top-k (run, replay, import-alerts, import-candidates)', 1, 1000),
  fullDetectEvery: b('Processed frames per full detection (every tile)', '--full-detect-every', 1, 1000),
  queueAttempts: b('Tries per segment on a queue', '--attempts', 1, 100),
  queueConcurrency: b('Segments a queue worker replays at once', 'worker --concurrency', 1, 256),
  queueLockSeconds: b('Time a queue job stays locked without renewal', 'worker --lock-s', 2, 3600, { unit: 's', integer: false }),
  minFrames: b('Frames a track must be seen in', 'replay --min-frames', 1, 1_000_000),
  tilingCells: b('Detector tiles per side', 'replay --tiling COLSxROWS', 1, 16),
  minOverlap: b('Track-to-pass time overlap (intersection over union)', 'run --min-overlap', 0, 1, { integer: false, minExclusive: true }),
  passersByPerHour: b('Passers-by per deployment-hour', '--passers-by-per-hour; policy.passersByPerHour', 0, 1_000_000, { integer: false, minExclusive: true }),
  lfwPairLimit: b('Pairs of each kind used', 'verify-lfw --limit', 1, 1_000_000),
  planPasses: b('Planned passes per volunteer', 'plan --passes', 1, 1000),
  planComparisons: b('Planned pairwise comparisons', 'plan --comparisons', 1, 1000),
  planAlerts: b('False alerts allowed in a planned crowd', 'plan --alerts', 0, 100_000),
  probeMargin: b('Margin around an exported probe\'s face box (share of its larger side)', 'export-probes --margin', 0, 2, { integer: false }),
  clockOffsetMs: b('Known error of an alert log\'s clock', 'import-alerts --clock-offset-ms', -86_400_000, 86_400_000, { unit: 'ms' }),
  clockToleranceMs: b('Time around a pass within which an alert counts as during it', 'import-alerts --clock-tolerance-ms', 0, 3_600_000, { unit: 'ms' }),
  clockShiftSeconds: b('Largest clock offset the clock check searches', 'import-alerts --max-clock-shift-s', 0, 86_400, { unit: 's' }),
  planVolunteers: b('Planned volunteers per group', 'plan --volunteers-per-group', 1, 10_000_000),
  // Simulation (protocol `simulation` block, simulate --volunteers / --crowd)
  simVolunteers: b('Simulated volunteers', 'simulation.volunteers; simulate --volunteers', 1, 100_000),
  simPasses: b('Simulated passes per volunteer', 'simulation.passesPerVolunteer', 1, 1000),
  simCrowd: b('Simulated crowd searches', 'simulation.crowdSearches; simulate --crowd', 0, 1_000_000),
  simSearches: b('Simulated searches in all (2 x volunteers x passes + crowd)', 'simulation', 1, 1_000_000),
  simCandidateRows: b('Simulated candidate rows (searches x candidatesPerSearch)', 'simulation', 1, 10_000_000),
  simDeployments: b('Simulated deployments', 'simulation.deployments', 1, 1000),
  gallerySize: b('Gallery size (watchlist or filler)', 'watchlist.size; fillerGallery.size; simulation.fillerGallerySize', 1, 1_000_000_000),
  // Protocol
  thresholds: b('Thresholds swept', 'thresholds', 1, 10_001),
  rank: b('Rank at which a mate counts as found', 'analysis.rank', 1, 1000),
  bootstrapReplicates: b('Bootstrap replicates', 'analysis.bootstrap.replicates', 100, 100_000),
  minCellSize: b('Minimum cell size of the public report', 'report.minCellSize', 1, 1_000_000),
  minTpir: b('Policy: TPIR at least', 'policy.minTpir; thresholds --min-tpir', 0, 1, { integer: false }),
  maxFpirOneIn: b('Policy: FPIR at most 1 in', 'policy.maxFpirOneIn; thresholds --max-fpir-one-in', 1, 1e12, { integer: false }),
  retentionMonths: b('Retention period', 'retention.periodMonths (protocol or manifest)', 1, 1200, { unit: 'months' }),
  // Rehearsal (protocol `rehearsal` block and rehearse options)
  rehearsalVolunteers: b('Rehearsal volunteers (enrolled / never enrolled)', 'rehearsal.volunteers, nonEnrolledVolunteers; rehearse --volunteers, --non-enrolled', 0, 10_000),
  rehearsalPasses: b('Rehearsal passes per volunteer', 'rehearsal.passesPerVolunteer; rehearse --passes', 1, 100),
  rehearsalCrowd: b('Rehearsal crowd passes', 'rehearsal.crowdPasses; rehearse --crowd', 0, 100_000),
  rehearsalFiller: b('Rehearsal filler identities', 'rehearsal.fillerGallerySize; rehearse --filler', 0, 100_000),
  // Manifest
  durationMs: b('Times and durations in a manifest', 'deployments[].durationMs, footage[].startMs, passes[].tStartMs, ...', 0, YEAR_MS, { unit: 'ms' }),
  crowdCount: b('Estimated crowd count', 'crowdEstimates[].count', 0, 1_000_000_000),
  frameSide: b('Camera frame width or height', 'deployments[].cameras[].width, height', 1, 16_384, { unit: 'px' }),
  placeCoordinate: b('Place coordinates (zone vertices, box corners and sizes)', 'passes[].place, crowdPasses[].place', -16_384, 16_384, { unit: 'px', integer: false }),
  // Files
  structuredFileBytes: b('Protocol, manifest, results.json or other JSON/YAML input', 'any JSON or YAML input', 0, 256 * 1024 * 1024, { unit: 'bytes' }),
  arrowFileBytes: b('Arrow IPC input (searches, candidates, tracks)', 'any Arrow input', 0, 2 * 1024 * 1024 * 1024 - 1, { unit: 'bytes' }),
  arrowReadSeconds: b('Time allowed to decode one Arrow input', 'any Arrow input (10 s plus 1 s per 16 MiB)', 10, 600, { unit: 's', integer: false }),
} as const satisfies Record<string, Bound>;
export type BoundName = keyof typeof Bounds;

function num(x: number): string {
  return Math.abs(x) >= 10_000 && Number.isInteger(x) ? x.toLocaleString('en-GB') : String(x);
}

/**
 * The range in words, for `expected`: `a whole number from 1 to 256`, `a number > 0 and <= 1`.
 * @example describeBound(Bounds.workers) // 'a whole number from 1 to 256'
 */
export function describeBound(bound: Bound): string {
  const kind = bound.integer ? 'a whole number' : 'a number';
  const unit = bound.unit === '' || bound.unit === 'bytes' ? '' : ` ${bound.unit}`;
  return bound.minExclusive === true
    ? `${kind} > ${num(bound.min)} and <= ${num(bound.max)}${unit}`
    : `${kind} from ${num(bound.min)} to ${num(bound.max)}${unit}`;
}

/**
 * Checks `value` against `bound`: null when it is inside, else what was found, in words for `got`.
 * @example checkBound(Bounds.workers, 0) // '0'
 */
export function checkBound(bound: Bound, value: unknown): string | null {
  if (typeof value !== 'number') return show(value);
  if (Number.isNaN(value)) return 'NaN (not a number)';
  const low = bound.minExclusive === true ? value <= bound.min : value < bound.min;
  if (low || value > bound.max || (bound.integer && !Number.isInteger(value))) return String(value);
  return null;
}

/** The bounds table of docs/bad-input.md, in Markdown (one row per bound, in catalogue order). */
export function boundsTable(): string {
  const rows = Object.values(Bounds).map((x: Bound) => `| ${x.what} | \`${x.where}\` | ${x.unit === 'bytes' ? `at most ${formatBytes(x.max)}` : describeBound(x)} |`);
  return ['| what | set by | allowed |', '|---|---|---|', ...rows].join('\n');
}
