/** probeVideo: size, frame rate, duration and frame count of a video file's first video stream, via ffprobe. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { InputError } from '../core/input-error.ts';
import { ffprobePath } from './ffmpeg-paths.ts';

const run = promisify(execFile);

/** What ffprobe reports of a video stream. */
export interface VideoInfo {
  width: number;
  height: number;
  /** Average frame rate (frames/s). */
  fps: number;
  /** Duration in ms (NaN when the container does not say). */
  durationMs: number;
  /** Frame count from the container header (NaN when it does not say; may disagree with a truncated file). */
  frames: number;
  /** The decoder's pixel format, e.g. yuv420p ('' when ffprobe does not say). */
  pixFmt: string;
}

function rate(text: string | undefined): number {
  const [n, d] = (text ?? '').split('/').map(Number);
  return n !== undefined && d !== undefined && d > 0 ? n / d : NaN;
}

/** Probes `file`. @throws InputError naming the file when it is missing or holds no decodable video stream. */
export async function probeVideo(file: string): Promise<VideoInfo> {
  let stdout: string;
  try {
    ({ stdout } = await run(ffprobePath(), ['-v', 'error', '-select_streams', 'v:0', '-show_entries',
      'stream=width,height,avg_frame_rate,r_frame_rate,duration,nb_frames,pix_fmt', '-of', 'json', file]));
  } catch (err) {
    const stderr = typeof err === 'object' && err !== null && 'stderr' in err ? String(err.stderr).trim() : '';
    const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const msg = lines[lines.length - 1] ?? (err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err));
    throw new InputError(file, [{ path: '', expected: 'a readable video file', got: msg }]);
  }
  const s = (JSON.parse(stdout) as { streams?: Record<string, string | number>[] }).streams?.[0];
  if (s === undefined || typeof s['width'] !== 'number' || typeof s['height'] !== 'number') {
    throw new InputError(file, [{ path: 'streams', expected: 'a video stream with a width and height', got: 'none' }]);
  }
  const fps = rate(String(s['avg_frame_rate'])) || rate(String(s['r_frame_rate']));
  return { width: s['width'], height: s['height'], fps, durationMs: Number(s['duration']) * 1000, frames: Number(s['nb_frames']), pixFmt: typeof s['pix_fmt'] === 'string' ? s['pix_fmt'] : '' };
}
