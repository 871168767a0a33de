/**
 * `npm run bench replay`: figures for the replay stage (docs/replay.md quotes them): bare inference per model,
 * end-to-end replay frames/s and faces/s on footage/vtest.avi and a generated 720p clip, replay as a ratio of the
 * bare inference bound (with and without the native addon), one vs two workers (alternating pairs), detector tiling costs and
 * gains, 1:N search probes/s against 10,000 and 178,000 entries as a ratio of the bare ORT matrix product, and the
 * full lfw-dev verification figure.
 * Needs the shared folder ($EVENHAND_SHARED); set BENCH_SKIP_LFW=1 to skip the slow LFW part, BENCH_PAIRS=1 for one
 * one-/two-worker pair per clip (default 3).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { createAlgorithm, readLfwDataset, verifyLfw, type Tiling } from '../../harness/algorithms/index.ts';
import { detectorRects } from '../../harness/algorithms/faceplugin/fr-detector.ts';
import { openSession } from '../../harness/algorithms/onnx-session.ts';
import { native } from '../../harness/native/index.ts';
import { openFrames, probeVideo, sharedFile } from '../../harness/footage/index.ts';
import { ensureModel } from '../../harness/models/index.ts';
import { GallerySearch, makeMovingFacesClip, runReplay, type Segment, topKGraph, writeGallery } from '../../harness/replay/index.ts';

export const title = 'replay: inference, end-to-end frames/s, workers, tiling, 1:N search, LFW verification';

/** One- and two-worker replays alternate this many times (BENCH_PAIRS, default 3). */
const PAIRS = Number(process.env['BENCH_PAIRS'] ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeRuns(fn: () => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

function unitRows(n: number, dim: number, seed: number): Float32Array {
  const v = new Float32Array(n * dim);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < v.length; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; v[i] = s / 4294967296 - 0.5; }
  for (let r = 0; r < n; r++) {
    let q = 0;
    for (let j = 0; j < dim; j++) q += v[r * dim + j]! ** 2;
    const inv = 1 / Math.sqrt(q);
    for (let j = 0; j < dim; j++) v[r * dim + j] = v[r * dim + j]! * inv;
  }
  return v;
}

/** Median ms of one run of each faceplugin model on a fixed input, 1 intra-op thread. */
async function bareInference(): Promise<{ detect: number; landmark: number; embed: number }> {
  const t = async (id: 'fr_detect' | 'fr_landmark' | 'fr_feature', name: string, dims: number[]) => {
    const s = await openSession(id, { threads: 1 });
    const x = new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(0.1), dims);
    const ms = await timeRuns(() => s.run({ [name]: x }), 50);
    await s.release();
    return ms;
  };
  return { detect: await t('fr_detect', 'input', [1, 3, 240, 320]), landmark: await t('fr_landmark', 'input', [1, 1, 64, 64]), embed: await t('fr_feature', 'input', [1, 3, 112, 112]) };
}

