/**
 * The calibration of harness/stats/group-tests-calibration.test.ts run through the method `evenhand analyse` used
 * before issue 12, beside the current one, to compare their error rates and power (docs/statistics.md quotes it).
 * Previous method: each group's hits and searches divided by the group's own design effect (clusterDesignEffect),
 * chi-square (Fisher's exact test when an expected count was below 5) on those effective counts, pooled z-tests
 * between pairs with Holm's correction, and "significant difference" when either rejected.
 * Also prints each method's power at an equal false-alarm rate: its critical p-value is the 5% quantile of its
 * verdict p-values over the campaigns with no true difference.
 * Fisher's test here enumerates at most 20,000 tables and then draws 2,000 (the analysis enumerated up to 2,000,000
 * and then drew 20,000), as compareProportions now does, or this would take hours.
 *
 *   node --import tsx scripts/stats/previous-group-tests.ts [campaigns = 4000]
 */
import { chiSquareTest } from '../../harness/stats/chi-square.ts';
import { clusterDesignEffect, effectiveCounts } from '../../harness/stats/cluster-design-effect.ts';
import { compareProportions } from '../../harness/stats/compare-proportions.ts';
import { fisherExact } from '../../harness/stats/fisher-exact.ts';
import { adjustPValues } from '../../harness/stats/p-adjust.ts';
import { createRng } from '../../harness/stats/rng.ts';
import { twoProportionTest } from '../../harness/stats/two-proportion.ts';
import { betaBinomialCdf, drawHits, GROUPINGS, groupCounts, nplDesign, type Design, type Grouping } from '../../harness/stats/fixtures/clustered-campaigns.ts';

const campaigns = Number(process.argv[2] ?? 4000);
const DEVIANT: Record<Grouping, number> = { sex: 0, ethnicity: 1, 'sex+ethnicity': 1 };

/** The previous verdict's p-value: min(homogeneity p, smallest Holm-adjusted pairwise p). */
function previous(design: Design, grouping: Grouping, hits: Int32Array, seed: number): number {
  const of = design.group[grouping];
  const G = design.groups[grouping];
  const eff = Array.from({ length: G }, (_, g) => {
    const members: number[] = [];
    for (let v = 0; v < design.volunteers; v++) if (of[v] === g) members.push(v);
    const y = members.map((v) => hits[v] as number);
    const k = y.reduce((s, x) => s + x, 0);
    return effectiveCounts(k, members.length * design.passes, clusterDesignEffect(members.map(() => design.passes), y));
  });
  const table = eff.map((e) => [e.k, e.n - e.k]);
  const chi = chiSquareTest(table);
  const pHom = chi.minExpected < 5 ? fisherExact(table, { seed, maxTables: 20_000, replicates: 2000 }).pValue : chi.pValue;
  const p: number[] = [];
  for (let a = 0; a < G; a++) for (let b = a + 1; b < G; b++) p.push(twoProportionTest(eff[a]?.k ?? 0, eff[a]?.n ?? 0, eff[b]?.k ?? 0, eff[b]?.n ?? 0).pValue);
  return Math.min(pHom, ...adjustPValues(p, 'holm'));
}

/** The current verdict's p-value (compareProportions). */
function current(design: Design, grouping: Grouping, hits: Int32Array, seed: number): number {
  const c = compareProportions({ ...groupCounts(design, grouping, hits), correction: 'holm', level: 0.95, seed });
  return Math.min(c.homogeneity.pValue ?? 1, ...c.pairwise.map((x) => x.pAdjusted));
}

const design = nplDesign();
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
for (const icc of [0.1, 0.3]) {
  const same = betaBinomialCdf(design.passes, 0.89, icc);
  const lower = betaBinomialCdf(design.passes, 0.84, icc);
  const hits = new Int32Array(design.volunteers);
  for (const grouping of GROUPINGS) {
    const p = { previousNull: [] as number[], previousPower: [] as number[], currentNull: [] as number[], currentPower: [] as number[] };
    for (let s = 0; s < campaigns; s++) {
      // the calibration test's seeds and draws
      const rng = createRng(12_000 + Math.round(icc * 10), s);
      drawHits(rng, () => same, hits);
      p.previousNull.push(previous(design, grouping, hits, s));
      p.currentNull.push(current(design, grouping, hits, s));
      const of = design.group[grouping];
      drawHits(rng, (v) => (of[v] === DEVIANT[grouping] ? lower : same), hits);
      p.previousPower.push(previous(design, grouping, hits, s));
      p.currentPower.push(current(design, grouping, hits, s));
    }
    const rate = (v: number[], c: number): number => v.filter((x) => x < c).length / v.length;
    const critical = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(0.05 * v.length)] ?? 0;
    const row = (name: string, n: number[], a: number[]): string =>
      `${name} false alarms ${pct(rate(n, 0.05))}, power ${pct(rate(a, 0.05))}, power at a 5% false-alarm rate ${pct(rate(a, critical(n)))}`;
    console.log(`ICC ${icc} ${grouping}: ${row('previous', p.previousNull, p.previousPower)}; ${row('current', p.currentNull, p.currentPower)}`);
  }
}
