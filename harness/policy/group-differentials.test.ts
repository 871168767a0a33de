import { describe, expect, it } from 'vitest';
import { groupDifferentials } from './group-differentials.ts';

describe('groupDifferentials', () => {
  it('computes ratio, difference and GARBE by hand', () => {
    const d = groupDifferentials([0.01, 0.02, 0.03]);
    expect(d.maxMinRatio).toBeCloseTo(3, 12);
    expect(d.maxDifference).toBeCloseTo(0.02, 12);
    // sum |xi-xj| over ordered pairs = 2*(0.01+0.02+0.01) = 0.08; G = 3/2 * 0.08 / (2*9*0.02) = 1/3
    expect(d.garbe).toBeCloseTo(1 / 3, 12);
    expect(d.note).toBeNull();
  });
  it('says why the ratio is undefined when a group has no errors', () => {
    const d = groupDifferentials([0, 0.02]);
    expect(d.maxMinRatio).toBeNull();
    expect(d.note).toMatch(/no errors/);
    expect(groupDifferentials([0, 0]).garbe).toBeNull();
  });
  it('needs two groups and rejects rates outside 0..1', () => {
    expect(groupDifferentials([0.1]).maxMinRatio).toBeNull();
    expect(() => groupDifferentials([1.2, 0.1])).toThrow(/1\.2/);
    expect(() => groupDifferentials([Number.NaN, 0.1])).toThrow(RangeError);
  });
});
