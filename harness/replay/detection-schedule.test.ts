import { describe, expect, it } from 'vitest';
import { detectorRects } from '../algorithms/faceplugin/fr-detector.ts';
import type { FaceDetection } from '../algorithms/index.ts';
import { DetectionSchedule } from './detection-schedule.ts';

const face = (x1: number, y1: number, x2: number, y2: number): FaceDetection => ({ box: { x1, y1, x2, y2 }, score: 0.9, points5: new Float32Array(10) });

describe('DetectionSchedule', () => {
  const all = detectorRects(1920, 1080, { kind: 'auto' }); // the whole frame and 4 x 3 tiles

  it('runs every rectangle on every frame by default', () => {
    const s = new DetectionSchedule();
    for (let i = 0; i < 5; i++) expect(s.next(all, [])).toEqual(all);
  });

  it('runs every rectangle one frame in K; between, the whole frame and the tiles near the faces of the frame before', () => {
    expect(all).toHaveLength(13);
    const s = new DetectionSchedule(3);
    expect(s.next(all, [])).toHaveLength(13); // frame 0: full
    expect(s.next(all, [])).toEqual([all[0]]); // frame 1: nobody seen: the whole frame only
    const near = s.next(all, [face(100, 100, 150, 160)]); // frame 2: a face in the top-left corner
    expect(near[0]).toEqual(all[0]);
    expect(near.length).toBeGreaterThan(1);
    expect(near.length).toBeLessThan(5);
    for (const r of near.slice(1)) expect(r.x < 150 + 25 && r.y < 160 + 30).toBe(true);
    expect(s.next(all, [])).toHaveLength(13); // frame 3: full again
  });

  it('keeps the tiles around a face on a tile border (either tile may be the one that sees it whole)', () => {
    const s = new DetectionSchedule(2);
    s.next(all, []);
    const tile1 = all[1];
    const tile2 = all[2];
    if (tile1 === undefined || tile2 === undefined) throw new Error('expected tiles');
    const edge = tile2.x; // the second column starts inside the first tile (20% overlap)
    const picked = s.next(all, [face(edge - 10, 100, edge + 40, 160)]);
    expect(picked).toContainEqual(tile1);
    expect(picked).toContainEqual(tile2);
  });
});
