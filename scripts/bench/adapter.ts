/**
 * `npm run bench adapter`: replay throughput through the external-process adapter (the reference adapter wrapping
 * faceplugin-v1, recognition only: Evenhand detects and tracks) as a ratio of the same replay in process. One worker
 * each, on a 640x480 clip of LFW faces walking (every frame has faces to embed), runs alternating in pairs; prints
 * frames/s of each and the median ratio. The target: a ratio of at least 0.8. A third replay in each round goes
 * through the adapter with opaque templates (--opaque: the adapter fuses, compares and searches them itself).
 * Needs the shared folder ($EVENHAND_SHARED, datasets/lfw-dev); BENCH_PAIRS sets the pairs (default 3).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sharedFile } from '../../harness/footage/index.ts';
import { readFile } from 'node:fs/promises';
import { enrolGallery, runReplay, walkersFixture, writeGallery, type Segment } from '../../harness/replay/index.ts';
import { createAlgorithm, type AlgorithmOptions } from '../../harness/algorithms/index.ts';

export const title = 'external-process adapter: replay frames/s through the reference adapter vs in process';

const PAIRS = Number(process.env['BENCH_PAIRS'] ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function replay(segments: Segment[], galleryFile: string, options: AlgorithmOptions): Promise<{ fps: number }> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'evenhand-bench-adapter-'));
  const s = await runReplay({ algorithm: 'faceplugin-v1', algorithmOptions: { threads: 1, ...options }, galleryFile, segments, outDir: out, workers: 1 });
  if (s.failed.length > 0) throw new Error(`bench replay failed: ${JSON.stringify(s.failed)}`);
  // frames/s of the replay itself, without the start (model loading, the adapter's start)
  return { fps: s.frames / (s.seconds - s.startupSeconds) };
}

export async function run(): Promise<void> {
  const lfw = sharedFile('datasets/lfw-dev/images');
  if (!lfw.present) { console.log('skipped: datasets/lfw-dev is absent'); return; }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-bench-adapter-fx-'));
  const fx = await walkersFixture(dir, lfw.path, 12_000);
  const segments: Segment[] = [{ id: 'walkers', deployment: 'd1', camera: 'cam1', source: { kind: 'video', file: fx.clip } }];
  const adapter = { command: [process.execPath, path.resolve('bin/evenhand-faceplugin-adapter.js')], timeoutMs: 30_000, startTimeoutMs: 120_000, retries: 1 };
  const opaque = { ...adapter, command: [...adapter.command, '--opaque'] };
  // the opaque adapter's own gallery: its sealed templates of the same enrolment images
  const entries = (await readFile(fx.enrolCsv, 'utf8')).trim().split('\n').slice(1).map((l) => ({ imagePath: l.slice(0, l.lastIndexOf(',')), galleryId: l.slice(l.lastIndexOf(',') + 1) }));
  const sealer = await createAlgorithm('faceplugin-v1', { adapter: opaque });
  const opaqueGallery = path.join(dir, 'gallery-opaque');
  await writeGallery((await enrolGallery(sealer, entries)).gallery, opaqueGallery);
  await sealer.close();
  const inProcess: number[] = [], external: number[] = [], sealed: number[] = [], ratios: number[] = [], opaqueRatios: number[] = [];
  await replay(segments, fx.galleryFile, {}); // warm the file cache
  for (let i = 0; i < PAIRS; i++) {
    const a = await replay(segments, fx.galleryFile, {});
    const b = await replay(segments, fx.galleryFile, { adapter });
    const c = await replay(segments, opaqueGallery, { adapter: opaque });
    inProcess.push(a.fps);
    external.push(b.fps);
    sealed.push(c.fps);
    ratios.push(b.fps / a.fps);
    opaqueRatios.push(c.fps / a.fps);
    console.log(`  round ${i + 1}: in process ${a.fps.toFixed(1)} frames/s, through the adapter ${b.fps.toFixed(1)} (ratio ${(b.fps / a.fps).toFixed(3)}), opaque templates ${c.fps.toFixed(1)} (ratio ${(c.fps / a.fps).toFixed(3)})`);
  }
  console.log(`walkers clip 640x480, 12 s at 10 frames/s, 1 worker, 1 thread: in process ${median(inProcess).toFixed(1)} frames/s (median), adapter ${median(external).toFixed(1)} frames/s, adapter with opaque templates ${median(sealed).toFixed(1)} frames/s; adapter/in-process ratio ${median(ratios).toFixed(3)}, opaque ${median(opaqueRatios).toFixed(3)} (medians of ${PAIRS} rounds; target >= 0.8)`);
}
