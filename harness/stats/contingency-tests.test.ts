import { describe, expect, it } from 'vitest';
import { chiSquareTest, chiSquareUpperTail, chiSquareCdf } from './chi-square.ts';
import { fisherExact } from './fisher-exact.ts';
import { rateTable } from './contingency-table.ts';
import { readFixture, relDiff } from './fixtures/read-fixture.ts';

interface Row { rows: number; cols: number; counts: number[]; chisq: number; df: number; chisqP: number; chisqYates: number; chisqYatesP: number; minExpected: number; fisherP: number }
const rows = readFixture<Row[]>('contingency-tests.json');
const tableOf = (r: Row): number[][] => Array.from({ length: r.rows }, (_, i) => r.counts.slice(i * r.cols, (i + 1) * r.cols));

describe('chi-square distribution against R pchisq', () => {
  it('upper and lower tails to 1e-12 relative', () => {
    const ref = readFixture<{ x: number; df: number; upper: number; lower: number }[]>('chisq-distribution.json');
    let worst = 0;
    for (const r of ref) worst = Math.max(worst, relDiff(chiSquareUpperTail(r.x, r.df), r.upper), relDiff(chiSquareCdf(r.x, r.df), r.lower));
    console.log(`pchisq: max relative difference from R ${worst.toExponential(2)} over ${ref.length} cases`);
    expect(worst).toBeLessThan(1e-12);
  });
});

describe('tests of homogeneity against R chisq.test and fisher.test', () => {
  it(`chi-square statistic and p-value (with and without Yates) over ${rows.length} tables`, () => {
    let worst = 0;
    for (const r of rows) {
      const t = chiSquareTest(tableOf(r));
      worst = Math.max(worst, relDiff(t.statistic, r.chisq), relDiff(t.pValue, r.chisqP), relDiff(t.minExpected, r.minExpected));
      expect(t.df).toBe(r.df);
      expect(t.note === null).toBe(r.minExpected >= 5);
      const y = chiSquareTest(tableOf(r), true);
      worst = Math.max(worst, relDiff(y.statistic, r.chisqYates), relDiff(y.pValue, r.chisqYatesP));
    }
    console.log(`chisq.test: max relative difference from R ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-9);
  });
  it('Fisher exact p-values to 1e-6 relative (2 x 2, 2 x c, 3 x c)', () => {
    let worst = 0;
    for (const r of rows) {
      const f = fisherExact(tableOf(r));
      expect(f.method).toBe('fisher-exact');
      worst = Math.max(worst, relDiff(f.pValue, r.fisherP));
    }
    console.log(`fisher.test: max relative difference from R ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });
  it('Monte Carlo beyond the enumeration limit: seeded, repeatable, close to the exact value', () => {
    const r = rows[5] as Row; // 2 x 5 with hundreds per group
    const mc = fisherExact(tableOf(r), { maxTables: 10, replicates: 4000, seed: 7 });
    expect(mc.method).toBe('fisher-monte-carlo');
    expect(fisherExact(tableOf(r), { maxTables: 10, replicates: 4000, seed: 7 }).pValue).toBe(mc.pValue);
    expect(Math.abs(mc.pValue - r.fisherP)).toBeLessThan(4 * (mc.standardError as number) + 1e-3);
    console.log(`fisher Monte Carlo: ${mc.pValue.toFixed(4)} ± ${(mc.standardError as number).toFixed(4)} vs exact ${r.fisherP.toFixed(4)}`);
  });
  it('bad input is a named RangeError', () => {
    expect(() => chiSquareTest([[1, 2]])).toThrow(/at least two rows \(groups\), got 1/);
    expect(() => chiSquareTest([[1, 2], [0, 0]])).toThrow(/row 1 is empty/);
    expect(() => fisherExact([[1, -2], [3, 4]])).toThrow(/\[0\]\[1\] must be a whole number >= 0, got -2/);
    expect(() => rateTable([5], [4])).toThrow(/got 5/);
  });
});