/** Runs/s of bare fr_detect in `n` worker threads at once (150 runs each): what parallel hardware this machine gives. */
async function bareThreads(n: number): Promise<number> {
  const model = await ensureModel('fr_detect');
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const ort = require(workerData.ort);
    (async () => {
      const s = await ort.InferenceSession.create(workerData.model, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'extended' });
      const x = new ort.Tensor('float32', new Float32Array(3 * 240 * 320).fill(0.1), [1, 3, 240, 320]);
      for (let i = 0; i < 3; i++) await s.run({ input: x });
      const t = performance.now();
      for (let i = 0; i < 150; i++) await s.run({ input: x });
      parentPort.postMessage(performance.now() - t);
    })();`;
  const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
  const ms = await Promise.all(Array.from({ length: n }, () => new Promise<number>((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { model, ort: ortPath } });
    w.on('message', (m: number) => { resolve(m); void w.terminate(); });
    w.on('error', reject);
  })));
  return (n * 150) / (Math.max(...ms) / 1000);
}

interface Done { frames: number; detections: number; embeddings: number; seconds: number; startupSeconds: number; inferenceSeconds: number }

async function replayOnce(segments: Segment[], workers: number, galleryFile: string | null, tiling: Tiling, everyMs = 0): Promise<Done> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'evenhand-bench-'));
  const s = await runReplay({ algorithm: 'faceplugin-v1', algorithmOptions: { threads: 1, tiling }, galleryFile, segments, outDir: out, workers, options: { everyMs } });
  if (s.failed.length > 0) throw new Error(`bench replay failed: ${JSON.stringify(s.failed)}`);
  let detections = 0, embeddings = 0;
  for (const id of s.done) {
    const d = JSON.parse(await readFile(path.join(out, 'segments', `${id}.done.json`), 'utf8')) as { detections: number; embeddings: number };
    detections += d.detections;
    embeddings += d.embeddings;
  }
  return { frames: s.frames, detections, embeddings, seconds: s.seconds, startupSeconds: s.startupSeconds, inferenceSeconds: s.inferenceSeconds };
}

function split(file: string, durationMs: number, parts: number): Segment[] {
  const len = Math.ceil(durationMs / parts);
  return Array.from({ length: parts }, (_, i) => ({ id: `s${i}`, source: { kind: 'video' as const, file, startMs: i * len, endMs: (i + 1) * len } }));
}

export async function run(): Promise<void> {
  const vtest = sharedFile('footage/vtest.avi');
  const lfwDir = sharedFile('datasets/lfw-dev');
  if (!vtest.present || !lfwDir.present) {
    console.log('shared folder missing: nothing measured');
    return;
  }
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, onnxruntime-node 1 thread per session unless said, ${native === null ? 'no native addon (TypeScript resampler, Node stream frames)' : 'native addon'}`);

  // A. bare inference
  const bare = await bareInference();
  console.log(`bare inference, median ms/run: fr_detect ${bare.detect.toFixed(2)}, fr_landmark ${bare.landmark.toFixed(2)}, fr_feature ${bare.embed.toFixed(2)}`);

  // a 10,000-entry random gallery so that replay includes the 1:N search
  const work = await mkdtemp(path.join(os.tmpdir(), 'evenhand-bench-'));
  const galleryFile = path.join(work, 'gallery10k');
  await writeGallery({ algorithm: 'faceplugin-v1', dim: 512, ids: Array.from({ length: 10_000 }, (_, i) => `g${i}`), vectors: unitRows(10_000, 512, 1) }, galleryFile);

  // B-D. end-to-end replays, one worker and two in turn (PAIRS times: the machine's speed drifts), on vtest.avi and on
  // a generated 720p clip; each one-worker figure from the median run, the two-worker speed-up as the median of the
  // pairs' ratios. The bound: the bare medians above times the replay's run counts.
  const tilingAuto: Tiling = { kind: 'auto' };
  const report = (label: string, runs: { one: Done; two: Done }[], rects: number) => {
    const one = [...runs].map((r) => r.one).sort((x, y) => x.seconds - y.seconds)[Math.floor(runs.length / 2)]!;
    const bound = (one.frames * rects * bare.detect + one.detections * bare.landmark + one.embeddings * bare.embed) / 1000;
    const speedups = runs.map((r) => r.one.seconds / r.two.seconds).sort((x, y) => x - y);
    console.log(`${label}, all ${one.frames} frames, tiling auto (${rects} detector runs a frame), 1 worker (median of ${runs.length}): ` +
      `${(one.frames / one.seconds).toFixed(1)} frames/s, ${(one.detections / one.seconds).toFixed(1)} faces/s (${one.detections} detections, ${one.embeddings} embeddings), ${one.seconds.toFixed(1)} s`);
    console.log(`  bare inference bound for the same runs ${bound.toFixed(1)} s -> replay throughput = ${(bound / one.seconds).toFixed(2)} of the bound ` +
      `(wall time incl. ${one.startupSeconds.toFixed(1)} s worker start-up; ${(bound / (one.seconds - one.startupSeconds)).toFixed(2)} once started); ` +
      `time inside model runs / wall time ${(one.inferenceSeconds / one.seconds).toFixed(2)}`);
    console.log(`  2 workers: ${speedups.map((x) => `${x.toFixed(2)}x`).join(', ')} one worker (median ${speedups[Math.floor(speedups.length / 2)]!.toFixed(2)}x)`);
    return { one, bound };
  };
  const pairs = async (segments: Segment[]) => {
    const runs: { one: Done; two: Done }[] = [];
    for (let i = 0; i < PAIRS; i++) runs.push({ one: await replayOnce(segments, 1, galleryFile, tilingAuto), two: await replayOnce(segments, 2, galleryFile, tilingAuto) });
    return runs;
  };

  const vinfo = await probeVideo(vtest.path);
  const vSegments = split(vtest.path, vinfo.durationMs, 4);
  const vt = report('vtest.avi 768x576', await pairs(vSegments), detectorRects(vinfo.width, vinfo.height, tilingAuto).length);
  const [bare1, bare2] = [await bareThreads(1), await bareThreads(2)];
  console.log(`  yardstick: bare fr_detect in 2 worker threads ran ${(bare2 / bare1).toFixed(2)}x the runs/s of 1`);
  if (native !== null) {
    // the same one-worker replay without the native addon (worker threads copy process.env when they start)
    process.env['EVENHAND_NATIVE'] = 'off';
    const ts = await replayOnce(vSegments, 1, galleryFile, tilingAuto);
    delete process.env['EVENHAND_NATIVE'];
    console.log(`  without the native addon (TypeScript resampler, Node stream frames): ${(ts.frames / ts.seconds).toFixed(1)} frames/s, ${(vt.bound / ts.seconds).toFixed(2)} of the bound; ` +
      `the addon makes the replay ${(ts.seconds / vt.one.seconds).toFixed(2)}x faster` +
      `${ts.detections === vt.one.detections && ts.embeddings === vt.one.embeddings ? ', same detections and embeddings' : `; detections ${ts.detections} vs ${vt.one.detections}`}`);
  }

  // a 720p clip of real faces (LFW photos walking across), 25 frames/s, 24 s (three 8 s rounds of six walkers)
  const lfwImg = (id: string, n: number) => path.join(lfwDir.path, 'images', id, `${id}_${String(n).padStart(4, '0')}.jpg`);
  const names = ['Angela_Bassett', 'Amber_Tamblyn', 'Akhmed_Zakayev'];
  const clip = path.join(work, 'walkers720.avi');
  const hdMs = 24_000;
  await makeMovingFacesClip(clip, [0, 8000, 16_000].flatMap((t0) => names.flatMap((n, i) => [
    { imagePath: lfwImg(n, 1), tInMs: t0 + 400 * i, tOutMs: t0 + 4000 + 400 * i, from: [20 + 300 * i, 60] as [number, number], to: [400 + 250 * i, 120] as [number, number] },
    { imagePath: lfwImg(n, 2), tInMs: t0 + 4000 + 300 * i, tOutMs: t0 + 8000, from: [1000 - 300 * i, 400] as [number, number], to: [300 - 80 * i, 420] as [number, number] },
  ])), { width: 1280, height: 720, fps: 25, durationMs: hdMs });
  report('720p clip 1280x720', await pairs(split(clip, hdMs, 6)), detectorRects(1280, 720, tilingAuto).length);

  // E. tiling on vtest.avi, one frame every 500 ms (159 frames): frames with a face, detections, ms a frame
  for (const tiling of [{ kind: 'none' }, { kind: 'auto' }, { kind: 'grid', cols: 3, rows: 3, overlap: 0.2 }] as Tiling[]) {
    const alg = await createAlgorithm('faceplugin-v1', { threads: 1, tiling });
    let frames = 0, withFace = 0, detections = 0;
    const ms: number[] = [];
    for await (const f of openFrames({ kind: 'video', file: vtest.path }, 500)) {
      const t = performance.now();
      const faces = await alg.detect(f.image);
      ms.push(performance.now() - t);
      frames++;
      detections += faces.length;
      if (faces.length > 0) withFace++;
    }
    await alg.close();
    const label = tiling.kind === 'grid' ? `grid ${tiling.cols}x${tiling.rows}` : tiling.kind;
    console.log(`tiling ${label.padEnd(8)} vtest.avi every 500 ms: a face in ${withFace} of ${frames} frames, ${detections} detections (unverified: no ground truth), ` +
      `detect+landmarks median ${median(ms).toFixed(1)} ms a frame`);
  }

  // F. 1:N search: Gemm+TopK vs the bare Gemm for the same shapes, batches of 64, 2 threads
  for (const n of [10_000, 178_000]) {
    const vectors = unitRows(n, 512, 2);
    const probes = unitRows(64, 512, 3);
    const search = await GallerySearch.create({ algorithm: 'x', dim: 512, ids: Array.from({ length: n }, (_, i) => `g${i}`), vectors }, { threads: 2, batch: 64 });
    const tSearch = await timeRuns(() => search.search(probes, 10), n > 50_000 ? 10 : 40);
    await search.close();
    const gemm = await ort.InferenceSession.create(topKGraph(vectors, 512, { topK: false }), { intraOpNumThreads: 2, interOpNumThreads: 1 });
    const x = new ort.Tensor('float32', probes, [64, 512]);
    const tGemm = await timeRuns(() => gemm.run({ probes: x }), n > 50_000 ? 10 : 40);
    await gemm.release();
    console.log(`1:N search N=${n}: ${((64 * 1000) / tSearch).toFixed(0)} probes/s (${tSearch.toFixed(1)} ms per 64, top-10); bare ORT Gemm ${tGemm.toFixed(1)} ms -> ratio ${(tGemm / tSearch).toFixed(2)}`);
  }

  // G. full lfw-dev verification
  if (process.env['BENCH_SKIP_LFW'] === '1') return;
  const alg = await createAlgorithm('faceplugin-v1', { threads: 2 });
  const t = performance.now();
  const v = await verifyLfw(alg, await readLfwDataset(lfwDir.path));
  await alg.close();
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  console.log(`lfw-dev faceplugin-v1 (${v.images} images, ${((performance.now() - t) / 1000).toFixed(0)} s): accuracy ${pct(v.overall.accuracy.mean)} ± ${pct(v.overall.accuracy.sd)} (10 folds), ` +
    `TAR@FAR=1e-3 ${pct(v.overall.tarAtFar.tar)}, AUC ${v.overall.auc.toFixed(4)}, detection failures ${v.detectionFailures.count}`);
  for (const [sex, m] of Object.entries(v.bySex)) {
    console.log(`  sex ${sex}: ${m.pairs} pairs, accuracy ${pct(m.accuracy.mean)} ± ${pct(m.accuracy.sd)}, AUC ${m.auc.toFixed(4)}, at the overall threshold TAR ${pct(m.atThreshold?.tar ?? NaN)} FAR ${pct(m.atThreshold?.far ?? NaN)}`);
  }
}
