/**
 * `npm run bench footage`: footage speed as a force would try it, and the queue's scaling.
 *
 * 1. A 1080p25 walk-past clip of at least 60 s (BENCH_FOOTAGE_S, default 64), made once by `rehearse` from the shared
 *    footage (vtest.avi backgrounds) and faces (lfw-dev), kept in the system's temporary folder for later runs.
 * 2. Replayed with one frame every 80 ms (--every-ms 80), automatic tiling, a 10,000-entry gallery, in 8 s segments,
 *    with 1 and 2 worker threads: the real-time factor (seconds of footage per second of wall time) and where the
 *    workers' time goes (decode, detect, track, embed, search, write).
 *    Then 2 worker threads with --full-detect-every 2 (BENCH_FULL_EVERY): every detector tile on one frame in 2, only
 *    the tiles that overlap a face of the frame before between. Each line gives the CPU time of this process (worker
 *    threads included) a processed frame and a second of footage, and the real-time factor that CPU time would give
 *    on idle cores (an estimate for a loaded machine).
 * 3. The same replay through a BullMQ queue on a local redis-server with 1, 2 and 3 `evenhand worker`s (in this
 *    process, one thread each): throughput, scaling efficiency, and the queue's overhead per job against the
 *    segment's work (queue with 1 worker against 1 local thread). BENCH_QUEUE=0 skips it.
 * BENCH_REPLAY_S replays only the clip's first seconds (a quick check of the bench itself).
 * Figures, not pass/fail; this machine's other load changes them (uptime's load is printed).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { detectorRects } from '../../harness/algorithms/faceplugin/fr-detector.ts';
import { loadProtocol } from '../../harness/campaign/index.ts';
import { probeVideo, sharedDir } from '../../harness/footage/index.ts';
import { hasRedisServer, queueExecutor, startLocalRedis, startQueueWorker } from '../../harness/queue/index.ts';
import { ffmpegTools, rehearse, resolveRehearsalSettings } from '../../harness/rehearse/index.ts';
import { Phase, runReplay, writeGallery, type RunSummary, type Segment, type SegmentExecutor } from '../../harness/replay/index.ts';

export const title = 'footage speed: 1080p25 walk-past, one frame in two, auto tiling; 1 and 2 workers; 1-3 queue workers';

const SECONDS = Number(process.env['BENCH_FOOTAGE_S'] ?? 64);
const SEGMENT_MS = 8000;
const EVERY_MS = 80;
const FULL_EVERY = Number(process.env['BENCH_FULL_EVERY'] ?? 2);

/** The 1080p25 rehearsal clip, made once and kept (its folder name carries the settings). */
async function benchClip(): Promise<string> {
  // one camera, 3 lanes: about 1.1 passes a second of footage (measured: 48 passes gave 44 s)
  const crowdPasses = Math.max(0, Math.ceil(SECONDS * 1.12) - 48);
  const dir = path.join(os.tmpdir(), `evenhand-bench-1080p25-crowd${crowdPasses}-v1`);
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile)) return footageOf(manifestFile);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const campaign = loadProtocol('protocols/rehearsal-ci.json');
  const settings = resolveRehearsalSettings(campaign, {
    deployments: 1, cameras: 1, width: 1920, height: 1080, fps: 25, lanes: 3, volunteers: 20, nonEnrolledVolunteers: 4,
    passesPerVolunteer: 2, crowdPasses, fillerGallerySize: 10, faceMinPx: 40, faceMaxPx: 110,
  });
  const t0 = performance.now();
  const r = await rehearse({ faces: path.join(sharedDir(), 'datasets', 'lfw-dev'), campaign, settings, seed: 15, out: dir, tools: ffmpegTools() });
  console.log(`made the clip with evenhand rehearse: ${r.frames} frames, ${r.passes + r.crowdPasses} passes in ${((performance.now() - t0) / 1000).toFixed(0)} s (kept in ${dir})`);
  return footageOf(r.manifestFile);
}

function footageOf(manifestFile: string): string {
  const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as { footage: { file: string }[] };
  return path.resolve(path.dirname(manifestFile), m.footage[0]?.file ?? '');
}

