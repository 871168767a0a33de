import { describe, expect, it } from 'vitest';
import { alertInterval, alertRate, fewerThanOneIn, twoSignificant } from './format.ts';

describe('error rates for people', () => {
  it('round "1 in N" to two significant figures', () => {
    expect(twoSignificant(5_134_726)).toBe(5_100_000);
    expect(twoSignificant(13)).toBe(13);
    expect(alertRate(1 / 5_134_726, 6e-7, 95)).toBe('about 1 in 5,100,000');
    expect(alertRate(1 / 6_496, 2e-4, 95)).toBe('about 1 in 6,500');
  });

  it('say rates from 2% up as percentages, never "1 in 1"', () => {
    expect(alertRate(1, 1, 95)).toBe('100.0%');
    expect(alertRate(0.5, 0.6, 95)).toBe('50.0%');
    expect(alertRate(0.03, 0.05, 95)).toBe('3.00%');
    expect(alertRate(0.019, 0.05, 95)).toBe('about 1 in 53');
    expect(alertInterval(0.5, 0.32, 1)).toBe('32.0% to 100.0%');
  });

  it('give "none observed" with its upper bound, rounded down so the bound is never overstated', () => {
    expect(alertRate(0, 1 / 2169, 95)).toBe('none observed (fewer than 1 in 2,100, 95% confidence)');
    expect(alertRate(0, 3 / 130_000, 90)).toBe('none observed (fewer than 1 in 43,000, 90% confidence)');
    expect(fewerThanOneIn(0.25)).toBe('25.0%');
    expect(alertRate(0, null, 95)).toBe('none observed');
  });

  it('give intervals rarer end first, in the words of the estimate', () => {
    expect(alertInterval(1 / 6_500, 1 / 11_000, 1 / 4_209)).toBe('1 in 11,000 to 1 in 4,200');
    expect(alertInterval(0.00012, 1.5e-5, 4.7e-4)).toBe('1 in 67,000 to 1 in 2,100');
  });
});
