import { describe, expect, it } from 'vitest';
import { quantileInPlace, quantilePairInPlace } from './quantile.ts';
import { createRng } from './rng.ts';

/** R's type 7 from a full sort: the reference the selection must equal exactly. */
function sortedQuantile(values: Float64Array, p: number): number {
  const s = Float64Array.from(values).sort();
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  const a = s[lo] as number;
  return h === lo ? a : a + (h - lo) * ((s[lo + 1] as number) - a);
}

describe('quantileInPlace', () => {
  it('equals the sorted type-7 quantile exactly, on short and long arrays (the sampled path), with and without ties', () => {
    const rng = createRng(17, 0);
    for (const n of [1, 2, 3, 599, 601, 2000, 4999]) {
      for (const ties of [false, true]) {
        const v = Float64Array.from({ length: n }, () => (ties ? Math.floor(rng.next() * 7) / 7 : rng.next()));
        for (const p of [0, 0.025, 0.5, 0.975, 1, rng.next()]) {
          const want = sortedQuantile(v, p);
          expect(quantileInPlace(v, p)).toBe(want);
        }
      }
    }
  });
  it('ignores NaN and refuses a p outside [0, 1] or nothing defined', () => {
    expect(quantileInPlace(Float64Array.of(NaN, 3, 1, NaN, 2), 0.5)).toBe(2);
    expect(() => quantileInPlace(Float64Array.of(1), 1.5)).toThrow(RangeError);
    expect(() => quantileInPlace(Float64Array.of(NaN), 0.5)).toThrow(/no defined values/);
  });
});

describe('quantilePairInPlace', () => {
  it('gives the bits of two quantileInPlace calls, either way round, on short and long arrays (the tails selected apart, and not), with ties, zeros, NaN and infinities', () => {
    const rng = createRng(23, 0);
    let pairs = 0;
    for (const n of [1, 2, 3, 600, 601, 2000, 4999]) {
      for (const kind of ['plain', 'ties', 'zeros and NaN', 'infinite tails'] as const) {
        const v = Float64Array.from({ length: n }, () => {
          const u = rng.next();
          if (kind === 'plain') return u;
          if (kind === 'ties') return Math.floor(u * 7) / 7;
          if (kind === 'infinite tails') return u < 0.03 ? -Infinity : u > 0.97 ? Infinity : u;
          return u < 0.1 ? NaN : u < 0.5 ? 0 : u;
        });
        if (v.every((x) => Number.isNaN(x))) continue;
        for (const [p1, p2] of [[0.025, 0.975], [0, 1], [0.5, 0.5], [0.9, 0.1], [rng.next(), rng.next()], [0.3, 0.30001]] as const) {
          const got = quantilePairInPlace(v.slice(), p1, p2);
          expect(got).toEqual([quantileInPlace(v.slice(), p1), quantileInPlace(v.slice(), p2)]);
          const defined = v.filter((x) => !Number.isNaN(x));
          expect(got).toEqual([sortedQuantile(defined, p1), sortedQuantile(defined, p2)]);
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(100);
  });
  it('reads only the first `length` values and refuses what quantileInPlace refuses', () => {
    expect(quantilePairInPlace(Float64Array.of(4, 1, 3, 2, 100, -100), 0.25, 0.75, 4)).toEqual([1.75, 3.25]);
    expect(() => quantilePairInPlace(Float64Array.of(1), 0.5, -0.1)).toThrow(RangeError);
    expect(() => quantilePairInPlace(Float64Array.of(NaN, NaN), 0.1, 0.9)).toThrow(/no defined values/);
  });
});
