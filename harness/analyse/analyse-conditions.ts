/**
 * Capture conditions beside the demographic groups: bin each condition the searches carry, rates per bin and group at
 * the operational thresholds, and the regressions that say whether a demographic difference remains once conditions
 * are accounted for.
 */
import type { Campaign } from '../campaign/campaign.ts';
import { conditionSettings } from '../campaign/condition.ts';
import type { GroupLayout } from '../metrics/groups.ts';
import { thresholdIndex } from '../metrics/threshold-key.ts';
import type { SearchesData } from '../store/read-searches.ts';
import { binConditions } from './condition-bins.ts';
import { conditionRates } from './condition-rates.ts';
import { regressConditions } from './regress-conditions.ts';
import type { ConditionsResult } from './results-schema.ts';

/**
 * The conditions analysis of one algorithm's searches, or null when they carry no measured condition column (so
 * results of tables without conditions stay as they were). Regressions at the first operational threshold: misses
 * among mated searches, false alerts among each non-mated source whose searches have demographics.
 * @throws InputError when a value lies outside its condition's bins, or the protocol's model names an absent condition.
 */
export function analyseConditions(campaign: Campaign, layout: GroupLayout, searches: SearchesData): ConditionsResult | null {
  if (Object.keys(searches.conditions).length === 0) return null;
  const binned = binConditions(searches, conditionSettings(campaign.analysis.conditions));
  const rates = conditionRates(campaign, layout, searches, binned);
  const first = campaign.operationalThresholds.map((x) => thresholdIndex(campaign.thresholds, x)).find((i) => i >= 0);
  const regressions: ConditionsResult['regressions'] = [];
  if (first !== undefined) {
    regressions.push(regressConditions({ campaign, searches, binned, t: first, outcome: 'miss', population: 'mated' }));
    const sources = new Set<number>();
    for (let i = 0; i < searches.length; i++) {
      if (searches.mated[i] === 0 && (searches.demographics.sex[i] as number) >= 0 && (searches.demographics.ethnicity[i] as number) >= 0) sources.add(searches.source.codes[i] as number);
    }
    for (const s of [...sources].map((c) => searches.source.labels[c] ?? '').sort()) {
      regressions.push(regressConditions({ campaign, searches, binned, t: first, outcome: 'false-alert', population: s }));
    }
  }
  return { bins: binned.map((b) => b.bins), rates, regressions };
}
