import { describe, expect, it } from 'vitest';
import { breslowDay } from './breslow-day.ts';
import { generalizedCmh } from './generalized-cmh.ts';
import { cochranMantelHaenszel, type Stratum2x2 } from './mantel-haenszel.ts';
import { readFixture, relDiff } from './fixtures/read-fixture.ts';

interface Cmh2Ref {
  name: string; counts: number[]; cmhCorrected: number; cmhCorrectedP: number; cmh: number; cmhP: number; oddsRatio: number;
  ci95: number[]; ci90: number[]; bd: number; bdDf: number; bdP: number; tarone: number; taroneP: number; bdStrata: number;
}
interface GeneralRef { name: string; rows: number; cols: number; counts: number[]; statistic: number; df: number; pValue: number }
const refs = readFixture<{ cmh2x2: Cmh2Ref[]; generalized: GeneralRef[] }>('stratified-tests.json');

function strata(counts: readonly number[]): Stratum2x2[] {
  return Array.from({ length: counts.length / 4 }, (_, k) => ({ a: counts[4 * k] as number, b: counts[4 * k + 1] as number, c: counts[4 * k + 2] as number, d: counts[4 * k + 3] as number }));
}

// Reference values: scripts/r/make-stratified-fixtures.R (R's mantelhaen.test; Breslow-Day written out in R and
// checked there against statsmodels' StratifiedTable.test_equal_odds).
describe('Cochran-Mantel-Haenszel and Breslow-Day against R', () => {
  let worst = 0;
  for (const ref of refs.cmh2x2) {
    it(`${ref.name}: CMH (with and without correction), common odds ratio and intervals, Breslow-Day and Tarone`, () => {
      const s = strata(ref.counts);
      const corrected = cochranMantelHaenszel(s);
      const plain = cochranMantelHaenszel(s, { correct: false, level: 0.9 });
      const bd = breslowDay(s);
      const pairs: [number, number][] = [
        [corrected.statistic, ref.cmhCorrected], [corrected.pValue, ref.cmhCorrectedP], [plain.statistic, ref.cmh], [plain.pValue, ref.cmhP],
        [corrected.oddsRatio, ref.oddsRatio], [corrected.lower, ref.ci95[0] as number], [corrected.upper, ref.ci95[1] as number],
        [plain.lower, ref.ci90[0] as number], [plain.upper, ref.ci90[1] as number],
        [bd.statistic, ref.bd], [bd.pValue, ref.bdP], [bd.tarone, ref.tarone], [bd.taronePValue, ref.taroneP],
      ];
      for (const [mine, theirs] of pairs) worst = Math.max(worst, relDiff(mine, theirs));
      expect(worst).toBeLessThan(1e-9);
      expect(bd.df).toBe(ref.bdDf);
      expect(bd.strata).toBe(ref.bdStrata);
    });
  }
  it('prints the worst relative difference from R', () => {
    console.log(`CMH / Breslow-Day: max relative difference from R ${worst.toExponential(2)}`);
  });
});

describe('generalised CMH (I x J x K) against R', () => {
  let worst = 0;
  for (const ref of refs.generalized) {
    it(`${ref.name}: statistic, df, p`, () => {
      const size = ref.rows * ref.cols;
      const tables = Array.from({ length: ref.counts.length / size }, (_, k) => ref.counts.slice(k * size, (k + 1) * size));
      const g = generalizedCmh(tables, ref.rows, ref.cols);
      expect(g.df).toBe(ref.df);
      worst = Math.max(worst, relDiff(g.statistic, ref.statistic), relDiff(g.pValue, ref.pValue));
      expect(worst).toBeLessThan(1e-9);
    });
  }
  it('prints the worst relative difference from R', () => {
    console.log(`generalised CMH: max relative difference from R ${worst.toExponential(2)}`);
  });
  it('equals the uncorrected 2 x 2 x K CMH on two groups', () => {
    const s = strata(refs.cmh2x2[2]?.counts ?? []);
    const g = generalizedCmh(s.map((x) => [x.a, x.b, x.c, x.d]), 2, 2);
    expect(relDiff(g.statistic, cochranMantelHaenszel(s, { correct: false }).statistic)).toBeLessThan(1e-12);
  });
});

describe('stratified tests on awkward input', () => {
  it('leave out strata with one observation or an empty margin, and say how many they used', () => {
    const s: Stratum2x2[] = [{ a: 12, b: 38, c: 20, d: 30 }, { a: 1, b: 0, c: 0, d: 0 }, { a: 0, b: 0, c: 5, d: 5 }, { a: 15, b: 35, c: 24, d: 26 }];
    expect(cochranMantelHaenszel(s).strata).toBe(3);
    const base = cochranMantelHaenszel([s[0] as Stratum2x2, s[3] as Stratum2x2]);
    // the stratum with one row empty has E a = a and no variance: it changes nothing
    expect(cochranMantelHaenszel(s).statistic).toBeCloseTo(base.statistic, 12);
    expect(breslowDay(s).strata).toBe(2);
  });
  it('give NaN, not a number that looks like evidence, when nothing can be tested', () => {
    expect(cochranMantelHaenszel([{ a: 0, b: 10, c: 0, d: 12 }]).statistic).toBeNaN();
    expect(breslowDay([{ a: 0, b: 10, c: 0, d: 12 }, { a: 0, b: 5, c: 0, d: 8 }]).statistic).toBeNaN();
    expect(breslowDay([{ a: 3, b: 10, c: 4, d: 12 }]).statistic).toBeNaN();
    expect(generalizedCmh([[0, 0, 0, 1]], 2, 2).statistic).toBeNaN();
  });
  it('reject negative or non-finite counts and malformed tables', () => {
    expect(() => cochranMantelHaenszel([{ a: -1, b: 1, c: 1, d: 1 }])).toThrow(/stratum 0 has a = -1/);
    expect(() => breslowDay([{ a: 1, b: NaN, c: 1, d: 1 }])).toThrow(/finite/);
    expect(() => generalizedCmh([[1, 2, 3]], 2, 2)).toThrow(/3 counts, expected 4/);
    expect(() => generalizedCmh([[1, 2, 3, 4]], 1, 4)).toThrow(/at least 2 rows/);
  });
});
