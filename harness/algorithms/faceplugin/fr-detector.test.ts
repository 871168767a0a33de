import { describe, expect, it } from 'vitest';
import { detectorRects } from './fr-detector.ts';

describe('detectorRects', () => {
  it('is the whole frame alone without tiling or when the frame is small', () => {
    expect(detectorRects(768, 576, { kind: 'none' })).toEqual([{ x: 0, y: 0, w: 768, h: 576 }]);
    expect(detectorRects(320, 240, { kind: 'auto' })).toHaveLength(1);
  });
  it('adds overlapping tiles that cover the frame', () => {
    const rects = detectorRects(768, 576, { kind: 'auto' });
    expect(rects).toHaveLength(5); // whole + 2x2
    expect(detectorRects(1920, 1080, { kind: 'auto' })).toHaveLength(1 + 4 * 3);
    const tiles = detectorRects(900, 600, { kind: 'grid', cols: 3, rows: 2, overlap: 0.2 }).slice(1);
    expect(tiles).toHaveLength(6);
    expect(tiles[0]!.x).toBe(0);
    expect(tiles[5]!.x + tiles[5]!.w).toBeCloseTo(900, 6);
    expect(tiles[5]!.y + tiles[5]!.h).toBeCloseTo(600, 6);
    expect(tiles[1]!.x).toBeLessThan(tiles[0]!.w); // overlap
  });
});
