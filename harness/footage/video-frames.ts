/** videoFrames: decodes a video file (or a time range of it) to RGB frames through an ffmpeg pipe, with stream timestamps. */
import { createInterface } from 'node:readline';
import { InputError } from '../core/input-error.ts';
import { ffmpegPath } from './ffmpeg-paths.ts';
import type { Frame } from './frame.ts';
import { native } from '../native/index.ts';
import { spawnFrameReader } from './frame-reader.ts';
import { frameSampler } from './frame-sampler.ts';
import { probeVideo } from './probe-video.ts';

/** Which part of the video to decode and how often to keep a frame. */
export interface VideoRange {
  /** Start in ms (inclusive); default 0. */
  startMs?: number;
  /** End in ms (exclusive); default the end of the file. */
  endMs?: number;
  /** Keep at most one frame every `everyMs` ms of stream time (frame sampling); default every frame. */
  everyMs?: number;
  /** Have ffmpeg convert to RGB even where the native addon would (tests compare the two conversions). */
  ffmpegRgb?: boolean;
}

/**
 * Yields the frames of `file` in `range`, each with its presentation time from the stream (ffmpeg showinfo pts_time,
 * timestamps kept with -copyts so a range's times are times in the file). A frame's pixels are valid until the next
 * frame is requested (buffers are recycled): copy what you keep.
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
  // With the native addon, 4:2:0 footage of even size comes through the pipe as it was decoded (half the bytes of RGB)
  // and is converted to RGB beside the read, off the JavaScript thread; otherwise ffmpeg converts it (for odd sizes
  // ffmpeg interpolates chroma, which the addon does not).
  const yuv = native !== null && range.ffmpegRgb !== true && (info.pixFmt === 'yuv420p' || info.pixFmt === 'yuvj420p') && width % 2 === 0 && height % 2 === 0;
  // showinfo logs each frame's pts; checksum=0 spares it hashing every plane of every frame (a quarter of ffmpeg's time
  // on 720p MJPEG here)
  args.push('-an', '-sn', '-vf', 'showinfo=checksum=0', '-vsync', '0', '-f', 'rawvideo', '-pix_fmt', yuv ? info.pixFmt : 'rgb24', 'pipe:1');
  const times: number[] = [];
  const errors: string[] = [];
  let stderrDone = false;
  let wake: (() => void) | null = null;
  // frame i's time and whether it is kept, decided once, in order (the sampler keeps state); null: no time was logged
  const frameTimes: (number | null)[] = [];
  const kept: boolean[] = [];
  const keep = frameSampler(range.everyMs ?? 0);
  const decide = async (i: number): Promise<boolean> => {
    while (kept.length <= i) {
      while (times.length === 0 && !stderrDone) await new Promise<void>((r) => { wake = r; });
      wake = null;
      const tMs = times.shift();
      frameTimes.push(tMs ?? null);
      // a frame past the range is delivered, so the loop below stops there; one without a time too, to be refused
      kept.push(tMs === undefined || (range.endMs !== undefined && tMs >= range.endMs) || (tMs >= startMs - 0.5 && keep(tMs)));
    }
    return kept[i] ?? false;
  };
  // frames not kept are read without being converted to RGB (with the native reader)
  const reader = spawnFrameReader(ffmpegPath(), args, yuv ? { kind: 'yuv420', width, height, fullRange: info.pixFmt === 'yuvj420p' } : { kind: 'bytes', bytes: frameBytes }, { wanted: decide });
  const child = reader.child;
  const lines = createInterface({ input: reader.stderr });
  lines.on('line', (line) => {
    const m = /\] \[info\] n:\s*\d+ pts:\s*-?\d+ pts_time:(-?[\d.e+-]+)/.exec(line);
    if (m) times.push(Number(m[1]) * 1000);
    else if (/\[(error|fatal|panic)\]/.test(line) && errors.length < 5) errors.push(line.replace(/^.*\[(error|fatal|panic)\]\s*/, '').trim() || line);
    const w = wake; wake = null; w?.();
  });
  lines.on('close', () => { stderrDone = true; const w = wake; wake = null; w?.(); });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  let index = 0;
  try {
    for (let frame = await reader.next(); frame !== undefined; frame = await reader.next()) {
      index = frame.index + 1;
      if (!(await decide(frame.index))) continue; // the stream reader delivers every frame
      const tMs = frameTimes[frame.index];
      if (tMs === null || tMs === undefined) throw new InputError(file, [{ path: '', expected: 'a timestamp for every decoded frame', got: 'a frame without one' }]);
      if (range.endMs !== undefined && tMs >= range.endMs) return; // the finally block stops ffmpeg
      yield { index: frame.index, tMs, image: { width, height, data: frame.data } };
    }
    const code = await exit;
    if (errors.length > 0 || code !== 0) {
      throw new InputError(file, [{ path: '', expected: 'a complete, decodable video', got: `ffmpeg ${code === 0 ? 'reported' : `exited ${code} with`}: ${errors.join(' | ') || 'no message'} (after ${index} frames)` }]);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await reader.close();
  }
}
