import { describe, expect, it } from 'vitest';
import { reportFixture } from '../report/fixture.ts';
import { chooseThreshold } from './choose-threshold.ts';

const results = reportFixture();
const alpha = results.algorithms[0]!;
const beta = results.algorithms[1]!;
const base = { maxFpirOneIn: 6000, minTpir: 0.7, equity: 'none', passersByPerHour: 3770 } as const;

describe('chooseThreshold', () => {
  it('picks the lowest threshold whose crowd FPIR upper bound meets the bound', () => {
    // crowd k = 60, 8, 2, 1, 0 of 120,000: upper bounds about 1 in 1,570, 1 in 7,800, ... so 0.55 is the first.
    const c = chooseThreshold(results, alpha, base);
    expect(c.checks.map((x) => x.fpir.status)).toEqual(['fail', 'pass', 'pass', 'pass', 'pass']);
    expect(c.chosen).toBe(0.55);
    expect(c.outcome).toBe('chosen');
  });
  it('judges equity at every threshold: moves up past significant differences, and to equivalence when asked', () => {
    const c = chooseThreshold(results, alpha, { ...base, equity: 'no-significant-difference' });
    expect(c.checks.map((x) => x.equity.status)).toEqual(['fail', 'fail', 'pass', 'pass', 'pass']);
    expect(c.checks.map((x) => x.equity.significant)).toEqual([1, 1, 0, 0, 0]);
    expect(c.chosen).toBe(0.6);
    expect(chooseThreshold(results, alpha, { ...base, equity: 'equivalence' }).chosen).toBe(0.65);
  });
  it('counts comparisons too small to tell without failing the no-significant-difference policy', () => {
    const inconclusive = { ...alpha, comparisons: alpha.comparisons.map((c) => (c.threshold === 0.6 ? { ...c, verdict: 'too-small-to-tell' as const, reason: 'low-power' as const } : c)) };
    const c = chooseThreshold(results, inconclusive, { ...base, equity: 'no-significant-difference' });
    expect(c.chosen).toBe(0.6);
    expect(c.checks[2]?.equity).toMatchObject({ status: 'pass', inconclusive: 1, significant: 0 });
    expect(chooseThreshold(results, inconclusive, { ...base, equity: 'equivalence' }).checks[2]?.equity.status).toBe('fail');
  });
  it('says so when equity could not be tested (no comparisons at all)', () => {
    const c = chooseThreshold(results, beta, { ...base, equity: 'no-significant-difference' });
    expect(c.chosen).toBeNull();
    expect(c.lowestOnRates).toBe(0.55);
    expect(c.outcome).toBe('equity-not-met');
    expect(c.checks.every((x) => x.equity.status === 'untested')).toBe(true);
  });
  it('says when the true positive rate is too low wherever false positives are', () => {
    const c = chooseThreshold(results, alpha, { ...base, minTpir: 0.99 });
    expect(c.chosen).toBeNull();
    expect(c.outcome).toBe('tpir-too-low-where-fpir-met');
    expect(chooseThreshold(results, alpha, { ...base, maxFpirOneIn: 10_000_000 }).outcome).toBe('no-threshold-meets-fpir');
  });
});
