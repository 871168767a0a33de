/** Encodes packed RGB frames to an MP4 file with ffmpeg (H.264 via libx264, or MPEG-4 part 2), bit-exact flags set. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { FfmpegTools } from './ffmpeg.ts';

/** Video codecs the generator can write. */
export const VideoCodec = { h264: 'libx264', mpeg4: 'mpeg4' } as const;
export type VideoCodec = keyof typeof VideoCodec;

/** An open encoder: write frames, then close. */
export interface VideoEncoder {
  /** Queues one frame; the buffer must not be changed afterwards. Resolves when ffmpeg can take more. */
  write(frame: Uint8Array): Promise<void>;
  /** Ends the stream and waits for ffmpeg. @throws Error with ffmpeg's message when it fails. */
  close(): Promise<void>;
}

/**
 * Starts ffmpeg writing `file` from `width` x `height` RGB frames at `fps`.
 * @example const enc = openEncoder(tools, 'a.mp4', { width: 640, height: 480, fps: 10, codec: 'h264', crf: 18 })
 */
export function openEncoder(tools: FfmpegTools, file: string, o: { width: number; height: number; fps: number; codec: VideoCodec; crf: number }): VideoEncoder {
  const codecArgs = o.codec === 'h264'
    ? ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(o.crf), '-pix_fmt', 'yuv420p', '-profile:v', 'high']
    : ['-c:v', 'mpeg4', '-q:v', String(Math.max(1, Math.min(31, Math.round(o.crf / 6)))), '-pix_fmt', 'yuv420p'];
  const child = spawn(tools.ffmpeg, ['-v', 'error', '-nostdin', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24',
    '-s', `${o.width}x${o.height}`, '-r', String(o.fps), '-i', 'pipe:0', '-an', ...codecArgs, '-g', String(o.fps * 2),
    '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-movflags', '+faststart', file],
  { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  exited.catch(() => undefined);
  child.stdin.on('error', () => undefined); // reported through the exit code below
  return {
    async write(frame) {
      if (!child.stdin.write(frame)) await Promise.race([once(child.stdin, 'drain'), exited]);
    },
    async close() {
      child.stdin.end();
      const code = await exited;
      if (code !== 0) throw new Error(`ffmpeg failed writing ${file} (exit ${code}): ${stderr.trim()}`);
    },
  };
}
