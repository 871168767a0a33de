import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.ts';
import { native } from '../native/index.ts';
import { BlockedSearch, planBlocks } from './blocked-search.ts';

/**
 * Rows of small multiples of 1/4 (seeded), so every inner product is exact in float32 whatever the summation order:
 * a brute-force loop in doubles then gives the very scores ONNX Runtime does, and ties stay ties.
 */
function quarterRows(n: number, dim: number, seed: number): Float32Array {
  const v = new Float32Array(n * dim);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < v.length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    v[i] = ((s % 5) - 2) / 4;
  }
  return v;
}

/** Every probe against every row, sorted by score (highest first), then row. */
function bruteForce(gallery: Float32Array, probes: Float32Array, dim: number, k: number): { rows: number[]; scores: number[] }[] {
  const n = gallery.length / dim;
  return Array.from({ length: probes.length / dim }, (_, p) => {
    const all = Array.from({ length: n }, (__, g) => {
      let s = 0;
      for (let j = 0; j < dim; j++) s += (probes[p * dim + j] as number) * (gallery[g * dim + j] as number);
      return { g, s };
    }).sort((a, b) => b.s - a.s || a.g - b.g).slice(0, k);
    return { rows: all.map((x) => x.g), scores: all.map((x) => x.s) };
  });
}

const dim = 8;
let dir = '';
let file = '';
let gallery: Float32Array = new Float32Array(0);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'evenhand-blocked-'));
  gallery = quarterRows(37, dim, 5);
  // ties on purpose: rows 30..33 repeat rows 2..5, row 36 repeats row 0, and rows 20..23 are all zero
  gallery.copyWithin(30 * dim, 2 * dim, 6 * dim);
  gallery.copyWithin(36 * dim, 0, dim);
  gallery.fill(0, 20 * dim, 24 * dim);
  file = path.join(dir, 'gallery.f32');
  await writeFile(file, new Uint8Array(gallery.buffer));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('BlockedSearch', () => {
  const probes = (): Float32Array => {
    const p = quarterRows(7, dim, 11);
    p.set(gallery.subarray(3 * dim, 4 * dim), 0); // a probe equal to rows 3 and 31
    p.fill(0, dim, 2 * dim); // a zero probe: every row ties at 0
    return p;
  };

  for (const mapped of [true, false]) {
    it(`gives the brute-force top-k, ties to the lower row, in blocks smaller than k (${mapped ? 'memory-mapped' : 'read into a buffer'})`, async () => {
      // a budget that holds 3 probes and only 4 rows: blocks of 4, k = 6 crosses blocks, the last block has 1 row
      const memoryBytes = 3 * dim * 4 + 2 * 3 * 6 * 8 + 4 * 4 * (2 * dim + 3);
      const s = await BlockedSearch.open(file, dim, { memoryBytes, probeBatch: 3, mapped });
      expect(s.mapped).toBe(mapped && native !== null);
      expect(s.plan(6).blockRows).toBe(4);
      const p = probes();
      const got = await s.search(p, 6);
      const want = bruteForce(gallery, p, dim, 6);
      expect(got.k).toBe(6);
      want.forEach((w, i) => {
        expect(Array.from(got.rows.subarray(i * 6, i * 6 + 6))).toEqual(w.rows);
        expect(Array.from(got.scores.subarray(i * 6, i * 6 + 6))).toEqual(w.scores);
      });
      expect(Array.from(got.rows.subarray(6, 12))).toEqual([0, 1, 2, 3, 4, 5]); // the zero probe: all tie, lowest rows first
      expect(Array.from(got.rows.subarray(0, 2))).toEqual([3, 31]); // the probe equal to two rows: both, lower first
      await s.close();
    });
  }

  it('returns the whole gallery, ranked, when it holds fewer rows than k', async () => {
    const small = path.join(dir, 'small.f32');
    const rows = gallery.slice(0, 3 * dim);
    await writeFile(small, new Uint8Array(rows.buffer));
    const s = await BlockedSearch.open(small, dim);
    const p = probes();
    const got = await s.search(p, 10);
    expect(got.k).toBe(3);
    bruteForce(rows, p, dim, 3).forEach((w, i) => expect(Array.from(got.rows.subarray(i * 3, i * 3 + 3))).toEqual(w.rows));
    await s.close();
  });

  it('refuses a file that is not whole rows, k below 1 and a budget that holds no row', async () => {
    const bad = path.join(dir, 'bad.f32');
    await writeFile(bad, new Uint8Array(dim * 4 + 2));
    await expect(BlockedSearch.open(bad, dim)).rejects.toThrow(InputError);
    await expect(BlockedSearch.open(path.join(dir, 'none.f32'), dim)).rejects.toThrow(/gallery vector file/);
    const s = await BlockedSearch.open(file, dim);
    await expect(s.search(probes(), 0)).rejects.toThrow(RangeError);
    await s.close();
    expect(() => planBlocks({ dim: 512, k: 10, rows: 100, memoryBytes: 1000, probeBatch: 256 })).toThrow(/holds no gallery row/);
  });
});
