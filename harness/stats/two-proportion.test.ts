import { describe, expect, it } from 'vitest';
import { newcombeInterval, twoProportionRatioTost, twoProportionTest, twoProportionTost } from './two-proportion.ts';
import { wilson, wilsonEffective } from './wilson.ts';
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
  it('Newcombe at effective (fractional) sizes: the same as on counts when the size is n; wider when n is divided by d', () => {
    const t = twoProportionTest(56, 70, 48, 80);
    expect(newcombeInterval({ rate: 56 / 70, size: 70 }, { rate: 48 / 80, size: 80 })).toEqual({ lower: t.lower, upper: t.upper });
    expect(wilsonEffective(89 / 100, 100)).toEqual(wilson(89, 100));
    const d = newcombeInterval({ rate: 0.8, size: 70 / 2.5 }, { rate: 0.6, size: 80 / 2.5 });
    expect(d.upper - d.lower).toBeGreaterThan(1.5 * (t.upper - t.lower));
    expect(() => wilsonEffective(0.5, 0)).toThrow(/size must be a finite number > 0, got 0/);
  });
  it('TOST reports the estimate its tests and interval use (Agresti-Caffo; log ratio on counts + 1/2)', () => {
    const t = twoProportionTost(30, 40, 20, 40, 0.3);
    expect(t.scale).toBe('difference');
    expect(t.estimate).toBeCloseTo(31 / 42 - 21 / 42, 15);
    expect((t.lower + t.upper) / 2).toBeCloseTo(t.estimate, 15);
    const r = twoProportionRatioTost(3, 20000, 6, 20000, 4);
    expect(r.scale).toBe('ratio');
    expect(r.estimate).toBeCloseTo(3.5 / 6.5, 15);
    expect(Math.sqrt(r.lower * r.upper)).toBeCloseTo(r.estimate, 14);
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
    // a method name from a file is not checked by the type: it used to run BH without a word
    const unknown = JSON.parse('"BH"') as Parameters<typeof adjustPValues>[1];
    expect(() => adjustPValues([0.01, 0.02], unknown)).toThrow(expect.objectContaining({
      name: 'StatsArgumentError', message: 'adjustPValues: method must be one of holm, benjamini-hochberg, bonferroni, none, got BH',
    }));
  });
});
