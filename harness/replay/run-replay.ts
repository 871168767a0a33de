/** runReplay: replays many segments on a pool of worker threads, resuming from finished segments, with a summary. */
import { availableParallelism } from 'node:os';
import { mkdir, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AlgorithmOptions } from '../algorithms/index.ts';
import { algorithms } from '../algorithms/index.ts';
import { InputError } from '../core/input-error.ts';
import { removeDeadTemps } from '../store/dead-temps.ts';
import { probeVideo } from '../footage/index.ts';
import type { ReplayOptions } from './replay-segment.ts';
import type { WorkerMessage, WorkerSetup } from './replay-worker.ts';
import { isSegmentId, type Segment } from './segment.ts';
import { segmentDone } from './segment-tables.ts';

/** A replay run: which algorithm, which gallery, which segments, where to write. */
export interface ReplayRun {
  algorithm: string;
  algorithmOptions?: AlgorithmOptions;
  /** A gallery written by writeGallery (path without extension), or null to detect and track without searching. */
  galleryFile: string | null;
  segments: readonly Segment[];
  outDir: string;
  options?: ReplayOptions;
  /** Worker threads (default: every core). */
  workers?: number;
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
  failed: FailedSegment[];
  frames: number;
  seconds: number;
  /** Of `seconds`, the time until every worker had loaded its models and gallery and was ready for footage. */
  startupSeconds: number;
  /** Time the workers spent inside model runs (detector, landmarks, embedder, search), summed over workers. */
  inferenceSeconds: number;
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

/** The worker thread's entry: ts-worker.js registers tsx there, then imports replay-worker.ts. */
const workerEntry = new URL('./ts-worker.js', import.meta.url);
const workerModule = new URL('./replay-worker.ts', import.meta.url).href;

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

/**
 * Replays `run.segments`, skipping those whose tables an earlier run finished, on `run.workers` worker threads (each
 * loads the models once). A failing segment is reported in the summary; the others go on. Writes
 * `<outDir>/run-summary.json` at the end (and into each `alsoSearch` folder).
 * @throws InputError for duplicate or unusable segment ids; Error when a worker cannot start (e.g. models missing).
 */
export async function runReplay(run: ReplayRun, onProgress?: (p: RunProgress) => void): Promise<RunSummary> {
  algorithms.get(run.algorithm); // fail fast on an unknown name
  const seen = new Set<string>();
  for (const s of run.segments) {
    if (!isSegmentId(s.id) || seen.has(s.id)) {
      throw new InputError('segments', [{ path: `id ${JSON.stringify(s.id)}`, expected: 'a unique id of letters, digits, ".", "_" and "-"' }]);
    }
    seen.add(s.id);
  }
  const started = performance.now();
  const outputs = [{ galleryFile: run.galleryFile, outDir: run.outDir }, ...(run.alsoSearch ?? [])];
  for (const { outDir } of outputs) {
    const segDir = path.join(outDir, 'segments');
    await mkdir(segDir, { recursive: true });
    removeDeadTemps(segDir); // temporary files a killed run left (those of a live run are left alone)
  }
  const summary: RunSummary = { algorithm: run.algorithm, done: [], resumed: [], failed: [], frames: 0, seconds: 0, startupSeconds: 0, inferenceSeconds: 0 };
  const todo: Segment[] = [];
  for (const s of run.segments) {
    if ((await Promise.all(outputs.map((o) => segmentDone(o.outDir, s.id)))).every(Boolean)) summary.resumed.push(s.id);
    else todo.push(s);
  }
  const options = run.options ?? {};
  const totalFrames = (await Promise.all(todo.map((s) => expectedFrames(s, options.everyMs ?? 0)))).reduce((a, b) => a + b, 0);
  const progress = () => onProgress?.({ frames: summary.frames, totalFrames, segmentsDone: summary.done.length + summary.failed.length, segmentsTotal: todo.length, elapsedMs: performance.now() - started });
  const nWorkers = Math.max(1, Math.min(run.workers ?? availableParallelism(), todo.length));
  const setup: WorkerSetup = { algorithm: run.algorithm, algorithmOptions: run.algorithmOptions ?? {}, outputs, options };
  const queue = [...todo];
  const workers: Worker[] = [];
  if (todo.length > 0) {
    await Promise.all(Array.from({ length: nWorkers }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerEntry, { workerData: { entry: workerModule, setup } });
      workers.push(worker);
      const next = () => {
        const segment = queue.shift();
        if (segment === undefined) worker.postMessage({ close: true });
        else worker.postMessage({ segment });
      };
      worker.on('message', (m: WorkerMessage) => {
        switch (m.kind) {
          case 'ready': summary.startupSeconds = (performance.now() - started) / 1000; next(); return;
          case 'frames': summary.frames += m.count; progress(); return;
          case 'done': summary.done.push(m.segmentId); summary.inferenceSeconds += m.inferenceMs / 1000; progress(); next(); return;
          case 'failed': summary.failed.push({ segmentId: m.segmentId, file: m.file, error: m.error, badInput: m.badInput }); progress(); next(); return;
          case 'fatal':
            for (const w of workers) void w.terminate(); // a worker that cannot load the models stops the run
            reject(m.input ? new InputError(m.input.file, m.input.problems) : new Error(`replay worker could not start: ${m.error}`));
            return;
        }
      });
      worker.on('error', (err) => {
        for (const w of workers) void w.terminate();
        reject(err);
      });
      worker.on('exit', () => resolve());
    })));
  }
  const order = new Map(run.segments.map((s, i) => [s.id, i]));
  summary.done.sort((a, b) => order.get(a)! - order.get(b)!);
  summary.failed.sort((a, b) => order.get(a.segmentId)! - order.get(b.segmentId)!);
  summary.seconds = (performance.now() - started) / 1000;
  for (const { outDir } of outputs) {
    const file = path.join(outDir, 'run-summary.json');
    await writeFile(`${file}.tmp-${process.pid}`, `${JSON.stringify(summary, null, 2)}\n`);
    await rename(`${file}.tmp-${process.pid}`, file);
  }
  return summary;
}
