import { describe, expect, it } from 'vitest';
import { GallerySearch } from './gallery-search.ts';

/** Deterministic pseudo-random unit vectors (xorshift), so the test needs no data. */
function unitRows(n: number, dim: number, seed: number): Float32Array {
  const v = new Float32Array(n * dim);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < v.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    v[i] = s / 4294967296 - 0.5;
  }
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let j = 0; j < dim; j++) norm += v[r * dim + j]! ** 2;
    for (let j = 0; j < dim; j++) v[r * dim + j] = v[r * dim + j]! / Math.sqrt(norm);
  }
  return v;
}

describe('GallerySearch', () => {
  it('returns the same top-k as a plain loop, best first, in batches', async () => {
    const dim = 16, n = 500, k = 5;
    const vectors = unitRows(n, dim, 7);
    const ids = Array.from({ length: n }, (_, i) => `g${i}`);
    const search = await GallerySearch.create({ algorithm: 'test', dim, ids, vectors }, { batch: 3 });
    const probes = unitRows(10, dim, 99);
    const got = await search.search(probes, k);
    expect(got).toHaveLength(10);
    for (let p = 0; p < 10; p++) {
      const scores = Array.from({ length: n }, (_, g) => {
        let s = 0;
        for (let j = 0; j < dim; j++) s += probes[p * dim + j]! * vectors[g * dim + j]!;
        return { g, s };
      }).sort((a, b) => b.s - a.s).slice(0, k);
      expect(got[p]!.map((h) => h.id)).toEqual(scores.map((x) => `g${x.g}`));
      got[p]!.forEach((h, j) => expect(h.cosine).toBeCloseTo(scores[j]!.s, 5));
    }
    await search.close();
  });

  it('caps k at the gallery size', async () => {
    const search = await GallerySearch.create({ algorithm: 'test', dim: 4, ids: ['a', 'b'], vectors: unitRows(2, 4, 3) });
    const got = await search.search(unitRows(1, 4, 5), 10);
    expect(got[0]!.map((h) => h.id).sort()).toEqual(['a', 'b']);
  });
});
