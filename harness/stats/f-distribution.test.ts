import { describe, expect, it } from 'vitest';
import { fUpperTail } from './f-distribution.ts';
import { chiSquareUpperTail } from './chi-square.ts';
import { readFixture, relDiff } from './fixtures/read-fixture.ts';

describe('F distribution', () => {
  it('upper tail agrees with R pf(lower.tail = FALSE) to 1e-11', () => {
    const rows = readFixture<{ x: number; d1: number; d2: number; upper: number }[]>('f-distribution.json');
    let worst = 0;
    let where = '';
    for (const r of rows) {
      const d = relDiff(fUpperTail(r.x, r.d1, r.d2), r.upper);
      if (d > worst) { worst = d; where = `x=${r.x} d1=${r.d1} d2=${r.d2}`; }
    }
    console.log(`pf over ${rows.length} cases: max relative difference from R ${worst.toExponential(2)} (${where})`);
    expect(worst).toBeLessThan(1e-11);
  });
  it('tends to the chi-square tail as d2 grows; edges', () => {
    expect(fUpperTail(2, 4, Infinity)).toBe(chiSquareUpperTail(8, 4));
    expect(relDiff(fUpperTail(2, 4, 1e9), chiSquareUpperTail(8, 4))).toBeLessThan(1e-7);
    expect(fUpperTail(0, 3, 10)).toBe(1);
    expect(fUpperTail(Infinity, 3, 10)).toBe(0);
  });
  it('bad arguments are a named StatsArgumentError', () => {
    expect(() => fUpperTail(-1, 1, 2)).toThrow(expect.objectContaining({ name: 'StatsArgumentError', message: 'fUpperTail: x must be a number >= 0, got -1' }));
    expect(() => fUpperTail(1, 0, 2)).toThrow(/d1 must be a finite number > 0, got 0/);
    expect(() => fUpperTail(1, 1, Number.NaN)).toThrow(/d2 must be a number > 0/);
  });
});
