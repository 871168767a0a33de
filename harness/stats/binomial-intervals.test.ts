import { describe, expect, it } from 'vitest';
import { clopperPearson } from './clopper-pearson.ts';
import { wilson, wilsonCorrected } from './wilson.ts';
import { jeffreys } from './jeffreys.ts';
import { binomialUpperBound, ruleOfThree } from './upper-bound.ts';
import { logBeta, logGamma } from './beta.ts';
import { readFixture, relDiff } from './fixtures/read-fixture.ts';

interface Row { k: number; n: number; level: number; cp: number[]; wilson: number[]; wilsonCC: number[]; jeffreys: number[]; upperOneSided: number }
const rows = readFixture<Row[]>('binomial-intervals.json');

describe('binomial intervals against R (binom.test, prop.test, qbeta)', () => {
  const methods = [
    ['clopper-pearson', clopperPearson, 'cp'],
    ['wilson', wilson, 'wilson'],
    ['wilson, continuity corrected', wilsonCorrected, 'wilsonCC'],
    ['jeffreys', jeffreys, 'jeffreys'],
  ] as const;
  for (const [name, fn, key] of methods) {
    it(`${name}: 1e-12 relative over ${rows.length} cases (k = 0, k = n, n = 1 .. 1e8, k in the thousands and millions)`, () => {
      let worst = 0;
      let where = '';
      for (const r of rows) {
        const got = fn(r.k, r.n, r.level);
        const want = r[key];
        for (const [g, w] of [[got.lower, want[0] as number], [got.upper, want[1] as number]] as const) {
          const d = relDiff(g, w);
          if (d > worst) { worst = d; where = `k=${r.k} n=${r.n} level=${r.level}: got ${g}, R ${w}`; }
        }
      }
      console.log(`${name}: max relative difference from R ${worst.toExponential(2)} (${where})`);
      expect(worst, where).toBeLessThan(1e-12);
    });
  }
  it('one-sided upper bound agrees with binom.test(alternative = "less") to 1e-12', () => {
    let worst = 0;
    for (const r of rows) worst = Math.max(worst, relDiff(binomialUpperBound(r.k, r.n, r.level), r.upperOneSided));
    console.log(`one-sided upper bound: max relative difference from R ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-12);
  });
  it('the issue 12 case: k = 8,439 in n = 975,972, where the upper bound lost 1.7e-8', () => {
    // R: binom.test(8439, 975972)$conf.int[2] = 0.0088324261240134705
    expect(relDiff(clopperPearson(8439, 975972).upper, 0.0088324261240134705)).toBeLessThan(1e-13);
  });
  it('zero events: the exact bound is close to the rule of 3', () => {
    for (const n of [300, 6000, 130000]) expect(Math.abs(binomialUpperBound(0, n) / ruleOfThree(n) - 1)).toBeLessThan(0.01);
  });
  it('logBeta stays accurate for huge arguments', () => {
    expect(relDiff(logBeta(1, 1e7), -Math.log(1e7))).toBeLessThan(1e-15);
    expect(relDiff(logBeta(2, 1e7), -Math.log(1e7) - Math.log(1e7 + 1))).toBeLessThan(1e-14);
  });
  it('logGamma: Infinity at the poles 0, -1, -2, ... as R\'s lgamma; finite between them', () => {
    for (const x of [0, -1, -2, -170]) expect(logGamma(x)).toBe(Infinity);
    // R: lgamma(-2.5) = -0.056243716497674033, lgamma(-0.5) = 1.2655121234846454
    expect(relDiff(logGamma(-2.5), -0.056243716497674033)).toBeLessThan(1e-13);
    expect(relDiff(logGamma(-0.5), 1.2655121234846454)).toBeLessThan(1e-14);
    expect(logGamma(Number.NaN)).toBeNaN();
  });
  it('bad input is a named RangeError', () => {
    expect(() => jeffreys(-1, 10)).toThrow(/k must be a whole number >= 0, got -1/);
    expect(() => wilsonCorrected(11, 10)).toThrow(/k=11 > n=10/);
    expect(() => binomialUpperBound(1, 10, 1)).toThrow(/level must be in \(0, 1\), got 1/);
    expect(() => clopperPearson(1, 10, 0)).toThrow(/got 0/);
    expect(() => ruleOfThree(0)).toThrow(/got 0/);
  });
});
