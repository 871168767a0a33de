import { describe, expect, it } from 'vitest';
import { factorDesign, logisticRegression, waldTest } from './logistic-regression.ts';
import { readCsvFixture, readFixture, relDiff } from './fixtures/read-fixture.ts';

interface Ref { name: string; terms: string; dropped: string; coef: number[]; se: number[]; vcov: number[] }
const refs = readFixture<Ref[]>('logistic-cluster.json');

function fitCsv(name: string) {
  const rows = readCsvFixture(`${name}.csv`);
  const sexLevels = ['female', 'male'];
  const ethLevels = ['white', 'asian', 'black', 'other'];
  const design = factorDesign([
    { name: 'sex', levels: sexLevels, codes: rows.map((r) => sexLevels.indexOf(r.sex as string)) },
    { name: 'eth', levels: ethLevels, codes: rows.map((r) => ethLevels.indexOf(r.eth as string)) },
  ], true);
  return logisticRegression(design, rows.map(() => 1), rows.map((r) => Number(r.y)), rows.map((r) => Number(r.subject)));
}

describe('logistic regression with cluster-robust errors against R glm + sandwich::vcovCL', () => {
  for (const ref of refs) {
    it(`${ref.name}: coefficients, standard errors and covariance to 1e-6 relative`, () => {
      const fit = fitCsv(ref.name);
      expect(fit.coefficients.map((c) => c.term).join('|')).toBe(ref.terms);
      expect(fit.dropped.join('|')).toBe(ref.dropped);
      let worst = 0;
      fit.coefficients.forEach((c, i) => {
        worst = Math.max(worst, relDiff(c.estimate, ref.coef[i] as number), relDiff(c.se, ref.se[i] as number));
      });
      const p = fit.coefficients.length;
      for (let i = 0; i < p * p; i++) worst = Math.max(worst, Math.abs((fit.vcov[i] as number) - (ref.vcov[i] as number)) / Math.max(...ref.vcov.map(Math.abs)));
      console.log(`${ref.name}: max relative difference from R ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-6);
      if (ref.dropped !== '') expect(fit.notes.join(' ')).toMatch(/empty cell/);
    });
  }
  it('rows aggregated per volunteer (trials > 1) give the same estimates and cluster-robust covariance', () => {
    const rows = readCsvFixture('logit-full.csv');
    const bySubject = new Map<string, { sex: number; eth: number; m: number; y: number }>();
    const sexLevels = ['female', 'male'];
    const ethLevels = ['white', 'asian', 'black', 'other'];
    for (const r of rows) {
      const key = r.subject as string;
      const cur = bySubject.get(key) ?? { sex: sexLevels.indexOf(r.sex as string), eth: ethLevels.indexOf(r.eth as string), m: 0, y: 0 };
      cur.m += 1;
      cur.y += Number(r.y);
      bySubject.set(key, cur);
    }
    const agg = [...bySubject.entries()];
    const design = factorDesign([
      { name: 'sex', levels: sexLevels, codes: agg.map(([, v]) => v.sex) },
      { name: 'eth', levels: ethLevels, codes: agg.map(([, v]) => v.eth) },
    ], true);
    const fit = logisticRegression(design, agg.map(([, v]) => v.m), agg.map(([, v]) => v.y), agg.map(([k]) => Number(k)));
    const ref = refs[0] as Ref;
    let worst = 0;
    fit.coefficients.forEach((c, i) => (worst = Math.max(worst, relDiff(c.estimate, ref.coef[i] as number), relDiff(c.se, ref.se[i] as number))));
    console.log(`aggregated rows: max relative difference from R ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-6);
  });
  it('Wald tests of the interaction and of ethnicity are chi-square with the right df', () => {
    const fit = fitCsv('logit-full');
    const w = waldTest(fit, fit.coefficients.filter((c) => c.term.includes(':')).map((c) => c.term));
    expect(w.df).toBe(3);
    expect(w.pValue).toBeGreaterThan(0);
    expect(w.pValue).toBeLessThan(1);
  });
  it('separation is reported, not crashed on', () => {
    const rows = readCsvFixture('logit-separation.csv');
    const design = factorDesign([{ name: 'sex', levels: ['female', 'male'], codes: rows.map((r) => (r.sex === 'male' ? 1 : 0)) }], false);
    const fit = logisticRegression(design, rows.map(() => 1), rows.map((r) => Number(r.y)), rows.map((r) => Number(r.subject)));
    expect(fit.notes.join(' ')).toMatch(/Separation/);
    for (const c of fit.coefficients) expect(Number.isFinite(c.estimate)).toBe(true);
  });
  it('bad input is a named RangeError', () => {
    const d = factorDesign([{ name: 'sex', levels: ['f', 'm'], codes: [0, 1] }], false);
    expect(() => logisticRegression(d, [1, 1], [2, 0], [1, 2])).toThrow(/row 0 must be in 0..1, got 2/);
    expect(() => logisticRegression(d, [1, 1], [1, 0], [1, 1])).toThrow(/at least two clusters, got 1/);
    expect(() => factorDesign([{ name: 'sex', levels: ['f', 'm'], codes: [0, 3] }], false)).toThrow(/level 3/);
  });
});
