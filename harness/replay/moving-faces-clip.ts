/** makeMovingFacesClip: encodes a test video of real face photos moving across a plain frame, with known entry and exit times. */
import { spawn } from 'node:child_process';
import { ffmpegPath, loadImage, type RgbImage } from '../footage/index.ts';

/** One photo's path across the clip: shown (whole) from tInMs to tOutMs, moving linearly between two top-left points. */
export interface Walker {
  imagePath: string;
  tInMs: number;
  tOutMs: number;
  from: [number, number];
  to: [number, number];
}

function paste(frame: Uint8Array, fw: number, fh: number, img: RgbImage, x0: number, y0: number): void {
  for (let y = 0; y < img.height; y++) {
    const fy = y0 + y;
    if (fy < 0 || fy >= fh) continue;
    for (let x = 0; x < img.width; x++) {
      const fx = x0 + x;
      if (fx < 0 || fx >= fw) continue;
      const s = (y * img.width + x) * 3, d = (fy * fw + fx) * 3;
      frame[d] = img.data[s]!; frame[d + 1] = img.data[s + 1]!; frame[d + 2] = img.data[s + 2]!;
    }
  }
}

/**
 * Writes `file` (MJPEG in AVI, fps frames/s, durationMs long) in which each walker's photo is visible, at its own
 * size, from tInMs (inclusive) to tOutMs (exclusive). Returns the frame count.
 */
export async function makeMovingFacesClip(file: string, walkers: readonly Walker[], size: { width: number; height: number; fps: number; durationMs: number }): Promise<number> {
  const images = await Promise.all(walkers.map((w) => loadImage(w.imagePath)));
  const { width, height, fps } = size;
  const n = Math.round((size.durationMs * fps) / 1000);
  const child = spawn(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`,
    '-r', String(fps), '-i', 'pipe:0', '-c:v', 'mjpeg', '-q:v', '2', '-pix_fmt', 'yuvj420p', file], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (let i = 0; i < n; i++) {
    const t = (i * 1000) / fps;
    const frame = new Uint8Array(width * height * 3).fill(96);
    walkers.forEach((w, k) => {
      if (t < w.tInMs || t >= w.tOutMs) return;
      const a = (t - w.tInMs) / (w.tOutMs - w.tInMs);
      paste(frame, width, height, images[k]!, Math.round(w.from[0] + a * (w.to[0] - w.from[0])), Math.round(w.from[1] + a * (w.to[1] - w.from[1])));
    });
    if (!child.stdin.write(frame)) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  const code = await done;
  if (code !== 0) throw new Error(`ffmpeg could not write ${file}: ${stderr}`);
  return n;
}
