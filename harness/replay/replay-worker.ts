/** The replay worker thread: loads one algorithm and its galleries, then replays the segments it is sent and writes their tables. */
import { parentPort, workerData } from 'node:worker_threads';
import { AdapterFailedError, createAlgorithm, type AlgorithmOptions, type ExecutionProvider } from '../algorithms/index.ts';
import { InputError } from '../core/input-error.ts';
import { sourcePath } from '../footage/index.ts';
import { readGallery } from './gallery.ts';
import { GallerySearch } from './gallery-search.ts';
import { opaqueMatching, vectorMatching } from './probe-matching.ts';
import type { PhaseTimes } from './phase-times.ts';
import { replaySegment, type ReplayOptions, type SegmentResult } from './replay-segment.ts';
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
  /** Times the segment was replayed again from its start after its adapter crashed or hung (0: first try). */
  retries?: number;
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
  const adapter = setup.algorithmOptions.adapter;
  // An adapter that crashed or hung is started again at its next request (galleries enrolled again first), and the
  // work is done again from its start (a segment: state it built earlier in the segment died with it), up to the
  // adapter's `retries` times. A segment that still fails is reported failed, and a later run resumes it.
  const retried = async <T>(work: () => Promise<T>): Promise<{ result: T; retries: number }> => {
    for (let retries = 0; ; retries++) {
      try {
        return { result: await work(), retries };
      } catch (err) {
        if (!(err instanceof AdapterFailedError)) throw err;
        if (retries >= (adapter?.retries ?? 0)) throw new AdapterFailedError(`${err.message} [tried ${retries + 1} time${retries === 0 ? '' : 's'}]`);
      }
    }
  };
  // an adapter's failed request fails the segment, which is retried whole (below)
  const algorithm = await createAlgorithm(setup.algorithm, adapter === undefined ? setup.algorithmOptions : { ...setup.algorithmOptions, adapter: { ...adapter, requestRetries: 0 } });
  // one search per output that has a gallery; searchOf[i] is output i's index into the searches, or -1. An algorithm
  // with opaque templates gets each gallery enrolled into it (and again if its adapter restarts) and searches it itself.
  const searches: GallerySearch[] = [];
  const opaqueGalleries: string[] = [];
  const searchOf: number[] = [];
  for (const { galleryFile } of setup.outputs) {
    if (galleryFile === null) { searchOf.push(-1); continue; }
    const gallery = await readGallery(galleryFile);
    if (gallery.algorithm !== algorithm.name || (gallery.templates !== undefined) !== (algorithm.opaque !== undefined)) {
      throw new InputError(`${galleryFile}.json`, [{ path: 'algorithm', expected: `${algorithm.name}${algorithm.opaque === undefined ? '' : ' (opaque templates)'}`, got: `${gallery.algorithm}${gallery.templates === undefined ? '' : ' (opaque templates)'}` }]);
    }
    searchOf.push(searches.length + opaqueGalleries.length);
    if (algorithm.opaque !== undefined) {
      const name = `g${opaqueGalleries.length}`;
      const { opaque } = algorithm;
      await retried(() => opaque.enrol(name, gallery.ids.map((galleryId, i) => ({ galleryId, template: gallery.templates?.[i] ?? '' }))));
      opaqueGalleries.push(name);
    } else searches.push(await GallerySearch.create(gallery, { threads: setup.algorithmOptions.threads ?? 1, provider: algorithm.provider }));
  }
  const vectors = vectorMatching(algorithm, searches);
  const opaque = algorithm.opaque === undefined ? null : opaqueMatching(algorithm.opaque, opaqueGalleries);
  const replay = (segment: Segment, onFrame: () => void): Promise<SegmentResult> =>
    (opaque === null ? replaySegment(segment, algorithm, vectors, setup.options, onFrame) : replaySegment(segment, algorithm, opaque, setup.options, onFrame));
  const searchMs = () => searches.reduce((t, s) => t + s.timing.ms, 0);
  port.on('message', (msg: { segment: Segment } | { close: true }) => {
    if ('close' in msg) {
      void Promise.all([algorithm.close(), ...searches.map((s) => s.close())]).then(() => port.close());
      return;
    }
    const { segment } = msg;
    let pending = 0;
    // a retried segment starts again from its first frame: only frames past the furthest an earlier attempt reached
    // are reported, so progress counts each frame of the segment once
    let reached = 0;
    let attemptFrames = 0;
    const inferenceBefore = algorithm.timing.ms + searchMs();
    const onFrame = (): void => {
      if (++attemptFrames <= reached) return;
      reached = attemptFrames;
      if (++pending >= 5) { post({ kind: 'frames', count: pending }); pending = 0; }
    };
    retried(() => { attemptFrames = 0; return replay(segment, onFrame); })
      .then(async ({ result: r, retries }) => {
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
        post({ kind: 'done', segmentId: segment.id, frames: r.stats.frames, tracks: r.stats.tracks, embeddings: r.stats.embeddings, inferenceMs, phasesMs: r.phasesMs, retries });
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
