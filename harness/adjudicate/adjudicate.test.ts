import { describe, expect, it } from 'vitest';
import type { Manifest } from '../campaign/load-manifest.ts';
import type { Place } from '../campaign/manifest-schema.ts';
import type { TrackPoint } from '../replay/index.ts';
import { adjudicate, type AdjudicationInput } from './adjudicate.ts';
import { assignTracks, spanIou, type PassSpan } from './assign-tracks.ts';
import type { Track } from './track.ts';

const manifest: Manifest = {
  root: '/tmp', id: 'm', deployments: [{ id: 'd1', site: 'x', startedAt: '2026-01-01T00:00:00Z', durationMs: 100_000, cameras: [{ id: 'c1' }, { id: 'c2' }], overlappingViews: [] }],
  footage: [],
  volunteers: [
    { id: 'v1', sex: 'female', ethnicity: 'black', ageBand: null, enrolled: true, enrolmentImages: ['a.jpg'] },
    { id: 'v2', sex: 'male', ethnicity: 'white', ageBand: null, enrolled: false, enrolmentImages: [] },
  ],
  passes: [
    { volunteer: 'v1', deployment: 'd1', camera: 'c1', tStartMs: 1000, tEndMs: 4000 },
    { volunteer: 'v1', deployment: 'd1', camera: 'c2', tStartMs: 1000, tEndMs: 4000 },
    { volunteer: 'v2', deployment: 'd1', camera: 'c1', tStartMs: 10_000, tEndMs: 13_000 },
  ],
  probes: [],
  crowdPasses: [{ deployment: 'd1', camera: 'c1', tStartMs: 20_000, tEndMs: 22_000 }],
  fillerGallery: { entries: [] },
  crowdEstimates: [],
};

/** A track seen every 100 ms from t0 to t1, its box centred at x (moving nowhere), with the given candidates. */
function track(trackId: number, camera: string, t0: number, t1: number, candidates: [string, number][], x = 100): Track {
  const points: TrackPoint[] = [];
  for (let t = t0; t <= t1; t += 100) points.push({ tMs: t, box: { x1: x - 20, y1: 80, x2: x + 20, y2: 120 }, score: 0.9 });
  return { segmentId: `s-${camera}`, trackId, deployment: 'd1', camera, tStartMs: t0, tEndMs: t1, frameMs: 100, framesSeen: points.length, faceSizePx: 40, points,
    candidates: candidates.map(([galleryId, score]) => ({ galleryId, score })) };
}
const input = (over: Partial<AdjudicationInput>): AdjudicationInput => ({ manifest, enrolled: new Set(['v1']), watchlistSize: 1000, fillerSize: 5000, watchlist: [], filler: null,
  galleryEthnicity: new Map([['v1', 'black'], ['f1', 'white']]), minOverlap: 0.2, usePlace: true, topK: 5, thresholds: [0.5], ...over });
const lane = (x0: number, x1: number): Place => ({ kind: 'zone', polygon: [[x0, 0], [x1, 0], [x1, 480], [x0, 480]] });

