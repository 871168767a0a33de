import { describe, expect, it } from 'vitest';
import { fairnessDiscrepancyRate, garbe, giniOfRates, inequityRatio, log10Ratio, maxMinRatio } from './differentials.ts';
import { countBootstrap } from './count-bootstrap.ts';
import { derivedPercentileInterval, percentileInterval } from './cluster-bootstrap.ts';

describe('differential indices', () => {
  it('max/min ratio and log10 ratio, undefined at zero rates with a reason', () => {
    expect(maxMinRatio([0.01, 0.02, 0.015]).value).toBeCloseTo(2, 15);
    expect(maxMinRatio([0, 0.02])).toEqual({ value: null, note: 'a group has a rate of 0: the ratio is infinite' });
    expect(maxMinRatio([0, 0]).note).toMatch(/0\/0/);
    expect(log10Ratio(0.002, 0.001).value).toBeCloseTo(Math.log10(2), 15);
    expect(log10Ratio(0.002, 0).note).toMatch(/reference group has a rate of 0/);
  });
  it('GARBE: the Gini formula of Howard et al. by hand', () => {
    // x = (0.1, 0.2, 0.3): sum |xi - xj| = 0.8, n = 3, mean 0.2: 3/2 * 0.8 / (2 * 9 * 0.2) = 1/3
    expect(giniOfRates([0.1, 0.2, 0.3]).value).toBeCloseTo(1 / 3, 15);
    expect(giniOfRates([0.2, 0.2]).value).toBe(0);
    expect(garbe([0.1, 0.2, 0.3], [0.05, 0.05, 0.05], 0.5).value).toBeCloseTo(1 / 6, 15);
    expect(garbe([0, 0], null, 1).value).toBeNull();
  });
  it('FDR and inequity ratio', () => {
    expect(fairnessDiscrepancyRate([0.01, 0.03], [0.1, 0.2], 0.5).value).toBeCloseTo(1 - (0.5 * 0.02 + 0.5 * 0.1), 15);
    expect(fairnessDiscrepancyRate(null, [0.1, 0.2], 0).value).toBeCloseTo(0.9, 15);
    expect(inequityRatio([0.01, 0.04], [0.1, 0.4], 0.5).value).toBeCloseTo(4, 12);
    expect(inequityRatio([0, 0.04], [0.1, 0.4], 0.5).note).toMatch(/FPR: a group has a rate of 0/);
  });
  it('bootstrap intervals of an index from count replicates, repeatable by seed', () => {
    const boot = countBootstrap([20, 40], [100000, 100000], 2000, 5);
    const again = countBootstrap([20, 40], [100000, 100000], 2000, 5);
    expect(again.values).toEqual(boot.values);
    const ratio = derivedPercentileInterval(boot, (rate) => rate(1, 0) / rate(0, 0));
    expect(ratio.interval?.lower).toBeGreaterThan(1);
    expect(ratio.interval?.upper).toBeLessThan(4.5);
    const ci = percentileInterval(boot, 0, 0);
    expect(ci.lower).toBeLessThan(0.0002);
    expect(ci.upper).toBeGreaterThan(0.0002);
  });
  it('bad input is a named RangeError', () => {
    expect(() => maxMinRatio([0.1])).toThrow(/at least 2 groups, got 1/);
    expect(() => giniOfRates([0.1, 1.2])).toThrow(/group 1 must be in \[0, 1\], got 1.2/);
    expect(() => garbe([0.1, 0.2], null, 0.5)).toThrow(/no FNR rates/);
    expect(() => countBootstrap([3], [2], 10, 1)).toThrow(/k of group 0 must be in 0..2, got 3/);
  });
});
