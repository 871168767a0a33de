/**
 * Small synthetic face fixtures for tests and benchmarks: a CSV face source of flat-coloured quadrant images
 * (no real people), and helpers that decode video frames through ffmpeg.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { FfmpegTools } from './ffmpeg.ts';

/** An RGB colour. */
export type Rgb = [number, number, number];

/** The four quadrant colours of fixture identity `i` (top-left, top-right, bottom-left, bottom-right). */
export function quadrantColours(i: number): [Rgb, Rgb, Rgb, Rgb] {
  const a = 40 + ((i * 53) % 180);
  const b = 40 + ((i * 97) % 180);
  return [[230, a, 30], [30, 230, b], [b, 30, 230], [230, 230, a]];
}

/** One row of a fixture CSV. */
export interface FixtureRow { identity: string; images: number; sex: string; ethnicity: string; age: string }

/**
 * Writes `dir`/faces.csv and `width` x `height` PNG images of four flat quadrants, one colour set per identity.
 * @example await writeFixtureFaces(tmp, [{ identity: 'p1', images: 2, sex: 'F', ethnicity: 'black', age: '34' }], 100, 160)
 */
export async function writeFixtureFaces(dir: string, rows: readonly FixtureRow[], width: number, height: number): Promise<string> {
  mkdirSync(path.join(dir, 'img'), { recursive: true });
  const lines = ['image,identity,sex,ethnicity,age'];
  for (const [i, r] of rows.entries()) {
    const [tl, tr, bl, br] = quadrantColours(i);
    const data = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const c = y < height / 2 ? (x < width / 2 ? tl : tr) : (x < width / 2 ? bl : br);
        data.set(c, (y * width + x) * 3);
      }
    }
    for (let k = 1; k <= r.images; k++) {
      const file = `img/${r.identity}_${k}.png`;
      await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(path.join(dir, file));
      lines.push(`${file},${r.identity},${r.sex},${r.ethnicity},${r.age}`);
    }
  }
  const csv = path.join(dir, 'faces.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  return csv;
}

/**
 * Decodes every frame of `file` to packed RGB (`width` x `height`).
 * @throws Error when ffmpeg fails.
 */
export function decodeFrames(tools: FfmpegTools, file: string, width: number, height: number): Buffer[] {
  const r = spawnSync(tools.ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], { maxBuffer: 2 ** 31 });
  if (r.status !== 0) throw new Error(`ffmpeg could not decode ${file}: ${r.stderr.toString()}`);
  const size = width * height * 3;
  const frames: Buffer[] = [];
  for (let o = 0; o + size <= r.stdout.length; o += size) frames.push(r.stdout.subarray(o, o + size));
  return frames;
}

/** The RGB pixel of a packed frame at (x, y). */
export function pixelAt(frame: Uint8Array, width: number, x: number, y: number): Rgb {
  const o = (Math.round(y) * width + Math.round(x)) * 3;
  return [frame[o] ?? 0, frame[o + 1] ?? 0, frame[o + 2] ?? 0];
}
