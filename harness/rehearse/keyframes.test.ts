import { describe, expect, it } from 'vitest';
import { keyframes } from './keyframes.ts';
import { passBox } from './pass-box.ts';

describe('keyframes', () => {
  it('keeps few boxes of a perspective walk, and interpolating them stays within the tolerance of every box', () => {
    const pass = { lane: 1, firstFrame: 0, lastFrame: 39, heightFrom: 40, heightTo: 128, laneFrom: -0.5, laneTo: 0.8 };
    const boxes = Array.from({ length: 40 }, (_, f) => passBox(pass, f, 0.8, { width: 640, height: 480, lanes: 4, margin: 8 }));
    const keep = keyframes(boxes, 1);
    expect(keep[0]).toBe(0);
    expect(keep[keep.length - 1]).toBe(39);
    expect(keep.length).toBeLessThan(20);
    for (let k = 1; k < keep.length; k++) {
      const a = keep[k - 1] ?? 0, b = keep[k] ?? 0;
      for (let i = a; i <= b; i++) {
        const u = (i - a) / (b - a);
        for (const key of ['x', 'y', 'w', 'h'] as const) {
          const p = boxes[a]?.[key] ?? 0, q = boxes[b]?.[key] ?? 0;
          expect(Math.abs(p + u * (q - p) - (boxes[i]?.[key] ?? 0))).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('keeps one box of a one-frame pass and both ends of a straight one', () => {
    const box = { x: 0, y: 0, w: 10, h: 10 };
    expect(keyframes([box], 1)).toEqual([0]);
    expect(keyframes([box, { ...box, x: 5 }, { ...box, x: 10 }], 1)).toEqual([0, 2]);
    expect(keyframes([], 1)).toEqual([]);
  });
});
