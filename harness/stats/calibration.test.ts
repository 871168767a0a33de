/**
 * Calibration by simulation at the count level, with fixed seeds: with no true differential each test should reject
 * at about its nominal alpha, and 95% intervals should cover the truth in about 93-97% of simulated campaigns.
 * The measured rates are printed.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from './rng.ts';
import { binomialSample } from './sample.ts';
import { clopperPearson } from './clopper-pearson.ts';
import { wilson } from './wilson.ts';
import { jeffreys } from './jeffreys.ts';
import { chiSquareTest } from './chi-square.ts';
import { fisherExact } from './fisher-exact.ts';
import { twoProportionRatioTost, twoProportionTest, twoProportionTost } from './two-proportion.ts';
import { adjustPValues } from './p-adjust.ts';
import { clusterBootstrap, percentileInterval } from './cluster-bootstrap.ts';
import { factorDesign, logisticRegression, waldTest } from './logistic-regression.ts';

const CAMPAIGNS = 2000;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Volunteer-level hits with intra-volunteer correlation: a volunteer is easy (0.95) w.p. 0.8, hard (0.65) else. */
function volunteerHits(rng: Rng, volunteers: number, passes: number): number[] {
  return Array.from({ length: volunteers }, () => binomialSample(rng, passes, rng.next() < 0.8 ? 0.95 : 0.65));
}
const TRUE_TPIR = 0.8 * 0.95 + 0.2 * 0.65; // 0.89

