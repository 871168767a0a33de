/**
 * Background frames for rehearsal footage: a pedestrian video decoded by ffmpeg (looped, scaled to cover the
 * frame with its aspect ratio kept, then cropped), or, with no video, a fixed synthetic street-like gradient.
 */
import { spawn } from 'node:child_process';
import type { FfmpegTools } from './ffmpeg.ts';
import { readFrames } from './frame-stream.ts';

/** A source of background frames of one size (packed RGB). */
export interface Background {
  /** `count` frames starting `skip` frames into the (looped) source. */
  frames(skip: number, count: number): AsyncGenerator<Buffer>;
  /** In words, for the summary. */
  description: string;
}

/**
 * Background from the video `file`, looped as needed.
 * @example for await (const f of videoBackground(tools, 'vtest.avi', 640, 480).frames(0, 10)) {}
 */
export function videoBackground(tools: FfmpegTools, file: string, width: number, height: number): Background {
  return {
    description: `frames of ${file.split(/[\\/]/).pop() ?? file}, looped, scaled to cover ${width}x${height} (aspect kept) and cropped`,
    async *frames(skip, count) {
      const vf = `trim=start_frame=${skip},setpts=N/TB,scale=${width}:${height}:force_original_aspect_ratio=increase:flags=bicubic,crop=${width}:${height}`;
      const child = spawn(tools.ffmpeg, ['-v', 'error', '-nostdin', '-stream_loop', '-1', '-i', file, '-vf', vf,
        '-frames:v', String(count), '-fps_mode', 'passthrough', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      const exited = new Promise<number | null>((resolve, reject) => {
        child.on('error', reject);
        child.on('close', resolve);
      });
      let n = 0;
      try {
        for await (const frame of readFrames(child.stdout, width * height * 3)) {
          n++;
          yield frame;
          if (n === count) break;
        }
      } finally {
        if (n < count) child.kill();
      }
      const code = await exited;
      if (n < count) throw new Error(`background ${file}: ffmpeg gave ${n} of ${count} frames (exit ${code}): ${stderr.trim()}`);
    },
  };
}

/**
 * A fixed synthetic background (no video needed): a grey vertical gradient with faint paving lines.
 * @example syntheticBackground(640, 480).frames(0, 1)
 */
export function syntheticBackground(width: number, height: number): Background {
  const base = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const g = 70 + Math.floor((110 * y) / height);
    for (let x = 0; x < width; x++) {
      const line = (y % 48 === 0 || (x + y) % 96 === 0) ? 18 : 0;
      const o = (y * width + x) * 3;
      base[o] = g - line;
      base[o + 1] = g - line + 4;
      base[o + 2] = g - line + 8;
    }
  }
  return {
    description: 'synthetic grey gradient (no background video)',
    // eslint-disable-next-line @typescript-eslint/require-await
    async *frames(_skip, count) {
      for (let i = 0; i < count; i++) yield Buffer.from(base);
    },
  };
}
