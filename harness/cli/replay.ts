/** `evenhand replay`: replays footage through a candidate algorithm into per-segment Arrow tables, in parallel and resumably. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { algorithms, createAlgorithm, type Tiling } from '../algorithms/index.ts';
import { Bounds } from '../core/bounds.ts';
import { InputError, show } from '../core/input-error.ts';
import { enrolGallery, progressBar, runReplay, writeGallery } from '../replay/index.ts';
import { withOutputFolder, type OutputKind } from '../store/output-location.ts';
import { allowRootOption } from './options.ts';
import { boundedNumber, boundedOption, choiceOption, optionError, pathOption } from './option-values.ts';
import { readEnrolmentList, readSegmentList, videoSegments } from './replay-inputs.ts';

interface ReplayArgs {
  video?: string[];
  segments?: string;
  'segment-s': number;
  camera?: string;
  deployment?: string;
  gallery?: string;
  enrol?: string;
  algorithm: string;
  tiling: Tiling;
  out: string;
  workers?: number;
  threads: number;
  'every-ms': number;
  'top-k': number;
  'min-frames': number;
  'allow-root': string[];
}

/** What `replay` writes: segments/, run-summary.json and, with --enrol, the gallery. */
export const REPLAY_OUTPUT: OutputKind = { name: 'replay', legacyNames: ['segments', 'run-summary.json', 'gallery.json', 'gallery.f32'] };

/**
 * Parses `--tiling`: none, auto, or COLSxROWS (e.g. 3x2) with 1 to 16 tiles a side.
 * @throws InputError naming --tiling.
 */
export function parseTiling(text: string): Tiling {
  if (text === 'none' || text === 'auto') return { kind: text };
  const m = /^(\d+)x(\d+)$/.exec(text);
  const expected = `'none', 'auto' or COLSxROWS such as 3x2, each ${describeCells()}`;
  if (m === null) throw optionError('--tiling', expected, show(text));
  const cells = (n: string): number => {
    try {
      return boundedNumber('--tiling', Bounds.tilingCells, n);
    } catch {
      throw optionError('--tiling', expected, show(text));
    }
  };
  return { kind: 'grid', cols: cells(m[1] ?? ''), rows: cells(m[2] ?? ''), overlap: 0.2 };
}

function describeCells(): string {
  return `from ${Bounds.tilingCells.min} to ${Bounds.tilingCells.max}`;
}

