/** alignFace: warps a face onto the ArcFace 112x112 template by a least-squares similarity transform of 5 points. */
import type { RgbImage } from '../footage/index.ts';

/** The ArcFace reference positions of the five points in a 112x112 crop (x, y pairs). */
export const arcfaceTemplate112 = Float32Array.of(
  38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041,
);

/** A similarity transform dst = [a -b; b a] src + (tx, ty). */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/** Least-squares similarity transform (rotation, uniform scale, translation; no reflection) mapping src onto dst. */
export function fitSimilarity(src: Float32Array, dst: Float32Array): Similarity {
  const n = src.length / 2;
  let msx = 0, msy = 0, mdx = 0, mdy = 0;
  for (let i = 0; i < n; i++) {
    msx += src[2 * i]!; msy += src[2 * i + 1]!; mdx += dst[2 * i]!; mdy += dst[2 * i + 1]!;
  }
  msx /= n; msy /= n; mdx /= n; mdy /= n;
  let ss = 0, pa = 0, pb = 0;
  for (let i = 0; i < n; i++) {
    const sx = src[2 * i]! - msx, sy = src[2 * i + 1]! - msy, dx = dst[2 * i]! - mdx, dy = dst[2 * i + 1]! - mdy;
    ss += sx * sx + sy * sy;
    pa += sx * dx + sy * dy;
    pb += sx * dy - sy * dx;
  }
  const a = ss > 0 ? pa / ss : 1;
  const b = ss > 0 ? pb / ss : 0;
  return { a, b, tx: mdx - (a * msx - b * msy), ty: mdy - (b * msx + a * msy) };
}

/**
 * Warps `img` so that `points5` land on the ArcFace template, bilinear, into a planar RGB float tensor of size
 * 3 x 112 x 112 as (v - 127) / 128 (edge pixels repeat outside the frame).
 */
export function alignFace(img: RgbImage, points5: Float32Array, out: Float32Array = new Float32Array(3 * 112 * 112)): Float32Array {
  const { a, b, tx, ty } = fitSimilarity(points5, arcfaceTemplate112);
  const det = a * a + b * b;
  const ia = a / det, ib = b / det;
  const { width, height, data } = img;
  const size = 112, plane = size * size;
  for (let v = 0; v < size; v++) {
    for (let u = 0; u < size; u++) {
      const px = u - tx, py = v - ty;
      let fx = ia * px + ib * py;
      let fy = -ib * px + ia * py;
      if (fx < 0) fx = 0; else if (fx > width - 1) fx = width - 1;
      if (fy < 0) fy = 0; else if (fy > height - 1) fy = height - 1;
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      const x1 = x0 + 1 < width ? x0 + 1 : x0, y1 = y0 + 1 < height ? y0 + 1 : y0;
      const wx = fx - x0, wy = fy - y0;
      const i00 = (y0 * width + x0) * 3, i01 = (y0 * width + x1) * 3, i10 = (y1 * width + x0) * 3, i11 = (y1 * width + x1) * 3;
      const o = v * size + u;
      for (let c = 0; c < 3; c++) {
        const top = data[i00 + c]! + (data[i01 + c]! - data[i00 + c]!) * wx;
        const bot = data[i10 + c]! + (data[i11 + c]! - data[i10 + c]!) * wx;
        out[c * plane + o] = (top + (bot - top) * wy - 127) / 128;
      }
    }
  }
  return out;
}
