/** videoFrames: decodes a video file (or a time range of it) to RGB frames through an ffmpeg pipe, with stream timestamps. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { InputError } from '../core/input-error.ts';
import { ffmpegPath } from './ffmpeg-paths.ts';
import type { Frame } from './frame.ts';
import { frameSampler } from './frame-sampler.ts';
import { probeVideo } from './probe-video.ts';

/** Decoded frames held ahead of the caller. */
const AHEAD = 8;

/** Which part of the video to decode and how often to keep a frame. */
export interface VideoRange {
  /** Start in ms (inclusive); default 0. */
  startMs?: number;
  /** End in ms (exclusive); default the end of the file. */
  endMs?: number;
  /** Keep at most one frame every `everyMs` ms of stream time (frame sampling); default every frame. */
  everyMs?: number;
}

/**
 * Yields the frames of `file` in `range`, each with its presentation time from the stream (ffmpeg showinfo pts_time,
 * timestamps kept with -copyts so a range's times are times in the file).
 * @throws InputError naming the file when it cannot be opened, or when ffmpeg reports a decoding error (a corrupt or
 *   truncated file) or exits with an error.
 */
export async function* videoFrames(file: string, range: VideoRange = {}): AsyncGenerator<Frame> {
  const info = await probeVideo(file);
  const { width, height } = info;
  const frameBytes = width * height * 3;
  const args = ['-hide_banner', '-nostats', '-nostdin', '-loglevel', 'level+info'];
  const startMs = range.startMs ?? 0;
  if (startMs > 0) args.push('-ss', (startMs / 1000).toFixed(3));
  // one decoding thread: parallelism comes from one worker per core, and decoding is far faster than inference
  args.push('-threads', '1', '-copyts', '-i', file);
  args.push('-an', '-sn', '-vf', 'showinfo', '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const times: number[] = [];
  const errors: string[] = [];
  let stderrDone = false;
  let wake: (() => void) | null = null;
  const lines = createInterface({ input: child.stderr });
  lines.on('line', (line) => {
    const m = /\] \[info\] n:\s*\d+ pts:\s*-?\d+ pts_time:(-?[\d.e+-]+)/.exec(line);
    if (m) times.push(Number(m[1]) * 1000);
    else if (/\[(error|fatal|panic)\]/.test(line) && errors.length < 5) errors.push(line.replace(/^.*\[(error|fatal|panic)\]\s*/, '').trim() || line);
    wake?.();
  });
  lines.on('close', () => { stderrDone = true; wake?.(); });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const nextTime = async (): Promise<number> => {
    while (times.length === 0 && !stderrDone) await new Promise<void>((r) => { wake = r; });
    wake = null;
    const t = times.shift();
    if (t === undefined) throw new InputError(file, [{ path: '', expected: 'a timestamp for every decoded frame', got: 'a frame without one' }]);
    return t;
  };
  const keep = frameSampler(range.everyMs ?? 0);
  let index = 0;
  // Read ahead: frames are collected from the pipe as ffmpeg writes them (up to AHEAD, then the pipe is paused), so
  // decoding overlaps with the caller's work on earlier frames instead of waiting for each pull.
  const ready: Uint8Array[] = [];
  let ended = false;
  let frame = new Uint8Array(frameBytes);
  let filled = 0;
  const stdout = child.stdout;
  stdout.on('data', (chunk: Buffer) => {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(frameBytes - filled, chunk.length - offset);
      frame.set(chunk.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === frameBytes) {
        ready.push(frame);
        frame = new Uint8Array(frameBytes);
        filled = 0;
      }
    }
    if (ready.length >= AHEAD) stdout.pause();
    wake?.();
  });
  stdout.on('end', () => { ended = true; wake?.(); });
  const nextFrame = async (): Promise<Uint8Array | undefined> => {
    while (ready.length === 0 && !ended) await new Promise<void>((r) => { wake = r; });
    wake = null;
    const data = ready.shift();
    if (stdout.isPaused() && ready.length < AHEAD / 2) stdout.resume();
    return data;
  };
  try {
    for (let data = await nextFrame(); data !== undefined; data = await nextFrame()) {
      const tMs = await nextTime();
      const i = index++;
      if (range.endMs !== undefined && tMs >= range.endMs) return; // the finally block stops ffmpeg
      if (tMs < startMs - 0.5 || !keep(tMs)) continue;
      yield { index: i, tMs, image: { width, height, data } };
    }
    const code = await exit;
    if (errors.length > 0 || code !== 0) {
      throw new InputError(file, [{ path: '', expected: 'a complete, decodable video', got: `ffmpeg ${code === 0 ? 'reported' : `exited ${code} with`}: ${errors.join(' | ') || 'no message'} (after ${index} frames)` }]);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
