/** loadImage: decodes an image file (JPEG, PNG, ...) into an RgbImage with sharp. */
import sharp from 'sharp';
import { InputError } from '../core/input-error.ts';
import type { RgbImage } from './rgb-image.ts';

/**
 * Decodes `file` to 8-bit RGB (alpha dropped, EXIF orientation applied).
 * @throws InputError naming the file when it is missing or not a readable image.
 * @example const img = await loadImage('faces/astronaut.png'); // { width: 512, height: 512, data }
 */
export async function loadImage(file: string): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(file).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`${info.channels} channels`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable image file (JPEG, PNG, WebP, ...)', got: err instanceof Error ? err.message : String(err) }]);
  }
}