describe('adjudicate', () => {
  const watchlist = [
    track(1, 'c1', 1100, 2300, [['v1', 0.7], ['w9', 0.3]]), // two fragments of v1's first pass
    track(2, 'c1', 2500, 3900, [['v1', 0.8], ['w8', 0.35]]),
    track(3, 'c1', 10_200, 12_800, [['v1', 0.2]]), // v2 (not enrolled): a non-mated volunteer search
    track(4, 'c1', 20_100, 21_900, [['w9', 0.62]]), // the known crowd pass
    track(5, 'c1', 50_000, 51_000, [['w7', 0.9]]), // no known pass: a fragment or false detection
  ];
  const filler = [track(1, 'c1', 1100, 3900, [['f1', 0.5]])];
  const result = adjudicate(input({ watchlist, filler }));
  const s = result.searches;

  it('gives exactly one search per pass, merging the fragments of a pass into one candidate list', () => {
    expect(s.map((x) => x.searchId)).toEqual(['pass-000001', 'pass-000002', 'pass-000003', 'crowd-000001', 'track-000001', 'filler-000001']);
    expect(s.map((x) => x.source)).toEqual(['volunteer', 'volunteer', 'volunteer', 'crowd', 'unassigned_track', 'filler_probe']);
    expect(s.map((x) => x.mated)).toEqual([true, true, false, false, false, false]);
    expect(s[0]).toMatchObject({ mateScore: 0.8, mateRank: 1, topNonmateScore: 0.35, framesSeen: 13 + 15 }); // the duplicate alert merged at its best score
    expect(result.candidates.filter((c) => c.searchId === 'pass-000001')).toHaveLength(3); // v1, w8, w9
    expect(result.summary.tracksPerAcquiredPass).toBeCloseTo(4 / 3, 12);
  });

  it('counts a pass with no track as a failure to acquire, by group and by camera', () => {
    expect(s[1]).toMatchObject({ mateScore: null, topNonmateScore: null, framesSeen: 0 });
    expect(result.summary).toMatchObject({ volunteerPasses: 3, volunteerPassesAcquired: 2, crowdPasses: 1, crowdPassesAcquired: 1, fillerProbes: 1 });
    expect(result.summary.failureToAcquire).toEqual({
      byGroup: { 'female/black': { passes: 2, notAcquired: 1 }, 'male/white': { passes: 1, notAcquired: 0 } },
      byCamera: { 'd1/c1': { passes: 2, notAcquired: 0 }, 'd1/c2': { passes: 1, notAcquired: 1 } },
    });
  });

  it('never makes a crowd search mated, and a not-enrolled volunteer is non-mated with known demographics', () => {
    expect(s[2]).toMatchObject({ mateScore: null, topNonmateScore: 0.2, ethnicity: 'white' });
    expect(result.candidates.filter((c) => c.isMate && !c.searchId.startsWith('pass-'))).toEqual([]);
    expect(s[5]?.gallerySize).toBe(5000);
    expect(result.candidates.map((c) => c.galleryEthnicity)).toContain('white');
  });

  it('counts alerts among tracks of no known pass apart, and which of them name a volunteer passing that camera then', () => {
    expect(result.summary.unassignedTracks).toEqual({ count: 1, alerts: [{ threshold: 0.5, alerts: 1, volunteerAtCamera: 0 }] });
    // v1's own face in a fragment outside every pass's score: an alert naming a volunteer who was there
    const late = track(6, 'c1', 3950, 3990, [['v1', 0.9]]);
    const stray = adjudicate(input({ watchlist: [...watchlist, late], minOverlap: 0.9, usePlace: false }));
    expect(stray.summary.unassignedTracks.alerts[0]?.volunteerAtCamera).toBeGreaterThanOrEqual(1);
  });

  it('measures time overlap as intersection over union of half-open spans', () => {
    expect(spanIou(0, 10, 5, 15)).toBeCloseTo(5 / 15, 12);
    expect(spanIou(0, 10, 10, 20)).toBe(0);
  });
});

