/** imageFolderFrames: a folder of still images as a frame source, timed by a rule (fixed rate or time in the name). */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/input-error.ts';
import type { Frame } from './frame.ts';
import { loadImage } from './load-image.ts';

/** How an image folder's frames get their times. */
export type TimestampRule =
  /** Files sorted by name; frame i is at i * 1000 / fps ms. */
  | { kind: 'fps'; fps: number }
  /** The last run of digits in each file name is its time in ms (e.g. cam1_000123450.jpg); sorted by that time. */
  | { kind: 'filename-ms' };

const imageExt = /\.(jpe?g|png|webp|bmp|tiff?)$/i;

/**
 * Yields the images of `dir` (JPEG, PNG, WebP, BMP, TIFF) as frames timed by `rule`.
 * @throws InputError naming the folder when it cannot be read or a name has no time, or the image that cannot be decoded.
 */
export async function* imageFolderFrames(dir: string, rule: TimestampRule): AsyncGenerator<Frame> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => imageExt.test(n)).sort();
  } catch (err) {
    throw new InputError(dir, [{ path: '', expected: 'a readable folder of images', got: err instanceof Error ? err.message : String(err) }]);
  }
  let timed: { name: string; tMs: number }[];
  switch (rule.kind) {
    case 'fps':
      if (!(rule.fps > 0)) throw new InputError(dir, [{ path: 'fps', expected: 'a frame rate > 0', got: String(rule.fps) }]);
      timed = names.map((name, i) => ({ name, tMs: (i * 1000) / rule.fps }));
      break;
    case 'filename-ms':
      timed = names.map((name) => {
        const m = /(\d+)(?!.*\d)/.exec(name);
        if (!m) throw new InputError(path.join(dir, name), [{ path: 'file name', expected: 'digits giving the time in ms' }]);
        return { name, tMs: Number(m[1]) };
      }).sort((a, b) => a.tMs - b.tMs || (a.name < b.name ? -1 : 1));
      break;
  }
  for (const [index, { name, tMs }] of timed.entries()) {
    yield { index, tMs, image: await loadImage(path.join(dir, name)) };
  }
}