function unitRows(n: number, dim: number): Float32Array {
  const v = new Float32Array(n * dim);
  let s = 15;
  for (let i = 0; i < v.length; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; v[i] = s / 4294967296 - 0.5; }
  for (let r = 0; r < n; r++) {
    let q = 0;
    for (let j = 0; j < dim; j++) q += (v[r * dim + j] ?? 0) ** 2;
    for (let j = 0; j < dim; j++) v[r * dim + j] = (v[r * dim + j] ?? 0) / Math.sqrt(q);
  }
  return v;
}

const load = (): string => os.loadavg().map((x) => x.toFixed(1)).join(' ');

/** Issue 15's target: at least this real-time factor with 2 workers on the 2-core machine, with the force's settings. */
const TARGET = 2;

/** The 2-worker figure against the target: measured wall time, and the estimate from CPU time on idle cores. */
function againstTarget(label: string, s: Measured, footageS: number): void {
  const wall = footageS / s.seconds, idle = footageS / (s.cpuSeconds / Math.min(2, os.availableParallelism()));
  console.log(`${''.padEnd(26)} target (${label}): at least ${TARGET.toFixed(1)}x real time with 2 workers: ${wall >= TARGET ? 'MET' : 'not met'} on wall time (${wall.toFixed(2)}x, ` +
    `${(wall / TARGET).toFixed(2)} of the target); ${idle >= TARGET ? 'met' : 'not met'} on the idle-core estimate (${idle.toFixed(2)}x; it leaves out ffmpeg's decoding, a separate process)`);
}

/** A replay's summary with the CPU time this process (its worker threads included) spent on it, in seconds. */
interface Measured extends RunSummary {
  cpuSeconds: number;
}

async function measured(replay: () => Promise<RunSummary>): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  const s = await replay();
  const c = process.cpuUsage(cpu0);
  return { ...s, cpuSeconds: (c.user + c.system) / 1e6 };
}

function line(label: string, s: Measured, footageS: number, workers: number): void {
  const work = Object.values(s.phaseSeconds).reduce((a, b) => a + b, 0);
  const cores = Math.min(workers, os.availableParallelism());
  const shares = (Object.keys(Phase) as (keyof typeof Phase)[]).map((k) => `${k} ${((100 * s.phaseSeconds[k]) / (work || 1)).toFixed(0)}%`).join(', ');
  console.log(`${label.padEnd(26)} ${(footageS / s.seconds).toFixed(2).padStart(5)}x real time  ${s.seconds.toFixed(1).padStart(6)} s wall (start-up ${s.startupSeconds.toFixed(1)} s)  ` +
    `${(s.frames / s.seconds).toFixed(1)} frames/s  ${((1000 * work) / Math.max(1, s.frames)).toFixed(0)} ms of worker time a frame  [load ${load()}]`);
  console.log(`${''.padEnd(26)} CPU ${s.cpuSeconds.toFixed(1)} s: ${((1000 * s.cpuSeconds) / Math.max(1, s.frames)).toFixed(0)} ms a processed frame, ${(s.cpuSeconds / footageS).toFixed(2)} s a second of footage; ` +
    `on ${cores} idle core${cores === 1 ? '' : 's'} that would be about ${(footageS / (s.cpuSeconds / cores)).toFixed(2)}x real time (an estimate: CPU time / cores, no scaling loss)`);
  console.log(`${''.padEnd(26)} where the workers' time goes: ${shares}`);
}

