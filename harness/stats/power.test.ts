import { describe, expect, it } from 'vitest';
import { crowdSizeForFpir, designEffect, detectableTpirDifference, planTpirComparison, twoProportionPower, twoProportionSampleSize } from './power.ts';
import { binomialUpperBound } from './upper-bound.ts';
import { incompleteBetaUpper } from './beta.ts';

/** P(the exact bound falls below target) at every crowd size 1..max, by brute force: kmax(n) grows one step at a time. */
function powerByCrowd(target: number, trueRate: number, max: number, level = 0.95): Float64Array {
  const out = new Float64Array(max + 1);
  let kmax = -1;
  for (let n = 1; n <= max; n++) {
    while (kmax + 1 <= n && binomialUpperBound(kmax + 1, n, level) <= target) kmax++;
    out[n] = kmax < 0 ? 0 : kmax >= n ? 1 : incompleteBetaUpper(trueRate, kmax + 1, n - kmax);
  }
  return out;
}
import { readFixture, relDiff } from './fixtures/read-fixture.ts';

describe('sample size and power', () => {
  it('agrees with R power.prop.test (n to 1e-9, power at n = 100 to 1e-12)', () => {
    const rows = readFixture<{ p1: number; p2: number; power: number; alpha: number; n: number; powerAt100: number }[]>('power-prop.json');
    let worstN = 0;
    let worstP = 0;
    for (const r of rows) {
      worstN = Math.max(worstN, relDiff(twoProportionSampleSize(r.p1, r.p2, r.power, r.alpha), r.n));
      worstP = Math.max(worstP, relDiff(twoProportionPower(r.p1, r.p2, 100, r.alpha), r.powerAt100));
    }
    console.log(`power.prop.test: n max relative difference ${worstN.toExponential(2)}, power ${worstP.toExponential(2)} over ${rows.length} cases`);
    expect(worstN).toBeLessThan(1e-9);
    expect(worstP).toBeLessThan(1e-12);
  });
  it('repeated passes inflate the volunteers needed by the design effect', () => {
    const iid = planTpirComparison({ tpir: 0.89, delta: 0.05, power: 0.8, alpha: 0.05, passes: 10, icc: 0 });
    const corr = planTpirComparison({ tpir: 0.89, delta: 0.05, power: 0.8, alpha: 0.05, passes: 10, icc: 0.2 });
    expect(designEffect(10, 0.2)).toBeCloseTo(2.8, 15);
    expect(corr.searchesPerGroup).toBeGreaterThanOrEqual(Math.ceil(iid.independentSearches * 2.8) - 10);
    expect(corr.volunteersPerGroup).toBeGreaterThan(2.5 * iid.volunteersPerGroup);
    console.log(`plan: TPIR 0.89 vs 0.84, power 0.8, 10 passes: ${iid.volunteersPerGroup} volunteers/group (icc 0), ${corr.volunteersPerGroup} (icc 0.2)`);
  });
  it('crowd size to bound FPIR: rule of 3 with no alerts, exact with k alerts, with power at a true rate', () => {
    const n0 = crowdSizeForFpir({ target: 1 / 6000 });
    expect(binomialUpperBound(0, n0)).toBeLessThanOrEqual(1 / 6000);
    expect(binomialUpperBound(0, n0 - 1)).toBeGreaterThan(1 / 6000);
    expect(Math.abs(n0 / 18000 - 1)).toBeLessThan(0.01);
    const n5 = crowdSizeForFpir({ target: 1 / 6000, alerts: 5 });
    expect(binomialUpperBound(5, n5)).toBeLessThanOrEqual(1 / 6000);
    expect(binomialUpperBound(5, n5 - 1)).toBeGreaterThan(1 / 6000);
    const np = crowdSizeForFpir({ target: 1 / 6000, trueRate: 1 / 12000, power: 0.8 });
    expect(np).toBeGreaterThan(n5);
    console.log(`crowd for FPIR < 1/6000 at 95%: ${n0} (no alerts), ${n5} (5 alerts), ${np} (true FPIR 1/12000, power 0.8)`);
  });
  it('crowd size with power at a true rate: the smallest from which power stays above target for every larger crowd', () => {
    // binomial power is a sawtooth in n: check the answer against every crowd size up to 8 times it
    for (const [target, trueRate, power] of [[1 / 100, 1 / 250, 0.8], [1 / 200, 1 / 400, 0.9], [1 / 50, 1 / 120, 0.8]] as const) {
      const answer = crowdSizeForFpir({ target, trueRate, power });
      const curve = powerByCrowd(target, trueRate, 8 * answer);
      let firstReach = 0;
      while ((curve[firstReach] as number) < power) firstReach++;
      let worst = 1;
      for (let n = answer; n < curve.length; n++) worst = Math.min(worst, curve[n] as number);
      console.log(`FPIR below ${target.toFixed(4)} when it is ${trueRate.toFixed(4)}, power ${power}: power first reached at n = ${firstReach}, ` +
        `stays from n = ${answer} (lowest after it ${worst.toFixed(4)}, at ${answer - 1}: ${(curve[answer - 1] as number).toFixed(4)})`);
      expect(worst).toBeGreaterThanOrEqual(power);
      expect(curve[answer - 1] as number).toBeLessThan(power);
      expect(firstReach).toBeLessThanOrEqual(answer);
    }
  });
  it('the smallest detectable TPIR difference, or null when no difference is detectable', () => {
    const d = detectableTpirDifference({ tpir: 0.89, volunteers: 80, passes: 10, icc: 0.1, power: 0.8, alpha: 0.05 });
    expect(d).not.toBeNull();
    expect(twoProportionPower(0.89, 0.89 - (d ?? 0), (80 * 10) / 1.9, 0.05)).toBeCloseTo(0.8, 9);
    expect(detectableTpirDifference({ tpir: 0.1, volunteers: 1, passes: 1, icc: 0, power: 0.99, alpha: 0.001 })).toBeNull();
  });
  it('bad input is a named RangeError', () => {
    expect(() => twoProportionSampleSize(0.9, 0.9)).toThrow(/must differ/);
    expect(() => twoProportionPower(0.9, 1.2, 10)).toThrow(/p2 must be in \[0, 1\], got 1.2/);
    expect(() => designEffect(10, -0.1)).toThrow(/got -0.1/);
    expect(() => crowdSizeForFpir({ target: 0.001, trueRate: 0.002 })).toThrow(/below target/);
  });
});
