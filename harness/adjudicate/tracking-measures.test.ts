import { describe, expect, it } from 'vitest';
import type { Place } from '../campaign/manifest-schema.ts';
import type { PassSpan } from './assign-tracks.ts';
import type { Track } from './track.ts';
import { trackingMeasures, type CameraFrames } from './tracking-measures.ts';

const lane = (x0: number, x1: number): Place => ({ kind: 'zone', polygon: [[x0, 0], [x1, 0], [x1, 480], [x0, 480]] });
const pass = (f0: number, f1: number, place?: Place): PassSpan => ({ deployment: 'd1', camera: 'c1', tStartMs: f0 * 100, tEndMs: (f1 + 1) * 100, place });
/** A track detected at x on frames f0..f1 (100 ms apart). */
function track(trackId: number, x: number, frames: number[]): Track {
  const points = frames.map((f) => ({ tMs: f * 100, box: { x1: x - 10, y1: 90, x2: x + 10, y2: 110 }, score: 1 }));
  return { segmentId: 's', trackId, deployment: 'd1', camera: 'c1', tStartMs: frames[0] ?? 0, tEndMs: frames[frames.length - 1] ?? 0, frameMs: 100,
    framesSeen: frames.length, faceSizePx: 20, points, candidates: [] };
}
const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const footage: CameraFrames[] = [{ deployment: 'd1', camera: 'c1', startMs: 0, frameMs: 100, frames: 10 }];

describe('trackingMeasures', () => {
  it('counts IDF1, ID switches and fragmentations as TrackEval does (worked by hand)', () => {
    // pass 0 in lane 0 on frames 0-9, seen by track 0 (frames 0-4) then track 1 (6-9): one switch, one fragmentation;
    // pass 1 in lane 1 on frames 2-7, seen whole by track 2; track 3 is one false detection
    const passes = [pass(0, 9, lane(0, 200)), pass(2, 7, lane(200, 400))];
    const tracks = [track(0, 100, range(0, 4)), track(1, 100, range(6, 9)), track(2, 300, range(2, 7)), track(3, 500, [3])];
    const m = trackingMeasures(tracks, passes, footage);
    expect(m).toMatchObject({ cameras: 1, passes: 2, frames: 10, truthDetections: 16, trackerDetections: 16, idtp: 11, idfn: 5, idfp: 5, idSwitches: 1, fragmentations: 1 });
    expect(m?.idf1).toBeCloseTo(22 / 32, 12);
    expect(m?.fragmentationsPerPass).toBe(0.5);
    expect(m?.mota).toBeCloseTo((15 - 1 - 1) / 16, 12);
  });

  it('keeps a pass tracked across a frame with no detection at all, as TrackEval does', () => {
    const m = trackingMeasures([track(0, 100, [0, 1, 3, 4])], [pass(0, 4, lane(0, 200))], [{ ...footage[0] as CameraFrames, frames: 5 }]);
    expect(m).toMatchObject({ fragmentations: 0, idSwitches: 0, idtp: 4, idfn: 1 });
  });

  it('measures nothing where a pass has no place (a member of the public would count as a false positive)', () => {
    expect(trackingMeasures([track(0, 100, range(0, 4))], [pass(0, 4, lane(0, 200)), pass(0, 4)], footage)).toBeNull();
  });
});
