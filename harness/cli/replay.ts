/** `evenhand replay`: replays footage through a candidate algorithm into per-segment Arrow tables, in parallel and resumably. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { z } from 'zod';
import { checkProvider, createAlgorithm, type Tiling } from '../algorithms/index.ts';
import { FrameRectSchema } from '../campaign/index.ts';
import { InputError } from '../core/input-error.ts';
import { sha256File } from '../core/sha256-file.ts';
import { probeVideo } from '../footage/index.ts';
import { enrolGallery, progressBar, runReplay, type RunSummary, type Segment, writeGallery } from '../replay/index.ts';
import { footageHashes, parseShard, planIds, shardKey, shardName, shardSegments, writeShardRecord, type ShardSpec } from '../shard/index.ts';
import { onceUnderLock } from '../store/once-under-lock.ts';
import { checkFullDetectEvery, fullDetectEveryOption, parseProviders, providerOption, queueOptions, say } from './options.ts';
import { queueFor } from './queue-for.ts';

interface ReplayArgs {
  video?: string[];
  segments?: string;
  'segment-s': number;
  camera?: string;
  deployment?: string;
  gallery?: string;
  enrol?: string;
  algorithm: string;
  tiling: string;
  out: string;
  workers?: number;
  threads: number;
  'every-ms': number;
  'top-k': number;
  'min-frames': number;
  shard?: string;
  provider?: string[];
  'full-detect-every': number;
  queue?: string;
  'queue-name': string;
  attempts: number;
}

const segmentsSchema = z.array(z.object({
  id: z.string(),
  camera: z.string().nullable().optional(),
  deployment: z.string().nullable().optional(),
  zone: FrameRectSchema.nullable().optional(),
  source: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('video'), file: z.string(), startMs: z.number().optional(), endMs: z.number().optional() }),
    z.object({
      kind: z.literal('images'), dir: z.string(), startMs: z.number().optional(), endMs: z.number().optional(),
      rule: z.discriminatedUnion('kind', [z.object({ kind: z.literal('fps'), fps: z.number().positive() }), z.object({ kind: z.literal('filename-ms') })]),
    }),
  ]),
}));

/** Parses `--tiling`: none, auto, or CxR (e.g. 3x2). */
export function parseTiling(text: string): Tiling {
  if (text === 'none' || text === 'auto') return { kind: text };
  const m = /^(\d+)x(\d+)$/.exec(text);
  if (m) return { kind: 'grid', cols: Number(m[1]), rows: Number(m[2]), overlap: 0.2 };
  throw new InputError('--tiling', [{ path: '', expected: "'none', 'auto' or COLSxROWS such as 3x2", got: text }]);
}

async function videoSegments(files: readonly string[], segmentMs: number, camera: string | undefined, deployment: string | undefined): Promise<Segment[]> {
  const out: Segment[] = [];
  for (const file of files) {
    const info = await probeVideo(file);
    const base = path.basename(file).replace(/\.[^.]+$/, '').replace(/[^A-Za-z0-9._-]/g, '_');
    const n = Number.isFinite(info.durationMs) ? Math.max(1, Math.ceil(info.durationMs / segmentMs)) : 1;
    for (let i = 0; i < n; i++) {
      out.push({
        id: `${base}.${String(i).padStart(4, '0')}`,
        source: { kind: 'video', file: path.resolve(file), startMs: i * segmentMs, endMs: n === 1 && !Number.isFinite(info.durationMs) ? undefined : (i + 1) * segmentMs },
        camera: camera ?? null,
        deployment: deployment ?? null,
      });
    }
  }
  return out;
}

async function readSegments(file: string): Promise<Segment[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable JSON array of segments', got: err instanceof Error ? err.message : String(err) }]);
  }
  const parsed = segmentsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(file, parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), expected: i.message })));
  }
  const dir = path.dirname(file);
  return parsed.data.map((s) => ({
    ...s,
    source: s.source.kind === 'video' ? { ...s.source, file: path.resolve(dir, s.source.file) } : { ...s.source, dir: path.resolve(dir, s.source.dir) },
  }));
}

async function readEnrolment(file: string): Promise<{ imagePath: string; galleryId: string }[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable CSV with columns image_path,gallery_id', got: err instanceof Error ? err.message : String(err) }]);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'image_path,gallery_id') throw new InputError(file, [{ path: 'line 1', expected: 'the header image_path,gallery_id', got: lines[0] ?? 'an empty file' }]);
  return lines.slice(1).map((line, i) => {
    const cut = line.lastIndexOf(',');
    if (cut <= 0 || cut === line.length - 1) throw new InputError(file, [{ path: `line ${i + 2}`, expected: 'image_path,gallery_id', got: line }]);
    return { imagePath: path.resolve(path.dirname(file), line.slice(0, cut)), galleryId: line.slice(cut + 1) };
  });
}