describe(`calibration over ${CAMPAIGNS} simulated campaigns (fixed seeds)`, () => {
  it('binomial 95% intervals cover the true rate about 95% of the time (independent searches)', () => {
    const rng = createRng(101, 0);
    const cover = { cp: 0, wilson: 0, jeffreys: 0 };
    for (let s = 0; s < CAMPAIGNS; s++) {
      const n = 4000;
      const k = binomialSample(rng, n, 0.89);
      for (const [name, f] of [['cp', clopperPearson], ['wilson', wilson], ['jeffreys', jeffreys]] as const) {
        const ci = f(k, n, 0.95);
        if (ci.lower <= 0.89 && 0.89 <= ci.upper) cover[name]++;
      }
    }
    const c = { cp: cover.cp / CAMPAIGNS, wilson: cover.wilson / CAMPAIGNS, jeffreys: cover.jeffreys / CAMPAIGNS };
    console.log(`coverage, TPIR 0.89, n = 4000: Clopper-Pearson ${pct(c.cp)}, Wilson ${pct(c.wilson)}, Jeffreys ${pct(c.jeffreys)}`);
    for (const v of Object.values(c)) {
      expect(v).toBeGreaterThan(0.93);
      expect(v).toBeLessThan(0.97);
    }
  });
  it('the cluster bootstrap covers a rate with correlated passes; the iid Wilson interval does not', () => {
    const volunteers = 100;
    const passes = 10;
    let boot = 0;
    let iid = 0;
    const members = [Array.from({ length: volunteers }, (_, i) => i)];
    const trials = new Array<number>(volunteers).fill(passes);
    for (let s = 0; s < CAMPAIGNS; s++) {
      const hits = volunteerHits(createRng(202, s), volunteers, passes);
      const b = clusterBootstrap({ trials, successes: hits, columns: 1, groups: members }, 200, 1000 + s);
      const ci = percentileInterval(b, 0, 0, 0.95);
      if (ci.lower <= TRUE_TPIR && TRUE_TPIR <= ci.upper) boot++;
      const k = hits.reduce((x, y) => x + y, 0);
      const w = wilson(k, volunteers * passes);
      if (w.lower <= TRUE_TPIR && TRUE_TPIR <= w.upper) iid++;
    }
    console.log(`coverage, 100 volunteers x 10 passes, intra-volunteer correlation: cluster bootstrap ${pct(boot / CAMPAIGNS)}, iid Wilson ${pct(iid / CAMPAIGNS)}`);
    expect(boot / CAMPAIGNS).toBeGreaterThan(0.93);
    expect(boot / CAMPAIGNS).toBeLessThan(0.97);
    expect(iid / CAMPAIGNS).toBeLessThan(0.9);
  });
  it('with no true differential, tests reject at about alpha = 0.05', () => {
    const rng = createRng(303, 0);
    let chi = 0;
    let fisher = 0;
    let holm = 0;
    let bh = 0;
    let tost = 0;
    let ratioTost = 0;
    let newcombe = 0;
    for (let s = 0; s < CAMPAIGNS; s++) {
      // TPIR across 5 groups of 400 searches: chi-square and pairwise tests
      const k = Array.from({ length: 5 }, () => binomialSample(rng, 400, 0.89));
      if (chiSquareTest(k.map((x) => [x, 400 - x])).pValue < 0.05) chi++;
      const p: number[] = [];
      for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) p.push(twoProportionTest(k[a] as number, 400, k[b] as number, 400).pValue);
      if (adjustPValues(p, 'holm').some((x) => x < 0.05)) holm++;
      if (adjustPValues(p, 'benjamini-hochberg').some((x) => x < 0.05)) bh++;
      const d = twoProportionTest(k[0] as number, 400, k[1] as number, 400);
      if (d.lower <= 0 && 0 <= d.upper) newcombe++;
      // FPIR with few alerts across 3 groups of 20,000: Fisher's exact test
      const f = Array.from({ length: 3 }, () => binomialSample(rng, 20000, 0.0002));
      if (f.reduce((x, y) => x + y, 0) > 0 && fisherExact(f.map((x) => [x, 20000 - x])).pValue < 0.05) fisher++;
      // TOST at the boundary: true difference equal to the margin, so equivalence should be claimed <= 5% of the time
      const t1 = binomialSample(rng, 2000, 0.89);
      const t2 = binomialSample(rng, 2000, 0.84);
      if (twoProportionTost(t1, 2000, t2, 2000, 0.05, 0.05).equivalent) tost++;
      // ratio TOST at the boundary: FPIR 1 in 2,500 vs 1 in 5,000 (a factor of 2) in crowds of 400,000
      if (twoProportionRatioTost(binomialSample(rng, 400000, 0.0004), 400000, binomialSample(rng, 400000, 0.0002), 400000, 2, 0.05).equivalent) ratioTost++;
    }
    const r = (x: number): number => x / CAMPAIGNS;
    console.log(`rejection under no differential (alpha 0.05): chi-square ${pct(r(chi))}, Fisher exact ${pct(r(fisher))} (discrete: conservative), ` +
      `any pairwise after Holm ${pct(r(holm))}, after BH ${pct(r(bh))}; TOST false equivalence at the margin ${pct(r(tost))}, ratio TOST at a factor of 2 ${pct(r(ratioTost))}; Newcombe 95% coverage of 0 ${pct(r(newcombe))}`);
    expect(r(chi)).toBeGreaterThan(0.03);
    expect(r(chi)).toBeLessThan(0.07);
    expect(r(fisher)).toBeLessThan(0.07);
    expect(r(holm)).toBeLessThan(0.07);
    expect(r(bh)).toBeLessThan(0.07);
    expect(r(tost)).toBeLessThan(0.07);
    expect(r(tost)).toBeGreaterThan(0.02);
    expect(r(ratioTost)).toBeLessThan(0.07);
    expect(r(ratioTost)).toBeGreaterThan(0.02);
    expect(r(newcombe)).toBeGreaterThan(0.93);
    expect(r(newcombe)).toBeLessThan(0.97);
  });
  it('logistic regression: the cluster-robust Wald test of sex rejects at about alpha with correlated passes', () => {
    const volunteers = 200;
    const passes = 10;
    const sex = Array.from({ length: volunteers }, (_, i) => i % 2);
    const design = factorDesign([{ name: 'sex', levels: ['female', 'male'], codes: sex }], false);
    const trials = new Array<number>(volunteers).fill(passes);
    const cluster = sex.map((_, i) => i);
    let reject = 0;
    for (let s = 0; s < CAMPAIGNS; s++) {
      const misses = volunteerHits(createRng(404, s), volunteers, passes).map((h) => passes - h);
      const fit = logisticRegression(design, trials, misses, cluster);
      if (waldTest(fit, ['sexmale']).pValue < 0.05) reject++;
    }
    console.log(`rejection under no differential: cluster-robust Wald test of sex ${pct(reject / CAMPAIGNS)}`);
    expect(reject / CAMPAIGNS).toBeGreaterThan(0.03);
    expect(reject / CAMPAIGNS).toBeLessThan(0.07);
  });
});
