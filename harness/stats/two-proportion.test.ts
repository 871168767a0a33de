import { describe, expect, it } from 'vitest';
import { twoProportionRatioTost, twoProportionTest, twoProportionTost } from './two-proportion.ts';
import { adjustPValues } from './p-adjust.ts';
import { readFixture, relDiff } from './fixtures/read-fixture.ts';

describe('two proportions', () => {
  it('pooled z-test agrees with R prop.test(correct = FALSE) to 1e-9', () => {
    const rows = readFixture<{ k1: number; n1: number; k2: number; n2: number; pValue: number }[]>('two-proportion.json');
    let worst = 0;
    for (const r of rows) worst = Math.max(worst, relDiff(twoProportionTest(r.k1, r.n1, r.k2, r.n2).pValue, r.pValue));
    console.log(`prop.test (2 groups): max relative difference from R ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-9);
  });
  it("Newcombe's interval matches his published example (56/70 - 48/80: 0.0524 to 0.3339)", () => {
    const t = twoProportionTest(56, 70, 48, 80);
    expect(t.lower).toBeCloseTo(0.0524, 4);
    expect(t.upper).toBeCloseTo(0.3339, 4);
  });
  it('TOST: equivalent when close with large groups, not with small ones, never NaN at zero counts', () => {
    expect(twoProportionTost(3560, 4000, 3540, 4000, 0.05).equivalent).toBe(true);
    expect(twoProportionTost(8, 10, 8, 10, 0.05).equivalent).toBe(false);
    const z = twoProportionTost(0, 500, 0, 400, 0.01);
    expect(Number.isFinite(z.pValue)).toBe(true);
    expect(z.equivalent).toBe(true);
    expect(() => twoProportionTost(1, 10, 1, 10, 0)).toThrow(/margin must be in \(0, 1\), got 0/);
    expect(() => twoProportionTest(1, 0, 1, 10)).toThrow(/k=1 > n=0/);
    expect(() => twoProportionTest(0, 0, 1, 10)).toThrow(/empty group/);
  });
  it('ratio TOST for rare events: equivalent within a factor with large crowds, not with few alerts', () => {
    expect(twoProportionRatioTost(100, 600000, 110, 600000, 2).equivalent).toBe(true);
    expect(twoProportionRatioTost(3, 20000, 4, 20000, 2).equivalent).toBe(false);
    const z = twoProportionRatioTost(0, 20000, 0, 20000, 2);
    expect(Number.isFinite(z.pValue)).toBe(true);
    expect(z.equivalent).toBe(false);
    expect(() => twoProportionRatioTost(1, 10, 1, 10, 1)).toThrow(/ratioMargin must be > 1, got 1/);
  });
  it('p.adjust: Holm, BH and Bonferroni exactly as R', () => {
    const [r] = readFixture<{ p: number[]; holm: number[]; bh: number[]; bonferroni: number[] }[]>('p-adjust.json');
    if (r === undefined) throw new Error('fixture empty');
    const close = (a: number[], b: number[]): void => a.forEach((x, i) => expect(relDiff(x, b[i] as number)).toBeLessThan(1e-15));
    close(adjustPValues(r.p, 'holm'), r.holm);
    close(adjustPValues(r.p, 'benjamini-hochberg'), r.bh);
    close(adjustPValues(r.p, 'bonferroni'), r.bonferroni);
    expect(() => adjustPValues([0.5, Number.NaN], 'holm')).toThrow(/p\[1\] must be in \[0, 1\], got NaN/);
  });
});
