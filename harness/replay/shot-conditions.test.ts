import { describe, expect, it } from 'vitest';
import { faceLight, headPose } from './shot-conditions.ts';

/** ArcFace's five reference points on a 112 x 112 face: a frontal, level face. */
const FRONTAL = [38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655, 70.7299, 92.2041];

describe('headPose', () => {
  it('is about 0 for a frontal face, signed for turned and tilted ones, and the same at any scale or roll', () => {
    const f = headPose(FRONTAL);
    expect(Math.abs(f.yawDeg)).toBeLessThan(1);
    expect(Math.abs(f.pitchDeg)).toBeLessThan(1);
    const turned = [...FRONTAL];
    turned[4] = 56 + 8.8; // nose a quarter eye distance to the right: atan(0.5) = 26.6 degrees
    expect(headPose(turned).yawDeg).toBeCloseTo(26.2, 0);
    const down = [...FRONTAL];
    down[5] = 80; // nose tip nearer the mouth: looking down
    expect(headPose(down).pitchDeg).toBeGreaterThan(15);
    const big = FRONTAL.map((v) => v * 3);
    expect(headPose(big).yawDeg).toBeCloseTo(f.yawDeg, 6);
    const roll = (pts: number[], a: number) => pts.map((_, i) => (i % 2 === 0
      ? Math.cos(a) * (pts[i] as number) - Math.sin(a) * (pts[i + 1] as number)
      : Math.sin(a) * (pts[i - 1] as number) + Math.cos(a) * (pts[i] as number)));
    expect(headPose(roll(turned, 0.3)).yawDeg).toBeCloseTo(headPose(turned).yawDeg, 6);
    expect(headPose([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).yawDeg).toBeNaN();
  });
});

describe('faceLight', () => {
  const crop = (w: number, h: number, pixel: (x: number, y: number) => number) => {
    const data = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data.fill(pixel(x, y), (y * w + x) * 3, (y * w + x) * 3 + 3);
    return { crop: { width: w, height: h, data }, face: { box: { x1: 10, y1: 10, x2: 50, y2: 50 }, score: 1, points5: new Float32Array(10) } };
  };
  it('measures the face box only: brightness, contrast, and sharpness falling with blur', () => {
    const flat = faceLight(crop(60, 60, (x) => (x >= 10 && x < 50 ? 100 : 250)));
    expect(flat.brightness).toBeCloseTo(100, 6);
    expect(flat.contrast).toBeCloseTo(0, 6);
    expect(flat.sharpness).toBeCloseTo(0, 6);
    const halves = faceLight(crop(60, 60, (x) => (x < 30 ? 50 : 150)));
    expect(halves.brightness).toBeCloseTo(100, 6);
    expect(halves.contrast).toBeCloseTo(50, 6);
    const edges = faceLight(crop(60, 60, (x, y) => ((x >> 2) + (y >> 2)) % 2 === 0 ? 0 : 255));
    const soft = faceLight(crop(60, 60, (x, y) => 127 + 60 * Math.sin(x / 6) * Math.sin(y / 6)));
    expect(edges.sharpness).toBeGreaterThan(50 * soft.sharpness);
  });
});
