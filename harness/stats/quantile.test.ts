import { describe, expect, it } from 'vitest';
import { quantileInPlace } from './quantile.ts';
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
