/**
 * A head sprite: the head region of a face photo, resized once (Lanczos) into a small pyramid, then drawn into
 * frames at any size with bilinear sampling, a feathered elliptical edge, and optional motion blur, gain and
 * occluder. The aspect ratio of the photo is always kept.
 */
import sharp from 'sharp';
import { InputError } from '../core/input-error.ts';
import type { Box } from './pass-box.ts';
import type { PassEffects } from './schedule-passes.ts';

/** One level of a sprite: packed RGB. */
export interface SpriteLevel { width: number; height: number; data: Uint8Array }

/** A head sprite: width / height of the head region and levels from the largest down. */
export interface Sprite { aspect: number; levels: SpriteLevel[] }

/** A head region as fractions of the image. */
export interface Crop { x: number; y: number; w: number; h: number }

/**
 * Loads the `crop` region of the image `file` as a sprite whose largest level is `maxHeight` pixels high.
 * @throws InputError naming `file` when it cannot be read or decoded as an image.
 * @example const s = await loadSprite('a.jpg', { x: 0.2, y: 0.14, w: 0.6, h: 0.72 }, 128)
 */
export async function loadSprite(file: string, crop: Crop, maxHeight: number): Promise<Sprite> {
  try {
    const meta = await sharp(file).metadata();
    const iw = meta.autoOrient.width;
    const ih = meta.autoOrient.height;
    const left = Math.min(iw - 1, Math.max(0, Math.round(crop.x * iw)));
    const top = Math.min(ih - 1, Math.max(0, Math.round(crop.y * ih)));
    const width = Math.max(1, Math.min(iw - left, Math.round(crop.w * iw)));
    const height = Math.max(1, Math.min(ih - top, Math.round(crop.h * ih)));
    const aspect = width / height;
    const h0 = Math.max(1, Math.round(maxHeight));
    const w0 = Math.max(1, Math.round(h0 * aspect));
    const { data, info } = await sharp(file).autoOrient().extract({ left, top, width, height })
      .resize(w0, h0, { fit: 'fill', kernel: 'lanczos3' }).removeAlpha().toColourspace('srgb').raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    const levels: SpriteLevel[] = [{ width: info.width, height: info.height, data }];
    for (let l = levels[0] as SpriteLevel; l.height >= 24 && l.width >= 4 && levels.length < 5; l = levels[levels.length - 1] as SpriteLevel) {
      levels.push(halve(l));
    }
    return { aspect, levels };
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable image (JPEG, PNG or WebP)', got: (err as Error).message.split('\n')[0] }]);
  }
}

/** A level half as wide and high: each pixel the mean of a 2x2 block (odd edges dropped). */
function halve(l: SpriteLevel): SpriteLevel {
  const width = Math.floor(l.width / 2);
  const height = Math.floor(l.height / 2);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const a = ((2 * y) * l.width + 2 * x) * 3 + c;
        const b = a + l.width * 3;
        data[(y * width + x) * 3 + c] = ((l.data[a] as number) + (l.data[a + 3] as number) + (l.data[b] as number) + (l.data[b + 3] as number) + 2) >> 2;
      }
    }
  }
  return { width, height, data };
}

/**
 * Checks that `file` decodes as an image (enrolment and filler images are copied, not drawn, so they are checked here).
 * @throws InputError naming `file` when it does not.
 */
export async function checkImage(file: string): Promise<void> {
  try {
    await sharp(file).resize(8, 8).raw().toBuffer();
  } catch (err) {
    throw new InputError(file, [{ path: '', expected: 'a readable image (JPEG, PNG or WebP)', got: (err as Error).message.split('\n')[0] }]);
  }
}

const FEATHER = 0.15;

/** Opacity of the feathered ellipse inscribed in the unit box at (u, v). */
function ellipseAlpha(u: number, v: number): number {
  const dx = (u - 0.5) * 2;
  const dy = (v - 0.5) * 2;
  const r = Math.sqrt(dx * dx + dy * dy);
  const a = (1 - r) / FEATHER;
  return a <= 0 ? 0 : a >= 1 ? 1 : a;
}

/**
 * Draws `sprite` into the packed RGB `frame` (`width` x `height`) over `box`. `velocity` is the box centre's
 * motion in pixels per frame (for motion blur); `sceneGain` multiplies the face as it does the background.
 * @example drawSprite(frame, 640, 480, sprite, box, effects, { x: 1, y: 12 }, 1)
 */
