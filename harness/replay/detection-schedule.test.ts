import { describe, expect, it } from 'vitest';
import { detectorRects } from '../algorithms/faceplugin/fr-detector.ts';
import type { FaceDetection } from '../algorithms/index.ts';
import { DetectionSchedule, type DetectorRect } from './detection-schedule.ts';

const face = (x1: number, y1: number, x2: number, y2: number): FaceDetection => ({ box: { x1, y1, x2, y2 }, score: 0.9, points5: new Float32Array(10) });
const overlaps = (r: DetectorRect, f: FaceDetection): boolean => f.box.x1 < r.x + r.w && f.box.x2 > r.x && f.box.y1 < r.y + r.h && f.box.y2 > r.y;
const holds = (r: DetectorRect, f: FaceDetection): boolean => r.x <= f.box.x1 && r.y <= f.box.y1 && r.x + r.w >= f.box.x2 && r.y + r.h >= f.box.y2;

describe('DetectionSchedule', () => {
  const all = detectorRects(1920, 1080, { kind: 'auto' }); // the whole frame and 4 x 3 tiles (565 x 415, overlapping by 113 x 83)
  const [whole, ...tiles] = all;
  if (whole === undefined || tiles.length !== 12) throw new Error('expected the whole frame and 12 tiles');
  /** A schedule with K = 2 whose next frame is one between full passes. */
  const between = (): DetectionSchedule => {
    const s = new DetectionSchedule(2);
    s.next(all, []);
    return s;
  };

  it('runs every rectangle on every frame by default', () => {
    const s = new DetectionSchedule();
    for (let i = 0; i < 5; i++) expect(s.next(all, [face(100, 100, 150, 160)])).toEqual(all);
  });

  it('runs every rectangle one frame in K; between, the tiles that overlap a face of the frame before', () => {
    const s = new DetectionSchedule(3);
    expect(s.next(all, [])).toHaveLength(13); // frame 0: full
    expect(s.next(all, [])).toEqual([]); // frame 1: nobody seen: nothing to run
    const a = face(100, 100, 150, 160); // inside the top-left tile only
    expect(s.next(all, [a])).toEqual([tiles[0]]); // frame 2
    expect(s.next(all, [a])).toHaveLength(13); // frame 3: full again
  });

  it('runs every tile a face straddles, the full pass\'s own rectangles in their order, each once', () => {
    const t0 = tiles[0], t5 = tiles[5];
    if (t0 === undefined || t5 === undefined) throw new Error('expected tiles');
    const corner = face(t5.x - 20, t5.y - 20, t5.x + 20, t5.y + 20); // where four tiles meet: in their overlap, whole in one
    const got = between().next(all, [corner, face(t5.x - 10, t5.y - 10, t5.x + 10, t5.y + 10)]);
    expect(got).toHaveLength(4);
    for (const r of got) expect(all.includes(r) && overlaps(r, corner)).toBe(true);
    expect(got.some((r) => holds(r, corner))).toBe(true);
    expect(got.map((r) => all.indexOf(r))).toEqual([...got.map((r) => all.indexOf(r))].sort((x, y) => x - y));
    expect(got.includes(whole)).toBe(false); // a tile holds it whole: no whole-frame pass
  });

  it('adds the whole-frame pass for a face no tile holds whole (larger than the tiles\' overlap)', () => {
    const big = face(400, 250, 700, 600); // 300 x 350 px across tile borders: cut in every tile
    const got = between().next(all, [big]);
    expect(got[0]).toBe(whole);
    expect(got.slice(1).every((r) => overlaps(r, big))).toBe(true);
    expect(tiles.filter((t) => overlaps(t, big))).toEqual(got.slice(1));
  });

  it('clips a box that reaches past the frame\'s edge before asking whether a tile holds it', () => {
    const edge = face(1890, 1050, 1935, 1100); // a face leaving at the bottom-right corner
    expect(between().next(all, [edge])).toEqual([tiles[11]]);
  });

  it('runs every tile, and no whole-frame pass, on a crowded frame of small faces', () => {
    const crowd: FaceDetection[] = [];
    for (let y = 20; y < 1040; y += 70) for (let x = 20; x < 1880; x += 60) crowd.push(face(x, y, x + 36, y + 44));
    expect(between().next(all, crowd)).toEqual(tiles);
  });

  it('runs the area itself where there are no tiles (a small frame)', () => {
    const small = detectorRects(640, 480, { kind: 'auto' });
    expect(small).toHaveLength(1);
    expect(between().next(small, [])).toEqual(small);
  });
});
