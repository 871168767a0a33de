import { describe, expect, it } from 'vitest';
import type { FaceDetection } from '../algorithms/index.ts';
import { createRng } from '../stats/rng.ts';
import { predictBox } from './predict-box.ts';
import { stitchTracks, type Fragment } from './stitch-tracks.ts';
import { Tracker, type Track } from './tracker.ts';

const image = { width: 640, height: 480, data: new Uint8Array(640 * 480 * 3) };
/** A face of size s centred at (cx, cy). */
const face = (cx: number, cy: number, s: number): FaceDetection => ({
  box: { x1: cx - s / 2, y1: cy - s / 2, x2: cx + s / 2, y2: cy + s / 2 }, score: 0.9,
  points5: new Float32Array([cx - s / 4, cy - s / 6, cx + s / 4, cy - s / 6, cx, cy, cx - s / 5, cy + s / 4, cx + s / 5, cy + s / 4]),
});
/** Runs frames (100 ms apart) of detections through a tracker; returns every track. */
function run(frames: FaceDetection[][]): Track[] {
  const tracker = new Tracker();
  const out: Track[] = [];
  frames.forEach((faces, i) => out.push(...tracker.update(i * 100, image, faces)));
  out.push(...tracker.finish());
  return out.sort((a, b) => a.id - b.id);
}
/** One person walking down lane x: growing from 30 to 70 px, 22 px a frame down, over `n` frames starting at frame f0. */
const walker = (x: number, f0: number, n: number) => (f: number): FaceDetection | null => {
  const u = (f - f0) / (n - 1);
  return u < 0 || u > 1 ? null : face(x, 40 + u * 22 * (n - 1), 30 + 40 * u);
};

describe('Tracker', () => {
  it('keeps one track for a fast face found only now and then (gaps of 1 to 3 frames, as BlazeFace gives)', () => {
    const w = walker(100, 0, 18);
    const seen = [0, 1, 3, 4, 5, 8, 9, 10, 12, 15, 16, 17];
    const tracks = run(Array.from({ length: 18 }, (_, f) => (seen.includes(f) ? [w(f)].filter((x) => x !== null) : [])));
    expect(tracks).toHaveLength(1);
    expect(tracks[0]?.points.map((p) => p.tMs)).toEqual(seen.map((f) => f * 100));
    expect(tracks[0]?.framesSeen).toBe(seen.length);
  });

  it('never swaps two people walking side by side, nor joins a newcomer to someone who just left the same lane', () => {
    const rng = createRng(3, 1);
    const a = walker(100, 0, 18), b = walker(180, 1, 18), c = walker(100, 19, 18); // c enters lane a one frame after a leaves
    const frames = Array.from({ length: 38 }, (_, f) => [a(f), b(f), c(f)].filter((x): x is FaceDetection => x !== null && rng.next() < 0.7));
    const tracks = run(frames);
    const lanes = tracks.map((t) => new Set(t.points.map((p) => Math.round((p.box.x1 + p.box.x2) / 2))));
    for (const l of lanes) expect(l.size).toBe(1); // each track stays in one lane
    const byLane100 = tracks.filter((t) => (t.points[0]?.box.x1 ?? 0) < 140);
    expect(byLane100.every((t) => t.tEndMs < 1900 || t.tStartMs >= 1900)).toBe(true); // a and c never share a track
    // Each walk is one track, or two when its first detection is followed by a long miss (no velocity yet): the
    // stitching step joins those by embedding.
    const walkOf = (t: Track): string => {
      const p = t.points[0];
      const x = p === undefined ? 0 : (p.box.x1 + p.box.x2) / 2;
      return x > 140 ? 'b' : (p?.tMs ?? 0) < 1900 ? 'a' : 'c';
    };
    const perWalk = ['a', 'b', 'c'].map((w) => tracks.filter((t) => walkOf(t) === w).length);
    expect(perWalk.every((n) => n >= 1 && n <= 2)).toBe(true);
  });

  it('closes a track not seen for longer than maxGapMs', () => {
    const tracker = new Tracker({ maxGapMs: 300 });
    tracker.update(0, image, [face(100, 100, 40)]);
    expect(tracker.update(200, image, [])).toEqual([]);
    expect(tracker.update(400, image, [])).toHaveLength(1);
  });

  it('predicts a growing face from its last detections', () => {
    const points = [0, 100, 200].map((t) => ({ tMs: t, box: face(100, 100 + t / 10, 40 * 1.1 ** (t / 100)).box, score: 1 }));
    const { box, moving } = predictBox(points, 400);
    expect(moving).toBe(true);
    expect((box.y1 + box.y2) / 2).toBeCloseTo(140, 6);
    expect(box.x2 - box.x1).toBeCloseTo(40 * 1.1 ** 4, 0);
  });
});

describe('stitchTracks', () => {
  const vec = (...v: number[]): Float32Array => {
    const x = Float32Array.from(v);
    const n = Math.hypot(...v);
    return x.map((y) => y / n);
  };
  const frag = (cx: number, f0: number, f1: number, vector: Float32Array): Fragment => ({
    points: Array.from({ length: f1 - f0 + 1 }, (_, i) => ({ tMs: (f0 + i) * 100, box: face(cx, 40 + (f0 + i) * 20, 40).box, score: 1 })), vector,
  });

  it('joins fragments of one walk into chains, choosing the best successor jointly', () => {
    const me = vec(1, 0, 0), other = vec(0, 1, 0);
    const groups = stitchTracks([frag(100, 0, 3, me), frag(100, 8, 10, vec(0.95, 0.3, 0)), frag(100, 14, 16, me), frag(100, 8, 9, other)]);
    expect(groups).toEqual([[0, 1, 2], [3]]);
  });

  it('keeps apart fragments too far in time, too far from where the motion leads, or unlike in face', () => {
    const me = vec(1, 0, 0);
    expect(stitchTracks([frag(100, 0, 3, me), frag(100, 30, 33, me)])).toEqual([[0], [1]]); // 2.6 s later
    expect(stitchTracks([frag(100, 0, 3, me), frag(400, 5, 8, me)])).toEqual([[0], [1]]); // another lane
    expect(stitchTracks([frag(100, 0, 3, me), frag(100, 5, 8, vec(0.3, 1, 0))])).toEqual([[0], [1]]);
  });
});
