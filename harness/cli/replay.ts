/** `evenhand replay`: replays footage through a candidate algorithm into per-segment Arrow tables, in parallel and resumably. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { algorithms, checkProvider, createAlgorithm, type Tiling } from '../algorithms/index.ts';
import { Bounds } from '../core/bounds.ts';
import { InputError, show } from '../core/input-error.ts';
import { sha256File } from '../core/sha256-file.ts';
import { enrolGallery, progressBar, runReplay, type RunSummary, type Segment, writeGallery } from '../replay/index.ts';
import { footageHashes, planIds, shardKey, shardName, shardSegments, writeShardRecord, type ShardSpec } from '../shard/index.ts';
import { onceUnderLock } from '../store/once-under-lock.ts';
import { withOutputFolder, type OutputKind } from '../store/output-location.ts';
import { allowRootOption, fullDetectEveryOption, parseProviders, providerOption, queueOptions, queueOrShard, say, shardOption } from './options.ts';
import { boundedNumber, boundedOption, choiceOption, optionError, pathOption } from './option-values.ts';
import { queueFor } from './queue-for.ts';
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
  shard?: ShardSpec;
  provider?: string[];
  'full-detect-every': number;
  queue?: string;
  'queue-name': string;
  attempts: number;
}

/** What `replay` writes: segments/, run-summary.json and, with --enrol, the gallery. */
export const REPLAY_OUTPUT: OutputKind = { name: 'replay', legacyNames: ['segments', 'run-summary.json', 'gallery.json', 'gallery.f32', 'shards'] };

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
      .option('segments', pathOption('--segments', 'JSON array of segments: {id, camera?, deployment?, zone? (the zone of interest {x, y, w, h}: detect only there), source: {kind: video, file, startMs?, endMs?} | {kind: images, dir, rule: {kind: fps, fps} | {kind: filename-ms}}}; paths relative to the file, inside its folder or an --allow-root folder', false))
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
      .option('full-detect-every', fullDetectEveryOption)
      .option('shard', shardOption('Replay only shard i of n of the segments (e.g. 2/8: segments 2, 10, 18, ... in plan order) into <out>/shards/<i>-of-<n>/; then `evenhand merge --out <out>`'))
      .option('provider', providerOption)
      .options(queueOptions)
      .check((a) => {
        if ((a.video === undefined) === (a.segments === undefined)) throw optionError('--video', 'either --video or --segments', a.video === undefined ? 'neither' : 'both');
        return queueOrShard(a);
      })
      .epilog('Frames are decoded by ffmpeg (EVENHAND_FFMPEG overrides the npm-installed one). The native addon that npm ci builds (harness/native) resamples detector inputs and reads frames off the JavaScript thread; without it, or with EVENHAND_NATIVE=off, replay runs in TypeScript alone, about 10% slower. Models are fetched on first use (npx evenhand models fetch). Every input (the queue\'s server too) is checked before the output folder is made. Failed segments are listed in run-summary.json; exit code 1 when one failed, 2 when the failure was bad input (a corrupt or unreadable file) or an input is wrong.'),
  handler: async (args) => {
    // 1. Every input, before any output: the queue's server first (a wrong or unreachable one is told at once).
    const executor = await queueFor(args);
    const plan = args.segments !== undefined
      ? readSegmentList(args.segments, args['allow-root'])
      : await videoSegments(args.video ?? [], args['segment-s'] * 1000, { camera: args.camera, deployment: args.deployment });
    const entries = args.enrol === undefined ? null : readEnrolmentList(args.enrol, args['allow-root']);
    if (args.gallery !== undefined && !existsSync(`${args.gallery}.json`)) {
      throw optionError('--gallery', 'a gallery written by evenhand replay --enrol (<path>.json and <path>.f32)', show(`${args.gallery}.json`));
    }
    const shard = args.shard ?? null;
    const segments = shard === null ? plan : shardSegments(plan, shard);
    const provider = parseProviders(args.provider, [args.algorithm])[args.algorithm] ?? 'cpu';
    if (args.queue === undefined) await checkProvider(provider); // with a queue, the workers' machines must have it
    const sources = segments.map((s) => (s.source.kind === 'video' ? s.source.file : s.source.dir));
    const ownGallery = args.gallery !== undefined && path.resolve(args.gallery) === path.resolve(args.out, 'gallery');
    const inputs = [...sources, ...(args.segments === undefined ? [] : [args.segments]), ...(args.enrol === undefined ? [] : [args.enrol]),
      ...(entries ?? []).map((e) => e.imagePath), ...(args.gallery === undefined || ownGallery ? [] : [`${args.gallery}.json`])];
    // 2. The output folder: checked, then made (removed again if this first run is refused). Shards share it.
    await withOutputFolder({ kind: REPLAY_OUTPUT, dir: args.out, option: '--out', inputs }, async (out) => {
      const outDir = shard === null ? out : path.join(out, 'shards', shardName(shard));
      let galleryFile: string | null = args.gallery === undefined ? null : path.resolve(args.gallery);
      if (entries !== null && args.enrol !== undefined) {
        const enrol = args.enrol;
        const file = galleryFile = path.join(out, 'gallery');
        const made = (): boolean => existsSync(`${file}.json`) && existsSync(`${file}.f32`);
        if (made()) say(`evenhand: reusing the gallery enrolled earlier in ${file}.json (delete it to enrol again)`);
        await onceUnderLock(file, made, async () => {
          const alg = await createAlgorithm(args.algorithm, { threads: args.threads, tiling: args.tiling, provider });
          const { gallery, failures } = await enrolGallery(alg, entries).finally(() => alg.close());
          if (gallery.ids.length === 0) {
            throw new InputError(enrol, [{ path: '', expected: `at least one image in which ${args.algorithm} finds a face`, got: `none of ${entries.length} (first: ${failures[0]?.imagePath ?? ''}: ${failures[0]?.reason ?? ''})` }]);
          }
          for (const f of failures) say(`evenhand: not enrolled: ${f.imagePath} (${f.galleryId}): ${f.reason}`);
          await writeGallery(gallery, file);
          say(`evenhand: enrolled ${gallery.ids.length} of ${entries.length} images into ${file}`);
        }, () => say(`evenhand: waiting while another shard enrols the gallery ${file}`));
      }
      // 3. Replay.
      const bar = progressBar();
      const options = { everyMs: args['every-ms'], topK: args['top-k'], minFrames: args['min-frames'], ...(args['full-detect-every'] === 1 ? {} : { fullDetectEvery: args['full-detect-every'] }) };
      const algorithmOptions = { threads: args.threads, tiling: args.tiling, provider };
      const summary = await runReplay({ algorithm: args.algorithm, algorithmOptions, galleryFile, segments, outDir, workers: args.workers, options, ...(executor === undefined ? {} : { executor }) }, bar.update);
      bar.end();
      if (shard !== null) await writeReplayShard({ shard, plan, segments, summary, outDir, galleryFile, settings: { algorithm: args.algorithm, tiling: args.tiling, provider, ...options } });
      const tables = path.join(args.out, ...(shard === null ? [] : ['shards', shardName(shard)]), 'segments');
      console.log(`replayed ${summary.done.length} segments (${summary.resumed.length} already done), ${summary.frames} frames in ${summary.seconds.toFixed(1)} s; ` +
        `${summary.failed.length} failed. Tables in ${tables}${shard === null ? '' : ` (shard ${shard.index}/${shard.count}: merge the shards with evenhand merge --out ${args.out})`}`);
      for (const f of summary.failed) say(`evenhand: segment ${f.segmentId} failed: ${f.error}`);
      if (summary.failed.length > 0) process.exitCode = summary.failed.some((f) => f.badInput) ? 2 : 1;
    });
  },
};

/** Writes a replay shard's shard.json: what it did, and the key every shard of the run must share. */
async function writeReplayShard(a: { shard: ShardSpec; plan: Segment[]; segments: Segment[]; summary: RunSummary; outDir: string; galleryFile: string | null; settings: Record<string, unknown> }): Promise<void> {
  const gallery = a.galleryFile === null ? null : { json: await sha256File(`${a.galleryFile}.json`), f32: await sha256File(`${a.galleryFile}.f32`) };
  writeShardRecord(a.outDir, {
    format: 'evenhand-shard/1',
    kind: 'replay',
    shard: a.shard,
    plan: planIds(a.plan),
    done: [...a.summary.resumed, ...a.summary.done],
    failed: a.summary.failed,
    key: shardKey(a.plan, { kind: 'replay', settings: a.settings, gallery }),
    footage: await footageHashes(a.segments, path.resolve(a.outDir, '..', '..')),
    command: {},
  });
}
