/**
 * Calibration of the tests between groups with clustered passes (issue 12, part 2), with fixed seeds: 400 volunteers
 * x 10 passes in NPL-like groups, each volunteer with their own hit probability (intra-class correlation 0.1 or 0.3),
 * true TPIR 0.89 in every group. The verdict's rule ("significant difference" when the homogeneity test or any
 * corrected pairwise test rejects at alpha 0.05) should then be wrong about 5% of the time at every grouping. The
 * power to find one group 5 points lower is printed beside it.
 */
import { describe, expect, it } from 'vitest';
import { compareProportions, type ProportionsComparison } from './compare-proportions.ts';
import { createRng } from './rng.ts';
import { betaBinomialCdf, drawHits, GROUPINGS, groupCounts, nplDesign, type Grouping } from './fixtures/clustered-campaigns.ts';

const CAMPAIGNS = 4000;
const ALPHA = 0.05;
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** The verdict's rule of harness/analyse/compare-groups.ts: the homogeneity test or any corrected pair rejects. */
function significant(c: ProportionsComparison): boolean {
  const p = c.homogeneity.pValue;
  return (p !== null && p < ALPHA) || c.pairwise.some((x) => x.pAdjusted < ALPHA);
}

/** The group given a TPIR 5 points lower in the power runs: female; Black; female Black (50 volunteers each or more). */
const DEVIANT: Record<Grouping, number> = { sex: 0, ethnicity: 1, 'sex+ethnicity': 1 };

describe(`tests between groups keep their size with clustered passes (${CAMPAIGNS} campaigns per row, fixed seeds)`, () => {
  const design = nplDesign();
  for (const icc of [0.1, 0.3]) {
    it(`intra-volunteer correlation ${icc}: false "significant difference" in 4-6% of campaigns at every grouping`, () => {
      const same = betaBinomialCdf(design.passes, 0.89, icc);
      const lower = betaBinomialCdf(design.passes, 0.84, icc);
      const hits = new Int32Array(design.volunteers);
      const rows: string[] = [];
      const size: Record<string, number> = {};
      for (const grouping of GROUPINGS) {
        let falseAlarms = 0;
        let found = 0;
        let deff = 0;
        for (let s = 0; s < CAMPAIGNS; s++) {
          const rng = createRng(12_000 + Math.round(icc * 10), s);
          drawHits(rng, () => same, hits);
          const nullCase = compareProportions({ ...groupCounts(design, grouping, hits), correction: 'holm', level: 0.95, seed: s });
          if (significant(nullCase)) falseAlarms++;
          deff += nullCase.designEffect;
          const of = design.group[grouping];
          drawHits(rng, (v) => (of[v] === DEVIANT[grouping] ? lower : same), hits);
          if (significant(compareProportions({ ...groupCounts(design, grouping, hits), correction: 'holm', level: 0.95, seed: s }))) found++;
        }
        size[grouping] = falseAlarms / CAMPAIGNS;
        rows.push(`  ${grouping.padEnd(14)} false "significant difference" ${pct(falseAlarms / CAMPAIGNS)}, power for ${design.labels[grouping][DEVIANT[grouping]] ?? ''} 5 points lower ${pct(found / CAMPAIGNS)}` +
          ` (mean pooled design effect ${(deff / CAMPAIGNS).toFixed(2)})`);
      }
      console.log(`ICC ${icc}, ${design.volunteers} volunteers x ${design.passes} passes, TPIR 0.89, alpha ${ALPHA}, Holm:\n${rows.join('\n')}`);
      for (const g of GROUPINGS) {
        expect(size[g], g).toBeGreaterThanOrEqual(0.04);
        expect(size[g], g).toBeLessThanOrEqual(0.06);
      }
    });
  }
});
