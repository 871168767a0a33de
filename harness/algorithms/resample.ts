/**
 * Bilinear resampling of a rectangle of an RgbImage into a detector or landmark input tensor.
 *
 * Two implementations of one method: the native addon's (harness/native/resample.c; SSE2, single precision) when it
 * was built, else the TypeScript below (double precision). They agree to within 1e-6 (a test checks it).
 */
import type { RgbImage } from '../footage/index.ts';
import { native } from '../native/index.ts';

/** Which implementation resampleToPlanar uses in this process (recorded in a run's provenance). */
export const resampleBackend: 'native' | 'typescript' = native === null ? 'typescript' : 'native';

/** A source rectangle in frame pixels (may reach outside the frame; outside pixels read as edge pixels). */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Source indices and weights of each output column or row: pixel i0 * (1 - w) + pixel i1 * w, clamped to the frame. */
function axisTaps(start: number, span: number, outN: number, limit: number): { i0: Int32Array; i1: Int32Array; w: Float64Array } {
  const i0 = new Int32Array(outN), i1 = new Int32Array(outN), w = new Float64Array(outN);
  const step = span / outN;
  for (let k = 0; k < outN; k++) {
    let f = start + (k + 0.5) * step - 0.5;
    if (f < 0) f = 0; else if (f > limit - 1) f = limit - 1;
    const a = Math.floor(f);
    i0[k] = a;
    i1[k] = a + 1 < limit ? a + 1 : a;
    w[k] = f - a;
  }
  return { i0, i1, w };
}

/**
 * Resamples `rect` of `img` to outW x outH into planar float CHW (RGB order) as (v - mean) / std.
 * `out` must hold 3 * outW * outH values.
 */
export function resampleToPlanar(img: RgbImage, rect: Rect, outW: number, outH: number, mean: number, std: number, out: Float32Array): void {
  if (native === null) resampleToPlanarTs(img, rect, outW, outH, mean, std, out);
  else native.resampleToPlanar(img.data, img.width, img.height, rect.x, rect.y, rect.w, rect.h, outW, outH, mean, std, out);
}

/** The TypeScript implementation of {@link resampleToPlanar} (the fallback, and the reference the addon is tested against). */
export function resampleToPlanarTs(img: RgbImage, rect: Rect, outW: number, outH: number, mean: number, std: number, out: Float32Array): void {
  const { width, height, data } = img;
  const plane = outW * outH;
  const inv = 1 / std;
  const xs = axisTaps(rect.x, rect.w, outW, width);
  const ys = axisTaps(rect.y, rect.h, outH, height);
  // Byte offsets of each output column's two source pixels, and weights as float32, computed once per call.
  const c0s = new Int32Array(outW), c1s = new Int32Array(outW), wxs = new Float32Array(outW);
  for (let u = 0; u < outW; u++) {
    c0s[u] = xs.i0[u]! * 3;
    c1s[u] = xs.i1[u]! * 3;
    wxs[u] = xs.w[u]!;
  }
  const off = mean * inv;
  for (let v = 0; v < outH; v++) {
    const r0 = ys.i0[v]! * width * 3, r1 = ys.i1[v]! * width * 3, wy = ys.w[v]!;
    // Output = (top + (bot - top) * wy) * inv - mean * inv, with the row weights folded into the two rows' factors.
    const k0 = (1 - wy) * inv, k1 = wy * inv;
    let o = v * outW;
    for (let u = 0; u < outW; u++, o++) {
      const a = r0 + c0s[u]!, b = r0 + c1s[u]!, d = r1 + c0s[u]!, e = r1 + c1s[u]!;
      const wx = wxs[u]!, wx0 = 1 - wx;
      out[o] = (data[a]! * wx0 + data[b]! * wx) * k0 + (data[d]! * wx0 + data[e]! * wx) * k1 - off;
      out[plane + o] = (data[a + 1]! * wx0 + data[b + 1]! * wx) * k0 + (data[d + 1]! * wx0 + data[e + 1]! * wx) * k1 - off;
      out[2 * plane + o] = (data[a + 2]! * wx0 + data[b + 2]! * wx) * k0 + (data[d + 2]! * wx0 + data[e + 2]! * wx) * k1 - off;
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
