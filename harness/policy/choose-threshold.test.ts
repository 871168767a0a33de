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
    expect(c.rationale).toMatch(/lowest threshold that meets it is 0\.55/);
    expect(c.rationale).toMatch(/0\.50, fails: its false positive upper bound/);
  });
  it('moves up when a test finds a significant difference, and to equivalence when asked', () => {
    expect(chooseThreshold(results, alpha, { ...base, equity: 'no-significant-difference' }).chosen).toBe(0.6);
    expect(chooseThreshold(results, alpha, { ...base, equity: 'equivalence' }).chosen).toBe(0.65);
  });
  it('says so when equity was never tested', () => {
    const c = chooseThreshold(results, beta, { ...base, equity: 'no-significant-difference' });
    expect(c.chosen).toBeNull();
    expect(c.lowestOnRates).toBe(0.55);
    expect(c.rationale).toMatch(/no test between groups was run there/);
  });
  it('explains when the true positive rate is too low wherever false positives are', () => {
    const c = chooseThreshold(results, alpha, { ...base, minTpir: 0.99 });
    expect(c.chosen).toBeNull();
    expect(c.rationale).toMatch(/true positive rate falls below 99\.0%/);
  });
});