export async function run(): Promise<void> {
  const clip = await benchClip();
  const info = await probeVideo(clip);
  const replayMs = Math.min(info.durationMs, Number(process.env['BENCH_REPLAY_S'] ?? Infinity) * 1000);
  const footageS = replayMs / 1000;
  console.log(`clip: ${info.width}x${info.height}, ${info.fps} frames/s, ${(info.durationMs / 1000).toFixed(1)} s (replayed: ${footageS.toFixed(1)} s); replay: --every-ms ${EVERY_MS}, tiling auto, ${SEGMENT_MS / 1000} s segments, 10,000-entry gallery`);
  if (SECONDS >= 60 && info.durationMs < 60_000) console.log(`WARNING: the clip is ${(info.durationMs / 1000).toFixed(1)} s, shorter than the 60 s a force's trial uses: raise BENCH_FOOTAGE_S`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'evenhand-bench-footage-'));
  try {
    const galleryFile = path.join(dir, 'gallery');
    await writeGallery({ algorithm: 'faceplugin-v1', dim: 512, ids: Array.from({ length: 10_000 }, (_, i) => `g${i}`), vectors: unitRows(10_000, 512) }, galleryFile);
    const n = Math.ceil(replayMs / SEGMENT_MS);
    const segments: Segment[] = Array.from({ length: n }, (_, i) => ({ id: `clip.${i}`, source: { kind: 'video', file: clip, startMs: i * SEGMENT_MS, endMs: Math.min(replayMs, (i + 1) * SEGMENT_MS) } }));
    let k = 0;
    const replay = (executor: SegmentExecutor | undefined, workers: number, fullDetectEvery = 1): Promise<Measured> =>
      measured(() => runReplay({ algorithm: 'faceplugin-v1', algorithmOptions: { tiling: { kind: 'auto' } }, galleryFile, segments, outDir: path.join(dir, `run-${k++}`), workers, options: { everyMs: EVERY_MS, fullDetectEvery }, ...(executor === undefined ? {} : { executor }) }));
    const one = await replay(undefined, 1);
    line('1 worker thread', one, footageS, 1);
    const two = await replay(undefined, 2);
    line('2 worker threads', two, footageS, 2);
    const rects = detectorRects(info.width, info.height, { kind: 'auto' }).length;
    console.log(`${''.padEnd(26)} 2 workers: ${(one.seconds / two.seconds).toFixed(2)}x one worker; ${rects} detector runs a frame (the whole frame and ${rects - 1} tiles)`);
    againstTarget('every tile on every frame', two, footageS);
    // detection scheduling: every tile on one frame in FULL_EVERY, between them only the tiles that overlap a known face
    const sparse = await replay(undefined, 2, FULL_EVERY);
    line(`2 threads, full every ${FULL_EVERY}`, sparse, footageS, 2);
    againstTarget(`--full-detect-every ${FULL_EVERY}`, sparse, footageS);
    const detections = (s: RunSummary, out: string): number => s.done.reduce((t, id) => t + (JSON.parse(readFileSync(path.join(out, 'segments', `${id}.done.json`), 'utf8')) as { detections: number }).detections, 0);
    console.log(`${''.padEnd(26)} --full-detect-every ${FULL_EVERY}: ${(two.seconds / sparse.seconds).toFixed(2)}x the 2-worker speed; detections ${detections(sparse, path.join(dir, 'run-2'))} against ${detections(two, path.join(dir, 'run-1'))} with every tile on every frame; ` +
      `CPU a processed frame ${((1000 * sparse.cpuSeconds) / Math.max(1, sparse.frames)).toFixed(0)} ms against ${((1000 * two.cpuSeconds) / Math.max(1, two.frames)).toFixed(0)} ms (ratio ${(sparse.cpuSeconds / two.cpuSeconds).toFixed(2)})`);
    if (process.env['BENCH_QUEUE'] === '0') return;
    if (!hasRedisServer()) { console.log('queue: skipped (redis-server is not installed)'); return; }
    const redis = await startLocalRedis(dir);
    try {
      const q: Measured[] = [];
      for (const count of [1, 2, 3]) {
        const name = `bench-${count}`;
        const workers = await Promise.all(Array.from({ length: count }, (_, i) => startQueueWorker({ redisUrl: redis.url, queueName: name, concurrency: 1, name: `bench-worker-${i}` })));
        try {
          const s = await replay(await queueExecutor({ redisUrl: redis.url, queueName: name, pollMs: 250 }), count);
          q.push(s);
          line(`queue, ${count} worker${count === 1 ? '' : 's'}`, s, footageS, count);
        } finally {
          await Promise.all(workers.map((w) => w.close()));
        }
      }
      const [q1, q2, q3] = q;
      if (q1 !== undefined && q2 !== undefined && q3 !== undefined) {
        console.log(`${''.padEnd(26)} scaling efficiency (speed-up / workers): 2 workers ${((q1.seconds / q2.seconds) / 2).toFixed(2)}, 3 workers ${((q1.seconds / q3.seconds) / 3).toFixed(2)} ` +
          `(this machine has ${os.availableParallelism()} cores: a third worker can only share them)`);
        console.log(`${''.padEnd(26)} queue overhead per job: ${((1000 * (q1.seconds - one.seconds)) / n).toFixed(0)} ms against ${((1000 * one.seconds) / n).toFixed(0)} ms of work a ${SEGMENT_MS / 1000} s segment ` +
          '(queue with 1 worker minus 1 local thread, over the jobs; it includes the worker\'s model loading once)');
      }
    } finally {
      await redis.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
