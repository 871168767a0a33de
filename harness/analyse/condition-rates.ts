/** Condition rates: TPIR and FPIR within each bin of each capture condition, overall and per sex and ethnicity group. */
import type { Campaign } from '../campaign/campaign.ts';
import type { GroupLayout } from '../metrics/groups.ts';
import { decidingScore, thresholdCuts } from '../metrics/threshold-bins.ts';
import { thresholdIndex } from '../metrics/threshold-key.ts';
import { clopperPearson } from '../stats/clopper-pearson.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { BinnedCondition } from './condition-bins.ts';
import type { ConditionRate } from './results-schema.ts';

/**
 * At each operational threshold: for the mated searches, TPIR (mate at rank <= R with score >= T), and for each
 * source of non-mated searches, FPIR (best non-mate >= T), within every bin of every condition, for everyone and for
 * each sex and each ethnicity group. Cells with no search are left out. Intervals are Clopper-Pearson on the counts,
 * treating searches as independent: within a bin, a volunteer's passes are few, but the intervals are still a little
 * narrow where one volunteer has many passes in one bin.
 * Reference: ISO/IEC 19795-10:2024 §7 (reporting by capture condition); Grother, Ngan & Hanaoka, NISTIR 8280 (2019).
 */
export function conditionRates(campaign: Campaign, layout: GroupLayout, searches: SearchesData, binned: readonly BinnedCondition[]): ConditionRate[] {
  const ops = campaign.operationalThresholds.map((t) => thresholdIndex(campaign.thresholds, t)).filter((i) => i >= 0);
  const cuts = thresholdCuts(searches, campaign.thresholds);
  const rank = campaign.analysis.rank;
  const level = campaign.analysis.confidenceLevel;
  const groupIds = layout.groups.map((g) => g.id);
  const populations: { id: string; mated: boolean; source: number }[] = [{ id: 'mated', mated: true, source: -1 }];
  const nonMatedSources = new Set<number>();
  for (let i = 0; i < searches.length; i++) if (searches.mated[i] === 0) nonMatedSources.add(searches.source.codes[i] as number);
  for (const s of [...nonMatedSources].sort((a, b) => (searches.source.labels[a] ?? '').localeCompare(searches.source.labels[b] ?? ''))) {
    populations.push({ id: searches.source.labels[s] ?? '', mated: false, source: s });
  }
  const out: ConditionRate[] = [];
  const groupsOf = (i: number): number[] => {
    const gs = [0];
    const s = searches.demographics.sex[i] as number;
    const e = searches.demographics.ethnicity[i] as number;
    if (s >= 0) gs.push(layout.offset.sex + s);
    if (e >= 0) gs.push(layout.offset.ethnicity + e);
    return gs;
  };
  for (const t of ops) {
    const cut = cuts[t] as number;
    for (const pop of populations) {
      for (const c of binned) {
        const B = c.bins.bins.length;
        const G = groupIds.length;
        const n = new Int32Array(B * G);
        const k = new Int32Array(B * G);
        for (let i = 0; i < searches.length; i++) {
          const mated = searches.mated[i] === 1;
          if (mated !== pop.mated || (!mated && searches.source.codes[i] !== pop.source)) continue;
          const b = c.codes[i] as number;
          if (b < 0) continue;
          const hit = decidingScore(searches, i, rank) >= cut;
          for (const g of groupsOf(i)) {
            n[b * G + g] = (n[b * G + g] as number) + 1;
            if (hit) k[b * G + g] = (k[b * G + g] as number) + 1;
          }
        }
        for (let b = 0; b < B; b++) {
          for (let g = 0; g < G; g++) {
            const nn = n[b * G + g] as number;
            if (nn === 0) continue;
            const kk = k[b * G + g] as number;
            const ci = clopperPearson(kk, nn, level);
            out.push({
              metric: pop.mated ? 'TPIR' : 'FPIR', population: pop.id, threshold: campaign.thresholds[t] as number, condition: c.bins.condition,
              bin: c.bins.bins[b]?.id ?? '', group: groupIds[g] ?? '', k: kk, n: nn, estimate: kk / nn, lower: ci.lower, upper: ci.upper,
            });
          }
        }
      }
    }
  }
  return out;
}
