import { describe, expect, it } from 'vitest';
import type { RgbImage } from '../footage/index.ts';
import { type Rect, resampleBackend, resampleToGray, resampleToPlanar, resampleToPlanarTs } from './resample.ts';

/** A frame of pseudo-random bytes (xorshift), so neighbouring pixels differ and every tap matters. */
function noiseImage(width: number, height: number, seed: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; data[i] = s & 0xff; }
  return { width, height, data };
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('resampleToPlanar', () => {
  const underCi = process.env['CI'] === 'true';
  it.runIf(underCi)('uses the native addon under CI (npm ci builds it)', () => {
    expect(resampleBackend).toBe('native');
  });
  if (resampleBackend !== 'native') console.log(`native resampler not built here (run: npm run build:native); comparing the TypeScript version with itself`);

  const cases: [string, RgbImage, Rect, number, number][] = [
    ['a 720p tile, fractional', noiseImage(1280, 720, 1), { x: 394.3, y: 320.7, w: 492.2, h: 400.1 }, 320, 240],
    ['a whole frame', noiseImage(768, 576, 2), { x: 0, y: 0, w: 768, h: 576 }, 320, 240],
    ['a box reaching outside the frame', noiseImage(200, 150, 3), { x: -20.5, y: -7.25, w: 60.3, h: 70.9 }, 64, 64],
    ['the bottom-right corner (last pixel read)', noiseImage(97, 61, 4), { x: 80.6, y: 50.2, w: 30, h: 20 }, 17, 13],
    ['an upscaled crop', noiseImage(40, 30, 5), { x: 3.5, y: 2.25, w: 9, h: 7 }, 112, 112],
    ['a 1x1 image', noiseImage(1, 1, 6), { x: 0, y: 0, w: 1, h: 1 }, 4, 3],
  ];
  it.each(cases)('agrees with the TypeScript reference to 1e-6: %s', (_name, img, rect, outW, outH) => {
    const a = new Float32Array(3 * outW * outH), b = new Float32Array(3 * outW * outH);
    resampleToPlanar(img, rect, outW, outH, 127, 128, a);
    resampleToPlanarTs(img, rect, outW, outH, 127, 128, b);
    expect(maxDiff(a, b)).toBeLessThanOrEqual(1e-6);
    expect(new Set(b).size).toBeGreaterThan(img.width * img.height > 1 ? 10 : 1); // not a constant output
  });

  it('reproduces a flat colour exactly and keeps channels apart', () => {
    const img: RgbImage = { width: 50, height: 40, data: new Uint8Array(50 * 40 * 3) };
    for (let i = 0; i < 50 * 40; i++) img.data.set([10, 127, 255], 3 * i);
    const out = new Float32Array(3 * 16 * 12);
    resampleToPlanar(img, { x: 5.5, y: 3.2, w: 30, h: 20 }, 16, 12, 127, 128, out);
    const plane = 16 * 12;
    expect(out.subarray(0, plane).every((v) => Math.abs(v - (10 - 127) / 128) < 1e-6)).toBe(true);
    expect(out.subarray(plane, 2 * plane).every((v) => Math.abs(v) < 1e-6)).toBe(true);
    expect(out.subarray(2 * plane).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });

  it('interpolates between two columns at the half-pixel position', () => {
    // 2x1 image, black then white: 4 output columns sample at x = -0.25 (clamped 0), 0.25, 0.75, 1.25 (clamped 1)
    const img: RgbImage = { width: 2, height: 1, data: Uint8Array.from([0, 0, 0, 200, 200, 200]) };
    const out = new Float32Array(3 * 4);
    resampleToPlanar(img, { x: 0, y: 0, w: 2, h: 1 }, 4, 1, 0, 1, out);
    expect([...out.subarray(0, 4)].map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 50, 150, 200]);
  });

  it.runIf(resampleBackend === 'native')('the addon rejects a frame smaller than width x height x 3, and a wrong output type', () => {
    const small: RgbImage = { width: 10, height: 10, data: new Uint8Array(10) };
    expect(() => resampleToPlanar(small, { x: 0, y: 0, w: 10, h: 10 }, 4, 4, 0, 1, new Float32Array(48))).toThrow(/smaller than width x height x 3/);
    const img = noiseImage(10, 10, 7);
    expect(() => resampleToPlanar(img, { x: 0, y: 0, w: 10, h: 10 }, 4, 4, 0, 1, new Float32Array(47))).toThrow(/3 x outW x outH/);
    expect(() => resampleToPlanar(img, { x: 0, y: 0, w: 10, h: 10 }, 4, 4, 0, 1, new Float64Array(48) as unknown as Float32Array)).toThrow(/Float32Array/);
  });

  it('grey levels weight R, G and B as 0.299, 0.587, 0.114', () => {
    const img: RgbImage = { width: 4, height: 4, data: new Uint8Array(48) };
    for (let i = 0; i < 16; i++) img.data.set([100, 200, 50], 3 * i);
    const out = new Float32Array(4);
    resampleToGray(img, { x: 0, y: 0, w: 4, h: 4 }, 2, 2, 1, out);
    for (const v of out) expect(v).toBeCloseTo(0.299 * 100 + 0.587 * 200 + 0.114 * 50, 3);
  });
});