/** The `replay` command module. */
export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay',
  describe: 'Replay footage through a face-recognition algorithm: tracks and top-k gallery candidates per segment (Arrow)',
  builder: (y: Argv) =>
    y
      .option('video', { type: 'string', array: true, requiresArg: true, describe: 'Video file(s), split into --segment-s segments' })
      .option('segments', pathOption('--segments', 'JSON array of segments: {id, camera?, deployment?, source: {kind: video, file, startMs?, endMs?} | {kind: images, dir, rule: {kind: fps, fps} | {kind: filename-ms}}}; paths relative to the file, inside its folder or an --allow-root folder', false))
      .option('segment-s', boundedOption('--segment-s', Bounds.segmentSeconds, 'Segment length in seconds for --video', 60))
      .option('camera', { type: 'string', requiresArg: true, describe: 'Camera name recorded on --video segments' })
      .option('deployment', { type: 'string', requiresArg: true, describe: 'Deployment name recorded on --video segments' })
      .option('gallery', pathOption('--gallery', 'Gallery written earlier (path without .json/.f32)', false))
      .option('enrol', pathOption('--enrol', 'CSV image_path,gallery_id of watchlist images to enrol into <out>/gallery (reused when present); image paths relative to the CSV, inside its folder or an --allow-root folder', false))
      .option('algorithm', choiceOption('--algorithm', algorithms.names(), 'Registered algorithm', 'faceplugin-v1'))
      .option('tiling', { type: 'string', default: 'auto', requiresArg: true, describe: `Detector tiling on large frames: auto, none, or COLSxROWS (each ${describeCells()})`, coerce: (v: unknown) => parseTiling(typeof v === 'string' ? v : show(v)) })
      .option('out', pathOption('--out', 'Output folder (segments/, run-summary.json); rerun to resume. A folder that is not an earlier replay is refused'))
      .option('workers', boundedOption('--workers', Bounds.workers, 'Worker threads (default: every core)'))
      .option('threads', boundedOption('--threads', Bounds.threads, 'ONNX Runtime threads per model in each worker', 1))
      .option('every-ms', boundedOption('--every-ms', Bounds.everyMs, 'Process at most one frame every N ms of footage (0 = all frames)', 0))
      .option('top-k', boundedOption('--top-k', Bounds.topK, 'Candidates kept per track', 10))
      .option('min-frames', boundedOption('--min-frames', Bounds.minFrames, 'Drop tracks seen in fewer frames', 1))
      .option('allow-root', allowRootOption)
      .check((a) => {
        if ((a.video === undefined) === (a.segments === undefined)) throw optionError('--video', 'either --video or --segments', a.video === undefined ? 'neither' : 'both');
        return true;
      })
      .epilog('Frames are decoded by ffmpeg (EVENHAND_FFMPEG overrides the npm-installed one). The native addon that npm ci builds (harness/native) resamples detector inputs and reads frames off the JavaScript thread; without it, or with EVENHAND_NATIVE=off, replay runs in TypeScript alone, about 10% slower. Models are fetched on first use (npx evenhand models fetch). Every input is checked before the output folder is made. Failed segments are listed in run-summary.json; exit code 1 when one failed, 2 when the failure was bad input (a corrupt or unreadable file) or an input is wrong.'),
  handler: async (args) => {
    // 1. Every input, before any output.
    const segments = args.segments !== undefined
      ? readSegmentList(args.segments, args['allow-root'])
      : await videoSegments(args.video ?? [], args['segment-s'] * 1000, { camera: args.camera, deployment: args.deployment });
    const entries = args.enrol === undefined ? null : readEnrolmentList(args.enrol, args['allow-root']);
    if (args.gallery !== undefined && !existsSync(`${args.gallery}.json`)) {
      throw optionError('--gallery', 'a gallery written by evenhand replay --enrol (<path>.json and <path>.f32)', show(`${args.gallery}.json`));
    }
    const sources = segments.map((s) => (s.source.kind === 'video' ? s.source.file : s.source.dir));
    const ownGallery = args.gallery !== undefined && path.resolve(args.gallery) === path.resolve(args.out, 'gallery');
    const inputs = [...sources, ...(args.segments === undefined ? [] : [args.segments]), ...(args.enrol === undefined ? [] : [args.enrol]),
      ...(entries ?? []).map((e) => e.imagePath), ...(args.gallery === undefined || ownGallery ? [] : [`${args.gallery}.json`])];
    // 2. The output folder: checked, then made (removed again if this first run is refused).
    await withOutputFolder({ kind: REPLAY_OUTPUT, dir: args.out, option: '--out', inputs }, async (out) => {
      let galleryFile: string | null = args.gallery ?? null;
      if (entries !== null && args.enrol !== undefined) {
        galleryFile = path.join(out, 'gallery');
        if (existsSync(`${galleryFile}.json`)) {
          console.error(`evenhand: reusing the gallery enrolled earlier in ${galleryFile}.json (delete it to enrol again)`);
        } else {
          const alg = await createAlgorithm(args.algorithm, { threads: args.threads, tiling: args.tiling });
          const { gallery, failures } = await enrolGallery(alg, entries).finally(() => alg.close());
          if (gallery.ids.length === 0) {
            throw new InputError(args.enrol, [{ path: '', expected: `at least one image in which ${args.algorithm} finds a face`, got: `none of ${entries.length} (first: ${failures[0]?.imagePath ?? ''}: ${failures[0]?.reason ?? ''})` }]);
          }
          for (const f of failures) console.error(`evenhand: not enrolled: ${f.imagePath} (${f.galleryId}): ${f.reason}`);
          await writeGallery(gallery, galleryFile);
          console.error(`evenhand: enrolled ${gallery.ids.length} of ${entries.length} images into ${galleryFile}`);
        }
      }
      // 3. Replay.
      const bar = progressBar();
      const summary = await runReplay({
        algorithm: args.algorithm,
        algorithmOptions: { threads: args.threads, tiling: args.tiling },
        galleryFile,
        segments,
        outDir: out,
        workers: args.workers,
        options: { everyMs: args['every-ms'], topK: args['top-k'], minFrames: args['min-frames'] },
      }, bar.update);
      bar.end();
      console.log(`replayed ${summary.done.length} segments (${summary.resumed.length} already done), ${summary.frames} frames in ${summary.seconds.toFixed(1)} s; ` +
        `${summary.failed.length} failed. Tables in ${path.join(args.out, 'segments')}`);
      for (const f of summary.failed) console.error(`evenhand: segment ${f.segmentId} failed: ${f.error}`);
      if (summary.failed.length > 0) process.exitCode = summary.failed.some((f) => f.badInput) ? 2 : 1;
    });
  },
};
