/** Locating ffmpeg and ffprobe (EVENHAND_FFMPEG / EVENHAND_FFPROBE, else on the PATH) and what they can encode. */
import { spawnSync } from 'node:child_process';

/** The ffmpeg and ffprobe commands to run. */
export interface FfmpegTools { ffmpeg: string; ffprobe: string }

/** The tools named by the environment, or `ffmpeg` and `ffprobe` on the PATH. */
export function ffmpegTools(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  return { ffmpeg: env.EVENHAND_FFMPEG ?? 'ffmpeg', ffprobe: env.EVENHAND_FFPROBE ?? 'ffprobe' };
}

/**
 * Checks that ffmpeg runs and has the encoder `encoder` (e.g. libx264).
 * @throws Error saying what to install when ffmpeg is missing or lacks the encoder.
 */
export function checkEncoder(tools: FfmpegTools, encoder: string): void {
  const r = spawnSync(tools.ffmpeg, ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) {
    throw new Error(`cannot run ${tools.ffmpeg} (${r.error?.message ?? `exit ${r.status}`}): install ffmpeg (Debian: apt-get install ffmpeg) or set EVENHAND_FFMPEG`);
  }
  if (!new RegExp(`^\\s*V\\S*\\s+${encoder}\\s`, 'm').test(r.stdout)) {
    throw new Error(`${tools.ffmpeg} has no ${encoder} encoder: install a build with it (Debian's ffmpeg has libx264) or choose codec mpeg4`);
  }
}

/** What ffprobe says about the first video stream of a file. */
export interface ProbedVideo { codec: string; width: number; height: number; fps: number; frames: number; durationMs: number }

/**
 * Probes `file` with ffprobe, counting decoded frames.
 * @throws Error when ffprobe fails.
 * @example probeVideo(ffmpegTools(), 'footage/d1-c1.mp4').frames
 */
export function probeVideo(tools: FfmpegTools, file: string): ProbedVideo {
  const r = spawnSync(tools.ffprobe, ['-v', 'error', '-count_frames', '-select_streams', 'v:0',
    '-show_entries', 'stream=codec_name,width,height,r_frame_rate,nb_read_frames:format=duration', '-of', 'json', file], { encoding: 'utf8' });
  if (r.error !== undefined || r.status !== 0) throw new Error(`ffprobe failed on ${file}: ${r.error?.message ?? r.stderr}`);
  const j = JSON.parse(r.stdout) as { streams: { codec_name: string; width: number; height: number; r_frame_rate: string; nb_read_frames: string }[]; format: { duration: string } };
  const s = j.streams[0];
  if (s === undefined) throw new Error(`${file} has no video stream`);
  const [num, den] = s.r_frame_rate.split('/').map(Number);
  return {
    codec: s.codec_name, width: s.width, height: s.height, fps: (num ?? 0) / (den ?? 1),
    frames: Number(s.nb_read_frames), durationMs: Math.round(Number(j.format.duration) * 1000),
  };
}
