/** runReplay: replays many segments (on local worker threads or elsewhere), resuming from finished segments, with a summary. */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AlgorithmOptions, ExecutionProvider } from '../algorithms/index.ts';
import { algorithms } from '../algorithms/index.ts';
import { InputError } from '../core/input-error.ts';
import { probeVideo } from '../footage/index.ts';
import { writeFileAtomic } from '../store/write-file-atomic.ts';
import { addPhaseTimes, noPhaseTimes, type PhaseTimes } from './phase-times.ts';
import type { ReplayOptions } from './replay-segment.ts';
import type { WorkerSetup } from './replay-worker.ts';
import { localThreads, type SegmentExecutor } from './segment-executor.ts';
import { isSegmentId, type Segment } from './segment.ts';
import { isTempName, segmentDone } from './segment-tables.ts';

/** A replay run: which algorithm, which gallery, which segments, where to write. */
export interface ReplayRun {
  algorithm: string;
  algorithmOptions?: AlgorithmOptions;
  /** A gallery written by writeGallery (path without extension), or null to detect and track without searching. */
  galleryFile: string | null;
  segments: readonly Segment[];
  outDir: string;
  options?: ReplayOptions;
  /** Worker threads (default: every core); ignored when `executor` is given. */
  workers?: number;
  /** Where the segments are replayed (default: {@link localThreads}(workers)); e.g. a queue's workers. */
  executor?: SegmentExecutor;
  /**
   * More galleries searched in the same pass over the footage: each one's tables (the same tracks, its own
   * candidates) go to its own folder, laid out as `outDir`. A segment counts as done when it is done in every folder.
   */
  alsoSearch?: readonly { galleryFile: string; outDir: string }[];
}

/** A segment that failed, with the file to blame. */
export interface FailedSegment {
  segmentId: string;
  file: string;
  error: string;
  badInput: boolean;
}

/** How a run went: segments replayed now, found done from an earlier run, and failed. */
export interface RunSummary {
  algorithm: string;
  done: string[];
  resumed: string[];
  /** Segments replayed again from their start after their adapter crashed or hung (each also in `done`). */
  retried: string[];
  failed: FailedSegment[];
  frames: number;
  seconds: number;
  /** Of `seconds`, the time until every worker had loaded its models and gallery and was ready for footage. */
  startupSeconds: number;
  /** Time the workers spent inside model runs (detector, landmarks, embedder, search), summed over workers. */
  inferenceSeconds: number;
  /** Where the time went, by phase, summed over workers (seconds). */
  phaseSeconds: PhaseTimes;
  /** The execution provider the models actually ran on (null when nothing was replayed now). */
  provider: ExecutionProvider | null;
  /** Where the segments were replayed (`2 worker threads`, `queue ... on redis://...`). */
  executor: string;
}

/** Progress of a run, as the progress bar shows it. */
export interface RunProgress {
  frames: number;
  /** Expected frames of the segments still to do (an estimate from the containers' durations). */
  totalFrames: number;
  segmentsDone: number;
  segmentsTotal: number;
  elapsedMs: number;
}

async function expectedFrames(segment: Segment, everyMs: number): Promise<number> {
  if (segment.source.kind !== 'video') return 0;
  try {
    const info = await probeVideo(segment.source.file);
    const end = Math.min(segment.source.endMs ?? Infinity, info.durationMs);
    const span = Math.max(0, end - (segment.source.startMs ?? 0));
    return Math.ceil(span / Math.max(everyMs, 1000 / (info.fps || 25)));
  } catch {
    return 0; // the worker reports the bad file
  }
}

/** Temporary files older than this in a shared output folder are a dead writer's (a queue's workers may be writing the others). */
const STALE_TEMP_MS = 3_600_000;

/** Removes temporary files left in `segDir` by killed writers (all of them when this process is the only writer). */
async function removeStaleTemps(segDir: string, exclusive: boolean): Promise<void> {
  for (const f of await readdir(segDir)) {
    if (!isTempName(f)) continue;
    const file = path.join(segDir, f);
    const age = Date.now() - ((await stat(file).catch(() => null))?.mtimeMs ?? 0);
    if (!exclusive && age < STALE_TEMP_MS) continue;
    await rm(file, { force: true });
  }
}

