import { describe, expect, it } from 'vitest';
import { Bounds, checkBound, describeBound } from './bounds.ts';

describe('bounds', () => {
  it('describes ranges in words and finds values outside them, NaN and text included', () => {
    expect(describeBound(Bounds.workers)).toBe('a whole number from 1 to 256');
    expect(describeBound(Bounds.minOverlap)).toBe('a number > 0 and <= 1');
    expect(checkBound(Bounds.workers, 4)).toBeNull();
    expect([0, 257, 2.5, Number.NaN, 'abc'].map((v) => checkBound(Bounds.workers, v))).toEqual(['0', '257', '2.5', 'NaN (not a number)', '"abc"']);
    expect(checkBound(Bounds.minOverlap, 0)).toBe('0');
    expect(checkBound(Bounds.minOverlap, 1)).toBeNull();
  });
});
