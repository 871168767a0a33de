import { describe, expect, it } from 'vitest';
import { detectorRects } from '../algorithms/faceplugin/fr-detector.ts';
import type { FaceDetection } from '../algorithms/index.ts';
import { DetectionSchedule } from './detection-schedule.ts';

const face = (x1: number, y1: number, x2: number, y2: number): FaceDetection => ({ box: { x1, y1, x2, y2 }, score: 0.9, points5: new Float32Array(10) });
const holds = (r: { x: number; y: number; w: number; h: number }, f: FaceDetection): boolean =>
  r.x <= f.box.x1 && r.y <= f.box.y1 && r.x + r.w >= f.box.x2 && r.y + r.h >= f.box.y2;

describe('DetectionSchedule', () => {
  const all = detectorRects(1920, 1080, { kind: 'auto' }); // the whole frame and 4 x 3 tiles
  const tile = all[1];
  if (tile === undefined) throw new Error('expected tiles');

  it('runs every rectangle on every frame by default', () => {
    const s = new DetectionSchedule();
    for (let i = 0; i < 5; i++) expect(s.next(all, [face(100, 100, 150, 160)])).toEqual(all);
  });

  it('runs every rectangle one frame in K; between, one window around each face of the frame before', () => {
    expect(all).toHaveLength(13);
    const s = new DetectionSchedule(3);
    expect(s.next(all, [])).toHaveLength(13); // frame 0: full
    expect(s.next(all, [])).toEqual([]); // frame 1: nobody seen: nothing to run
    const a = face(100, 100, 150, 160), b = face(1500, 700, 1600, 820);
    const windows = s.next(all, [a, b]); // frame 2: two faces
    expect(windows).toHaveLength(2);
    const [wa, wb] = windows;
    if (wa === undefined || wb === undefined) throw new Error('expected two windows');
    expect(holds(wa, a) && holds(wb, b)).toBe(true);
    expect(wb.h).toBeCloseTo(3 * 120); // three face heights
    expect(wa.h).toBeCloseTo((2 / 3) * tile.h); // a small face: two thirds of a tile's height
    for (const w of windows) expect(w.w / w.h).toBeCloseTo(tile.w / tile.h); // in the tiles' proportions
    expect(s.next(all, [a])).toHaveLength(13); // frame 3: full again
  });

  it('keeps windows inside the frame and gives a face inside another face\'s window none of its own', () => {
    const s = new DetectionSchedule(2);
    s.next(all, []);
    const corner = face(1880, 1040, 1920, 1080), near = face(1800, 980, 1830, 1015);
    const windows = s.next(all, [corner, near]);
    expect(windows).toHaveLength(1);
    const [w] = windows;
    if (w === undefined) throw new Error('expected a window');
    expect(w.x + w.w).toBeCloseTo(1920);
    expect(w.y + w.h).toBeCloseTo(1080);
    expect(holds(w, corner) && holds(w, near)).toBe(true);
  });

  it('never gives a window larger than the area searched (a face filling the frame)', () => {
    const s = new DetectionSchedule(2);
    s.next(all, []);
    const [w] = s.next(all, [face(200, 0, 1700, 1080)]);
    const width = 1080 * (tile.w / tile.h);
    expect(w).toEqual({ x: (1900 - width) / 2, y: 0, w: width, h: 1080 }); // centred on the face, the frame's height
  });
});