describe('assignTracks', () => {
  const pass = (t0: number, t1: number, place?: Place): PassSpan => ({ deployment: 'd1', camera: 'c1', tStartMs: t0, tEndMs: t1, place });

  it('solves passes starting one frame apart jointly, never by list order', () => {
    // two people in view together, the second entering 100 ms (one frame) after the first; track A (the second
    // person's) overlaps both passes equally (IoU 0.951), track B (the first person's) prefers the first pass
    const passes = [pass(1000, 3000), pass(1100, 3100)];
    const a = track(1, 'c1', 1050, 2950, []);
    const b = track(2, 'c1', 1000, 2850, []);
    expect(spanIou(1050, 3050, 1000, 3000)).toBeCloseTo(spanIou(1050, 3050, 1100, 3100), 12);
    const got = assignTracks([a, b], passes, { minOverlap: 0.2, usePlace: false });
    expect([...got.passOfTrack]).toEqual([1, 0]); // listed first, the first pass would have won track A
    expect(got.ambiguous).toBe(2); // time alone lets each track go to either pass
    expect([...assignTracks([b, a], [...passes].reverse(), { minOverlap: 0.2, usePlace: false }).passOfTrack]).toEqual([1, 0]);
  });

  it('breaks a tie at equal overlap by the closest start times, and counts it', () => {
    // two identical spans and one track that overlaps both equally: only the start times can decide
    const passes = [pass(1000, 3000), pass(1000, 3000)];
    const t = track(1, 'c1', 1500, 2500, []);
    const a = assignTracks([t], passes, { minOverlap: 0.2, usePlace: false });
    expect(a.tied).toBe(1);
    expect(a.passOfTrack[0]).toBeGreaterThanOrEqual(0);
    // two passes whose tracks overlap them equally, told apart by start: 1000 vs 1600
    const p2 = [pass(1600, 3000), pass(1000, 3000)];
    const ts = [track(1, 'c1', 1000, 2000, []), track(2, 'c1', 1600, 2600, [])];
    const b = assignTracks(ts, p2, { minOverlap: 0.2, usePlace: false });
    expect([...b.passOfTrack]).toEqual([1, 0]);
  });

  it('uses place: concurrent passes in two lanes get their own tracks whatever the time overlap says', () => {
    const passes = [pass(1000, 3000, lane(0, 200)), pass(1000, 3000, lane(200, 400))];
    const tracks = [track(1, 'c1', 1000, 2900, [], 300), track(2, 'c1', 1000, 2900, [], 100)];
    const a = assignTracks(tracks, passes, { minOverlap: 0.2, usePlace: true });
    expect([...a.passOfTrack]).toEqual([1, 0]);
    expect(a).toMatchObject({ ambiguous: 0, tied: 0, byPlace: 2, byTime: 0 });
    const timeOnly = assignTracks(tracks, passes, { minOverlap: 0.2, usePlace: false });
    expect(timeOnly.tied).toBe(2); // time alone cannot tell them apart
  });

  it('gives a pass its fragments in later rounds, but never two tracks at once', () => {
    const passes = [pass(1000, 4000, lane(0, 200))];
    const tracks = [track(1, 'c1', 1000, 1800, [], 100), track(2, 'c1', 2000, 3900, [], 100), track(3, 'c1', 2500, 3000, [], 150)];
    const a = assignTracks(tracks, passes, { minOverlap: 0.2, usePlace: true });
    expect([...a.passOfTrack]).toEqual([0, 0, -1]); // track 3 overlaps track 2 in time: not the same walk
  });

  it('follows a box place interpolated between its times, and ignores detections outside the pass', () => {
    const moving: Place = { kind: 'boxes', boxes: [{ tMs: 1000, x: 0, y: 0, w: 100, h: 100 }, { tMs: 3000, x: 400, y: 0, w: 100, h: 100 }] };
    const passes = [pass(1000, 3100, moving)];
    const still = track(1, 'c1', 1000, 3000, [], 50); // stays at x = 50: inside the box only at the start
    const follower: Track = { ...track(2, 'c1', 1000, 3000, []), points: track(2, 'c1', 1000, 3000, []).points.map((p) => {
      const cx = 50 + ((p.tMs - 1000) / 2000) * 400;
      return { ...p, box: { x1: cx - 10, y1: 40, x2: cx + 10, y2: 60 } };
    }) };
    const a = assignTracks([still, follower], passes, { minOverlap: 0.2, usePlace: true });
    expect([...a.passOfTrack]).toEqual([-1, 0]);
    expect(a.scoreOfTrack[1]).toBe(1);
  });
});
