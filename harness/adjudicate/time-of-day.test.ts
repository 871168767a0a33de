import { describe, expect, it } from 'vitest';
import { timeOfDayHours } from './adjudicate.ts';

describe('timeOfDayHours', () => {
  it('reads the local time as written, adds the elapsed time and wraps at midnight', () => {
    expect(timeOfDayHours('2026-03-01T14:30:00+01:00', 0)).toBe(14.5);
    expect(timeOfDayHours('2026-03-01T23:00:00Z', 2 * 3_600_000)).toBe(1);
    expect(timeOfDayHours('2026-03-01T09:15:36.5-05:00', 90_000)).toBeCloseTo(9 + 17 / 60 + 6.5 / 3600, 9);
    expect(timeOfDayHours('2026-03-01', 0)).toBeNaN();
  });
});