export function drawSprite(frame: Uint8Array, width: number, height: number, sprite: Sprite, box: Box, effects: PassEffects, velocity: { x: number; y: number }, sceneGain: number): void {
  const out = new Uint8ClampedArray(frame.buffer, frame.byteOffset, frame.length);
  let level = sprite.levels[0] as SpriteLevel;
  for (let i = sprite.levels.length - 1; i >= 0; i--) {
    const l = sprite.levels[i] as SpriteLevel;
    if (l.height >= box.h) { level = l; break; }
  }
  const { width: lw, height: lh, data } = level;
  const blurLength = effects.blur * Math.sqrt(velocity.x * velocity.x + velocity.y * velocity.y);
  const samples = blurLength >= 1 ? Math.min(15, Math.ceil(blurLength)) : 1;
  const bu = samples > 1 ? (velocity.x * effects.blur) / box.w : 0;
  const bv = samples > 1 ? (velocity.y * effects.blur) / box.h : 0;
  const gain = effects.gain * sceneGain;
  const x0 = Math.max(0, Math.floor(box.x));
  const x1 = Math.min(width - 1, Math.ceil(box.x + box.w) - 1);
  const y0 = Math.max(0, Math.floor(box.y));
  const y1 = Math.min(height - 1, Math.ceil(box.y + box.h) - 1);
  for (let py = y0; py <= y1; py++) {
    const v0 = (py + 0.5 - box.y) / box.h;
    for (let px = x0; px <= x1; px++) {
      const u0 = (px + 0.5 - box.x) / box.w;
      let sa = 0;
      let sr = 0;
      let sg = 0;
      let sb = 0;
      for (let j = 0; j < samples; j++) {
        const t = samples > 1 ? (j + 0.5) / samples - 0.5 : 0;
        const u = u0 - t * bu;
        const v = v0 - t * bv;
        const a = ellipseAlpha(u, v);
        if (a === 0) continue;
        // bilinear sample, clamped to the level's edges
        let sx = u * lw - 0.5;
        let sy = v * lh - 0.5;
        sx = sx < 0 ? 0 : sx > lw - 1 ? lw - 1 : sx;
        sy = sy < 0 ? 0 : sy > lh - 1 ? lh - 1 : sy;
        const ix = Math.floor(sx);
        const iy = Math.floor(sy);
        const fx = sx - ix;
        const fy = sy - iy;
        const ix1 = ix + 1 < lw ? ix + 1 : ix;
        const iy1 = iy + 1 < lh ? iy + 1 : iy;
        const p00 = (iy * lw + ix) * 3;
        const p10 = (iy * lw + ix1) * 3;
        const p01 = (iy1 * lw + ix) * 3;
        const p11 = (iy1 * lw + ix1) * 3;
        const w00 = (1 - fx) * (1 - fy);
        const w10 = fx * (1 - fy);
        const w01 = (1 - fx) * fy;
        const w11 = fx * fy;
        sr += a * ((data[p00] as number) * w00 + (data[p10] as number) * w10 + (data[p01] as number) * w01 + (data[p11] as number) * w11);
        sg += a * ((data[p00 + 1] as number) * w00 + (data[p10 + 1] as number) * w10 + (data[p01 + 1] as number) * w01 + (data[p11 + 1] as number) * w11);
        sb += a * ((data[p00 + 2] as number) * w00 + (data[p10 + 2] as number) * w10 + (data[p01 + 2] as number) * w01 + (data[p11 + 2] as number) * w11);
        sa += a;
      }
      if (sa === 0) continue;
      const alpha = sa / samples;
      const o = (py * width + px) * 3;
      const k = (gain * alpha) / sa;
      out[o] = (out[o] as number) * (1 - alpha) + sr * k;
      out[o + 1] = (out[o + 1] as number) * (1 - alpha) + sg * k;
      out[o + 2] = (out[o + 2] as number) * (1 - alpha) + sb * k;
    }
  }
  const occ = effects.occluder;
  if (occ !== null) {
    const oy1 = box.y + box.h;
    let [ox0, ox1, oy0] = [box.x, box.x + box.w, box.y];
    if (occ.side === 'bottom') oy0 = box.y + box.h * (1 - occ.fraction);
    else if (occ.side === 'left') ox1 = box.x + box.w * occ.fraction;
    else ox0 = box.x + box.w * (1 - occ.fraction);
    const grey = occ.grey * sceneGain;
    for (let py = Math.max(0, Math.round(oy0)); py < Math.min(height, Math.round(oy1)); py++) {
      for (let px = Math.max(0, Math.round(ox0)); px < Math.min(width, Math.round(ox1)); px++) {
        const o = (py * width + px) * 3;
        out[o] = grey;
        out[o + 1] = grey;
        out[o + 2] = grey;
      }
    }
  }
}