/** The `replay` command module. */
export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay',
  describe: 'Replay footage through a face-recognition algorithm: tracks and top-k gallery candidates per segment (Arrow)',
  builder: (y: Argv) =>
    y
      .option('video', { type: 'string', array: true, describe: 'Video file(s), split into --segment-s segments' })
      .option('segments', { type: 'string', describe: 'JSON array of segments: {id, camera?, deployment?, zone? (the zone of interest {x, y, w, h}: detect only there), source: {kind: video, file, startMs?, endMs?} | {kind: images, dir, rule: {kind: fps, fps} | {kind: filename-ms}}}' })
      .option('segment-s', { type: 'number', default: 60, describe: 'Segment length in seconds for --video' })
      .option('camera', { type: 'string', describe: 'Camera name recorded on --video segments' })
      .option('deployment', { type: 'string', describe: 'Deployment name recorded on --video segments' })
      .option('gallery', { type: 'string', describe: 'Gallery written earlier (path without .json/.f32)' })
      .option('enrol', { type: 'string', describe: 'CSV image_path,gallery_id of watchlist images to enrol into <out>/gallery (reused when present)' })
      .option('algorithm', { type: 'string', default: 'faceplugin-v1', describe: 'Registered algorithm name' })
      .option('tiling', { type: 'string', default: 'auto', describe: "Detector tiling on large frames: auto, none, or COLSxROWS" })
      .option('out', { type: 'string', demandOption: true, describe: 'Output folder (segments/, run-summary.json); rerun to resume' })
      .option('workers', { type: 'number', describe: 'Worker threads (default: every core)' })
      .option('threads', { type: 'number', default: 1, describe: 'ONNX Runtime threads per model in each worker' })
      .option('every-ms', { type: 'number', default: 0, describe: 'Process at most one frame every N ms of footage (0 = all frames)' })
      .option('top-k', { type: 'number', default: 10, describe: 'Candidates kept per track' })
      .option('min-frames', { type: 'number', default: 1, describe: 'Drop tracks seen in fewer frames' })
      .option('full-detect-every', fullDetectEveryOption)
      .option('shard', { type: 'string', describe: 'Replay only shard i of n of the segments (e.g. 2/8: segments 2, 10, 18, ... in plan order) into <out>/shards/<i>-of-<n>/; then `evenhand merge --out <out>`' })
      .option('provider', providerOption)
      .options(queueOptions)
      .conflicts('queue', 'shard')
      .check((a) => (a.video === undefined) !== (a.segments === undefined) || 'Give either --video or --segments.')
      .epilog('Frames are decoded by ffmpeg (EVENHAND_FFMPEG overrides the npm-installed one). The native addon that npm ci builds (harness/native) resamples detector inputs and reads frames off the JavaScript thread; without it, or with EVENHAND_NATIVE=off, replay runs in TypeScript alone, about 10% slower. Models are fetched on first use (npx evenhand models fetch). Failed segments are listed in run-summary.json; exit code 1 when one failed, 2 when the failure was bad input (a corrupt or unreadable file) or an input is wrong.'),
  handler: async (args) => {
    // Check every option before writing anything.
    const tiling = parseTiling(args.tiling);
    checkFullDetectEvery(args['full-detect-every']);
    const shard = args.shard === undefined ? null : parseShard(args.shard);
    const provider = parseProviders(args.provider, [args.algorithm])[args.algorithm] ?? 'cpu';
    if (args.queue === undefined) await checkProvider(provider); // with a queue, the workers' machines must have it
    const executor = args.queue === undefined ? undefined : await queueFor(args);
    const plan = args.segments !== undefined ? await readSegments(args.segments) : await videoSegments(args.video ?? [], args['segment-s'] * 1000, args.camera, args.deployment);
    const segments = shard === null ? plan : shardSegments(plan, shard);
    const outDir = shard === null ? args.out : path.join(args.out, 'shards', shardName(shard));
    let galleryFile: string | null = args.gallery ?? null;
    if (args.enrol !== undefined) {
      const enrol = args.enrol;
      const file = galleryFile = path.join(args.out, 'gallery');
      const made = () => existsSync(`${file}.json`) && existsSync(`${file}.f32`);
      if (made()) say(`evenhand: reusing the gallery enrolled earlier in ${file}.json (delete it to enrol again)`);
      await onceUnderLock(file, made, async () => {
        const entries = await readEnrolment(enrol);
        const alg = await createAlgorithm(args.algorithm, { threads: args.threads, tiling, provider });
        const { gallery, failures } = await enrolGallery(alg, entries);
        await alg.close();
        for (const f of failures) say(`evenhand: not enrolled: ${f.imagePath} (${f.galleryId}): ${f.reason}`);
        await writeGallery(gallery, file);
        say(`evenhand: enrolled ${gallery.ids.length} of ${entries.length} images into ${file}`);
      }, () => say(`evenhand: waiting while another shard enrols the gallery ${file}`));
    }
    const bar = progressBar();
    const options = { everyMs: args['every-ms'], topK: args['top-k'], minFrames: args['min-frames'], ...(args['full-detect-every'] === 1 ? {} : { fullDetectEvery: args['full-detect-every'] }) };
    const algorithmOptions = { threads: args.threads, tiling, provider };
    const summary = await runReplay({ algorithm: args.algorithm, algorithmOptions, galleryFile: galleryFile === null ? null : path.resolve(galleryFile), segments, outDir: path.resolve(outDir), workers: args.workers, options, ...(executor === undefined ? {} : { executor }) }, bar.update);
    bar.end();
    if (shard !== null) await writeReplayShard({ shard, plan, segments, summary, outDir, galleryFile, settings: { algorithm: args.algorithm, tiling, provider, ...options } });
    console.log(`replayed ${summary.done.length} segments (${summary.resumed.length} already done), ${summary.frames} frames in ${summary.seconds.toFixed(1)} s; ` +
      `${summary.failed.length} failed. Tables in ${path.join(outDir, 'segments')}${shard === null ? '' : ` (shard ${shard.index}/${shard.count}: merge the shards with evenhand merge --out ${args.out})`}`);
    for (const f of summary.failed) say(`evenhand: segment ${f.segmentId} failed: ${f.error}`);
    if (summary.failed.length > 0) process.exitCode = summary.failed.some((f) => f.badInput) ? 2 : 1;
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