/** Checks that segment ids are unique and usable as file names. @throws InputError naming the first bad id. */
export function checkSegmentIds(segments: readonly Segment[]): void {
  const seen = new Set<string>();
  for (const s of segments) {
    if (!isSegmentId(s.id) || seen.has(s.id)) {
      throw new InputError('segments', [{ path: `id ${JSON.stringify(s.id)}`, expected: 'a unique id of letters, digits, ".", "_" and "-"' }]);
    }
    seen.add(s.id);
  }
}

/**
 * Replays `run.segments`, skipping those whose tables an earlier run finished, with `run.executor` (default: worker
 * threads of this process, each loading the models once). A failing segment is reported in the summary; the others
 * go on. Writes `<outDir>/run-summary.json` at the end (and into each `alsoSearch` folder).
 * @throws InputError for duplicate or unusable segment ids, bad model or gallery files, or an unavailable provider;
 *   Error when the work cannot go on (a worker cannot start, a queue is lost).
 */
export async function runReplay(run: ReplayRun, onProgress?: (p: RunProgress) => void): Promise<RunSummary> {
  if (run.algorithmOptions?.adapter === undefined) algorithms.get(run.algorithm); // fail fast on an unknown name (an adapter fails at its start)
  checkSegmentIds(run.segments);
  const executor = run.executor ?? localThreads(run.workers);
  const started = performance.now();
  const outputs = [{ galleryFile: run.galleryFile, outDir: run.outDir }, ...(run.alsoSearch ?? [])];
  for (const { outDir } of outputs) {
    const segDir = path.join(outDir, 'segments');
    await mkdir(segDir, { recursive: true });
    await removeStaleTemps(segDir, executor.exclusive);
  }
  const summary: RunSummary = {
    algorithm: run.algorithm, done: [], resumed: [], retried: [], failed: [], frames: 0, seconds: 0, startupSeconds: 0, inferenceSeconds: 0,
    phaseSeconds: noPhaseTimes(), provider: null, executor: executor.where,
  };
  const todo: Segment[] = [];
  for (const s of run.segments) {
    if ((await Promise.all(outputs.map((o) => segmentDone(o.outDir, s.id)))).every(Boolean)) summary.resumed.push(s.id);
    else todo.push(s);
  }
  const options = run.options ?? {};
  const totalFrames = (await Promise.all(todo.map((s) => expectedFrames(s, options.everyMs ?? 0)))).reduce((a, b) => a + b, 0);
  const progress = () => onProgress?.({ frames: summary.frames, totalFrames, segmentsDone: summary.done.length + summary.failed.length, segmentsTotal: todo.length, elapsedMs: performance.now() - started });
  const setup: WorkerSetup = { algorithm: run.algorithm, algorithmOptions: run.algorithmOptions ?? {}, outputs, options };
  const phasesMs = noPhaseTimes();
  await executor.run(todo, setup, {
    ready(provider) {
      summary.provider = provider;
      summary.startupSeconds = (performance.now() - started) / 1000;
    },
    frames(_segmentId, count) {
      summary.frames += count;
      progress();
    },
    finished(m) {
      if (m.kind === 'done') {
        summary.done.push(m.segmentId);
        if ((m.retries ?? 0) > 0) summary.retried.push(m.segmentId);
        summary.inferenceSeconds += m.inferenceMs / 1000;
        addPhaseTimes(phasesMs, m.phasesMs);
      } else {
        summary.failed.push({ segmentId: m.segmentId, file: m.file, error: m.error, badInput: m.badInput });
      }
      progress();
    },
  });
  const order = new Map(run.segments.map((s, i) => [s.id, i]));
  const at = (id: string): number => order.get(id) ?? -1;
  summary.done.sort((a, b) => at(a) - at(b));
  summary.retried.sort((a, b) => at(a) - at(b));
  summary.failed.sort((a, b) => at(a.segmentId) - at(b.segmentId));
  for (const k of Object.keys(phasesMs) as (keyof PhaseTimes)[]) summary.phaseSeconds[k] = phasesMs[k] / 1000;
  summary.seconds = (performance.now() - started) / 1000;
  for (const { outDir } of outputs) writeFileAtomic(path.join(outDir, 'run-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
