import { describe, expect, it } from 'vitest';
import { TimeBoundError, withinTime } from './time-bound.ts';

describe('withinTime', () => {
  it('returns what the work returns, and lets its errors through', () => {
    const bytes = new Uint8Array([1, 2, 3]);
    expect(withinTime(1, () => bytes)).toBe(bytes);
    expect(() => withinTime(1, () => { throw new RangeError('bad'); })).toThrow(RangeError);
  });

  it('interrupts synchronous work that does not finish, wherever it loops', () => {
    let spins = 0;
    expect(() => withinTime(0.2, () => { for (;;) spins++; })).toThrow(TimeBoundError);
    expect(spins).toBeGreaterThan(0);
    expect(() => withinTime(0, () => 1)).toThrow(RangeError);
  });
});
