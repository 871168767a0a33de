/** Bilinear resampling of a rectangle of an RgbImage into a detector or landmark input tensor. */
import type { RgbImage } from '../footage/index.ts';

/** A source rectangle in frame pixels (may reach outside the frame; outside pixels read as edge pixels). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Resamples `rect` of `img` to outW x outH into planar float CHW (RGB order) as (v - mean) / std.
 * `out` must hold 3 * outW * outH values.
 */
export function resampleToPlanar(img: RgbImage, rect: Rect, outW: number, outH: number, mean: number, std: number, out: Float32Array): void {
  const { width, height, data } = img;
  const plane = outW * outH;
  const sx = rect.w / outW;
  const sy = rect.h / outH;
  const inv = 1 / std;
  for (let v = 0; v < outH; v++) {
    let fy = rect.y + (v + 0.5) * sy - 0.5;
    if (fy < 0) fy = 0; else if (fy > height - 1) fy = height - 1;
    const y0 = Math.floor(fy);
    const y1 = y0 + 1 < height ? y0 + 1 : y0;
    const wy = fy - y0;
    for (let u = 0; u < outW; u++) {
      let fx = rect.x + (u + 0.5) * sx - 0.5;
      if (fx < 0) fx = 0; else if (fx > width - 1) fx = width - 1;
      const x0 = Math.floor(fx);
      const x1 = x0 + 1 < width ? x0 + 1 : x0;
      const wx = fx - x0;
      const i00 = (y0 * width + x0) * 3, i01 = (y0 * width + x1) * 3, i10 = (y1 * width + x0) * 3, i11 = (y1 * width + x1) * 3;
      const o = v * outW + u;
      for (let c = 0; c < 3; c++) {
        const top = data[i00 + c]! + (data[i01 + c]! - data[i00 + c]!) * wx;
        const bot = data[i10 + c]! + (data[i11 + c]! - data[i10 + c]!) * wx;
        out[c * plane + o] = (top + (bot - top) * wy - mean) * inv;
      }
    }
  }
}

/** Resamples `rect` of `img` to outW x outH grey levels (0.299 R + 0.587 G + 0.114 B) scaled by `scale`, into `out`. */
export function resampleToGray(img: RgbImage, rect: Rect, outW: number, outH: number, scale: number, out: Float32Array): void {
  const tmp = new Float32Array(3 * outW * outH);
  resampleToPlanar(img, rect, outW, outH, 0, 1, tmp);
  const plane = outW * outH;
  for (let i = 0; i < plane; i++) out[i] = (0.299 * tmp[i]! + 0.587 * tmp[plane + i]! + 0.114 * tmp[2 * plane + i]!) * scale;
}
