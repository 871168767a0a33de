/**
 * Benchmark of `evenhand rehearse`: time to generate the CI-size rehearsal (protocols/rehearsal-ci.json from
 * lfw-dev: 60 + 20 volunteers, 240 volunteer passes, 500 crowd passes, 4 cameras at 640x480, 10 fps), as frames
 * written per second. Medians over BENCH_RUNS runs (default 3).
 */
import { existsSync, mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProtocol } from '../../harness/campaign/index.ts';
import { sharedDir } from '../../harness/footage/index.ts';
import { ffmpegTools, rehearse, resolveRehearsalSettings } from '../../harness/rehearse/index.ts';

export const title = 'CI-size synthetic footage from lfw-dev (frames written per second)';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(path.join(e.parentPath, e.name)).size, 0);
}

export async function run(): Promise<void> {
  const faces = path.join(sharedDir(), 'datasets', 'lfw-dev');
  if (!existsSync(faces)) { console.log(`skipped: ${faces} not found (set EVENHAND_SHARED)`); return; }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const campaign = loadProtocol(path.join(root, 'protocols', 'rehearsal-ci.json'));
  const settings = resolveRehearsalSettings(campaign);
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const seconds: number[] = [];
  let frames = 0;
  let videoSeconds = 0;
  let bytes = 0;
  let passes = 0;
  for (let i = 0; i < runs; i++) {
    const tmp = mkdtempSync(path.join(tmpdir(), 'bench-rehearse-'));
    const started = process.hrtime.bigint();
    const r = await rehearse({ faces, campaign, settings, seed: 1, out: tmp, tools: ffmpegTools() });
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    frames = r.frames;
    passes = r.passes + r.crowdPasses;
    videoSeconds = frames / settings.fps;
    bytes = folderBytes(tmp);
    rmSync(tmp, { recursive: true, force: true });
  }
  const t = median(seconds);
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`);
  console.log(`rehearsal: ${passes} passes, ${frames} frames (${settings.width}x${settings.height} at ${settings.fps} fps, ${videoSeconds.toFixed(0)} s of video over ${settings.deployments * settings.cameras} cameras), ${(bytes / 1e6).toFixed(1)} MB written`);
  console.log(`wall time: median ${t.toFixed(1)} s over ${runs} runs (${seconds.map((s) => s.toFixed(1)).join(', ')})`);
  console.log(`throughput: ${(frames / t).toFixed(1)} frames/s written, ${(videoSeconds / t).toFixed(1)}x real time, ${(passes / t).toFixed(1)} passes/s`);
}
