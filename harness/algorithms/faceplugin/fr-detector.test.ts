import { describe, expect, it } from 'vitest';
import { detectorRects, dropCutFaces, mergeTiled } from './fr-detector.ts';

describe('detectorRects', () => {
  it('is the whole frame alone without tiling or when the frame is small', () => {
    expect(detectorRects(768, 576, { kind: 'none' })).toEqual([{ x: 0, y: 0, w: 768, h: 576 }]);
    expect(detectorRects(320, 240, { kind: 'auto' })).toHaveLength(1);
    expect(detectorRects(640, 480, { kind: 'auto' })).toHaveLength(1);
    // a smaller detector input (BlazeFace's 128x128) tiles the same frame: 4 x 3 tiles of about 1.5x its input
    expect(detectorRects(640, 480, { kind: 'auto' }, { w: 128, h: 128 })).toHaveLength(1 + 4 * 3);
    // BlazeFace aims at tiles of its input's size: 5 x 4 tiles, each at most 1.25x the input a side
    const small = detectorRects(640, 480, { kind: 'auto' }, { w: 128, h: 128, tileScale: 1 });
    expect(small).toHaveLength(1 + 5 * 4);
    for (const r of small.slice(1)) {
      expect(r.w).toBeLessThanOrEqual(1.25 * 128);
      expect(r.h).toBeLessThanOrEqual(1.25 * 128);
    }
    // a still photo of LFW's 250 x 250 stays whole: tiling only starts above 4x the input's area
    expect(detectorRects(250, 250, { kind: 'auto' }, { w: 128, h: 128, tileScale: 1 })).toHaveLength(1);
  });
  it('drops faces cut by an inner tile border and face parts inside a better box', () => {
    const tile = { x: 100, y: 0, w: 200, h: 150 };
    const cut = { box: { x1: 101, y1: 10, x2: 140, y2: 50 }, score: 0.9 };
    const whole = { box: { x1: 150, y1: 10, x2: 190, y2: 50 }, score: 0.9 };
    expect(dropCutFaces([cut, whole], tile, 400, 150)).toEqual([whole]);
    const part = { box: { x1: 160, y1: 20, x2: 180, y2: 40 }, score: 0.8 };
    const other = { box: { x1: 300, y1: 20, x2: 330, y2: 50 }, score: 0.7 };
    expect(mergeTiled([part, other, whole], 0.4)).toEqual([whole, other]);
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
