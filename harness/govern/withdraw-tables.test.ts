import { describe, expect, it } from 'vitest';
import type { PlainTable } from '../store/plain-table.ts';
import { withdrawFromTables } from './withdraw-tables.ts';

const table = (columns: PlainTable['columns']): PlainTable => ({ rows: Object.values(columns)[0]?.length ?? 0, columns, float32: [], simulated: false });

// Three searches: w's pass (mated), v's pass where w outscored v's own mate, a crowd pass where w was the best non-mate.
const searches = table({
  search_id: ['s1', 's2', 's3', 's4'],
  source: ['volunteer', 'volunteer', 'crowd', 'filler_probe'],
  mated: [true, true, false, false],
  subject_id: ['w', 'v', null, 'w'],
  mate_score: [0.9, 0.7, null, null],
  mate_rank: [1, 2, null, null],
  top_nonmate_score: [0.3, 0.8, 0.65, 0.4],
  top_nonmate_id: ['v', 'w', 'w', 'f1'],
  gallery_size: [3, 3, 3, 100],
});
const candidates = table({
  search_id: ['s1', 's1', 's2', 's2', 's2', 's3', 's3', 's4'],
  rank: [1, 2, 1, 2, 3, 1, 2, 1],
  gallery_id: ['w', 'v', 'w', 'v', 'u', 'w', 'u', 'f1'],
  score: [0.9, 0.3, 0.8, 0.7, 0.2, 0.65, 0.5, 0.4],
  is_mate: [true, false, false, true, false, false, false, false],
});

describe('withdrawFromTables', () => {
  it('removes the person\'s searches and every candidate row naming them, and recomputes ranks, mate rank and best non-mate', () => {
    const out = withdrawFromTables(searches, candidates, 'w', true);
    expect(out.searchesRemoved).toBe(2);
    expect(out.candidatesRemoved).toBe(5);
    expect(out.searches.columns.search_id).toEqual(['s2', 's3']);
    // v's mate moves up to rank 1; v's best non-mate is now u; the crowd pass's best non-mate is u too
    expect(out.searches.columns.mate_rank).toEqual([1, null]);
    expect(out.searches.columns.top_nonmate_id).toEqual(['u', 'u']);
    expect(out.searches.columns.top_nonmate_score).toEqual([0.2, 0.5]);
    expect(out.candidates?.columns.gallery_id).toEqual(['v', 'u', 'u']);
    expect(out.candidates?.columns.rank).toEqual([1, 2, 1]);
    // the watchlist is one entry smaller
    expect(out.searches.columns.gallery_size).toEqual([2, 2]);
  });
  it('leaves the watchlist size alone for someone who was never on it, and leaves the input tables untouched', () => {
    const out = withdrawFromTables(searches, candidates, 'v', false);
    expect(out.searches.columns.gallery_size).toEqual([3, 3, 100]);
    expect(searches.columns.search_id).toHaveLength(4);
    expect(candidates.columns.rank).toEqual([1, 2, 1, 2, 3, 1, 2, 1]);
  });
  it('works without candidates, and removes nothing for an id it does not know', () => {
    expect(withdrawFromTables(searches, null, 'w', true)).toMatchObject({ searchesRemoved: 2, candidatesRemoved: 0, candidates: null });
    expect(withdrawFromTables(searches, candidates, 'nobody', false)).toMatchObject({ searchesRemoved: 0, candidatesRemoved: 0 });
  });
});
