import { describe, expect, it } from 'vitest';
import type { Manifest } from '../campaign/load-manifest.ts';
import type { CandidateRow, SearchRow } from '../store/contract.ts';
import { adjudicate } from './adjudicate.ts';
import { spanIou } from './assign-tracks.ts';
import type { Track } from './track.ts';

const manifest: Manifest = {
  root: '/tmp', id: 'm', deployments: [{ id: 'd1', site: 'x', startedAt: '2026-01-01T00:00:00Z', durationMs: 100_000, cameras: [{ id: 'c1' }, { id: 'c2' }] }],
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
  crowdPasses: [{ deployment: 'd1', camera: 'c1', tStartMs: 20_000, tEndMs: 22_000 }],
  fillerGallery: { entries: [] },
  crowdEstimates: [],
};
const track = (trackId: number, camera: string, t0: number, t1: number, candidates: [string, number][]): Track =>
  ({ segmentId: `s-${camera}`, trackId, deployment: 'd1', camera, tStartMs: t0, tEndMs: t1, framesSeen: 5, faceSizePx: 80, candidates: candidates.map(([galleryId, score]) => ({ galleryId, score })) });

describe('adjudicate', () => {
  const watchlist = [
    track(1, 'c1', 1100, 2400, [['v1', 0.7], ['w9', 0.3]]), // two fragments of v1's first pass
    track(2, 'c1', 2500, 3900, [['v1', 0.8], ['w8', 0.35]]),
    track(3, 'c1', 10_200, 12_800, [['v1', 0.2]]), // v2 (not enrolled): a non-mated volunteer search
    track(4, 'c1', 20_100, 21_900, [['w9', 0.62]]), // the known crowd pass
    track(5, 'c1', 50_000, 51_000, [['w7', 0.9]]), // no known pass: a fragment or false detection
  ];
  const filler = [track(1, 'c1', 1100, 3900, [['f1', 0.5]])];
  const result = adjudicate({ manifest, enrolled: new Set(['v1']), watchlistSize: 1000, fillerSize: 5000, watchlist, filler,
    galleryEthnicity: new Map([['v1', 'black'], ['f1', 'white']]), minOverlap: 0.2, topK: 5 });
  const col = (name: keyof SearchRow): unknown[] => result.searches.values(name);
  const candidate = (name: keyof CandidateRow): unknown[] => result.candidates.values(name);

  it('gives exactly one search per pass, merging the fragments of a pass into one candidate list', () => {
    expect(col('search_id')).toEqual(['pass-000001', 'pass-000002', 'pass-000003', 'crowd-000001', 'track-000001', 'filler-000001']);
    expect(col('source')).toEqual(['volunteer', 'volunteer', 'volunteer', 'crowd', 'unassigned_track', 'filler_probe']);
    expect(col('mated')).toEqual([true, true, false, false, false, false]);
    expect(col('mate_score')[0]).toBe(0.8); // the duplicate alert for v1 merged at its best score
    expect(col('mate_rank')[0]).toBe(1);
    expect(col('top_nonmate_score')[0]).toBe(0.35);
    expect(col('frames_seen')[0]).toBe(10);
    const first = candidate('search_id').filter((id) => id === 'pass-000001');
    expect(first).toHaveLength(3); // v1, w8, w9
  });

  it('counts a pass with no track as a failure to acquire: a mated search with no candidate', () => {
    expect(col('mate_score')[1]).toBeNull();
    expect(col('top_nonmate_score')[1]).toBeNull();
    expect(col('frames_seen')[1]).toBe(0);
    expect(result.summary).toMatchObject({ volunteerPasses: 3, volunteerPassesAcquired: 2, crowdPasses: 1, crowdPassesAcquired: 1, unassignedTracks: 1, fillerProbes: 1 });
  });

  it('never makes a crowd search mated, and a not-enrolled volunteer is non-mated with known demographics', () => {
    expect(col('mate_score')[2]).toBeNull();
    expect(col('top_nonmate_score')[2]).toBe(0.2);
    expect(col('ethnicity')[2]).toBe('white');
    expect(candidate('is_mate').filter((m, i) => m === true && !String(candidate('search_id')[i]).startsWith('pass-'))).toEqual([]);
    expect(col('gallery_size')[5]).toBe(5000);
    expect(candidate('gallery_ethnicity')).toContain('white');
  });

  it('measures time overlap as intersection over union', () => {
    expect(spanIou(0, 10, 5, 15)).toBeCloseTo(5 / 15, 12);
    expect(spanIou(0, 10, 10, 20)).toBe(0);
  });
});
