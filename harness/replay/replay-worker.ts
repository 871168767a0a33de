/** The replay worker thread: loads one algorithm and its galleries, then replays the segments it is sent and writes their tables. */
import { parentPort, workerData } from 'node:worker_threads';
import { createAlgorithm, type AlgorithmOptions, type ExecutionProvider } from '../algorithms/index.ts';
import { InputError } from '../core/input-error.ts';
import { sourcePath } from '../footage/index.ts';
import { readGallery } from './gallery.ts';
import { GallerySearch } from './gallery-search.ts';
import type { PhaseTimes } from './phase-times.ts';
import { replaySegment, type ReplayOptions } from './replay-segment.ts';
import type { Segment } from './segment.ts';
import { writeSegmentTables } from './segment-tables.ts';

/** What a worker starts with. */
export interface WorkerSetup {
  algorithm: string;
  algorithmOptions: AlgorithmOptions;
  /** Where each segment's tables go, and the gallery searched for them (null: tracks only), first the run's own. */
  outputs: { galleryFile: string | null; outDir: string }[];
  options: ReplayOptions;
}

/** A finished segment's counts and times. */
export interface SegmentDone {
  kind: 'done';
  segmentId: string;
  frames: number;
  tracks: number;
  embeddings: number;
  /** Time inside model runs (detector, landmarks, embedder, search). */
  inferenceMs: number;
  phasesMs: PhaseTimes;
}

/** A segment that could not be replayed, with the file to blame. */
export interface SegmentFailed {
  kind: 'failed';
  segmentId: string;
  file: string;
  error: string;
  /** True for bad input (a corrupt or unreadable file), which a retry cannot mend. */
  badInput: boolean;
}

/** Messages from a worker to its pool. */
export type WorkerMessage =
  | { kind: 'ready'; provider: ExecutionProvider }
  | { kind: 'frames'; count: number }
  | SegmentDone
  | SegmentFailed
  | { kind: 'fatal'; error: string; input?: { file: string; problems: InputError['problems'] } };

const port = parentPort;
if (port === null) throw new Error('replay-worker.ts must run as a worker thread');
const setup = (workerData as { setup: WorkerSetup }).setup;
const post = (m: WorkerMessage) => port.postMessage(m);

try {
  const algorithm = await createAlgorithm(setup.algorithm, setup.algorithmOptions);
  // one search per output that has a gallery; searchOf[i] is output i's index into `searches`, or -1
  const searches: GallerySearch[] = [];
  const searchOf: number[] = [];
  for (const { galleryFile } of setup.outputs) {
    if (galleryFile === null) { searchOf.push(-1); continue; }
    const gallery = await readGallery(galleryFile);
    if (gallery.algorithm !== algorithm.name) {
      throw new InputError(`${galleryFile}.json`, [{ path: 'algorithm', expected: algorithm.name, got: gallery.algorithm }]);
    }
    searchOf.push(searches.length);
    searches.push(await GallerySearch.create(gallery, { threads: setup.algorithmOptions.threads ?? 1, provider: algorithm.provider }));
  }
  const searchMs = () => searches.reduce((t, s) => t + s.timing.ms, 0);
  port.on('message', (msg: { segment: Segment } | { close: true }) => {
    if ('close' in msg) {
      void Promise.all([algorithm.close(), ...searches.map((s) => s.close())]).then(() => port.close());
      return;
    }
    const { segment } = msg;
    let pending = 0;
    const inferenceBefore = algorithm.timing.ms + searchMs();
    replaySegment(segment, algorithm, searches, setup.options, () => {
      if (++pending >= 5) { post({ kind: 'frames', count: pending }); pending = 0; }
    })
      .then(async (r) => {
        if (pending > 0) post({ kind: 'frames', count: pending });
        const t = performance.now();
        // the first output last: the run's own done.json marks the segment done (runReplay checks every output)
        for (let i = setup.outputs.length - 1; i >= 0; i--) {
          const k = searchOf[i] ?? -1;
          const output = setup.outputs[i];
          if (output === undefined) continue;
          await writeSegmentTables(output.outDir, segment.id, r.tracks, k < 0 ? [] : (r.candidates[k] ?? []), { segmentId: segment.id, algorithm: setup.algorithm, ...r.stats });
        }
        r.phasesMs.write += performance.now() - t;
        const inferenceMs = algorithm.timing.ms + searchMs() - inferenceBefore;
        post({ kind: 'done', segmentId: segment.id, frames: r.stats.frames, tracks: r.stats.tracks, embeddings: r.stats.embeddings, inferenceMs, phasesMs: r.phasesMs });
      })
      .catch((err: unknown) => {
        post({ kind: 'failed', segmentId: segment.id, file: err instanceof InputError ? err.file : sourcePath(segment.source), error: err instanceof Error ? err.message : String(err), badInput: err instanceof InputError });
      });
  });
  post({ kind: 'ready', provider: algorithm.provider });
} catch (err) {
  post({
    kind: 'fatal',
    error: err instanceof Error ? err.message : String(err),
    ...(err instanceof InputError ? { input: { file: err.file, problems: err.problems } } : {}),
  });
}
