/**
 * Who is falsely matched to whom: for each non-mated population and operational threshold, false alerts counted by
 * the passer's ethnicity and by the ethnicity of the gallery entry at rank 1 (the one an operator would be shown).
 * False matches cluster within demographic pairings (NIST FRVT Part 3), which a single FPIR per group hides.
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { CandidatesSummary } from '../store/read-candidates.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { FalseMatchPair } from './results-schema.ts';

/** Cross tables of false alerts at each operational threshold; empty when the candidates carry no gallery ethnicity. */
export function falseMatchPairs(campaign: Campaign, searches: SearchesData, candidates: CandidatesSummary): FalseMatchPair[] {
  if (!candidates.hasGalleryEthnicity) return [];
  const codes = campaign.dimensions.ethnicity.map((c) => c.code);
  const E = codes.length + 1; // last = unknown
  const top = new Int32Array(searches.length).fill(-1); // candidate row of each search's rank-1 candidate
  for (let c = 0; c < candidates.search.length; c++) {
    const row = candidates.search[c] as number;
    if (row >= 0 && candidates.rank[c] === 1) top[row] = c;
  }
  const out: FalseMatchPair[] = [];
  const sources = searches.source.labels;
  for (let s = 0; s < sources.length; s++) {
    for (const t of campaign.operationalThresholds) {
      const cut = searches.float32Scores ? Math.fround(t) : t;
      const alerts = new Int32Array(E * E);
      const totals = new Int32Array(E);
      for (let i = 0; i < searches.length; i++) {
        if (searches.mated[i] === 1 || searches.source.codes[i] !== s) continue;
        const pe = searches.demographics.ethnicity[i] as number;
        const p = pe < 0 ? E - 1 : pe;
        (totals[p] as number)++;
        const c = top[i] as number;
        if (c < 0 || !((candidates.score[c] as number) >= cut)) continue;
        const ge = candidates.galleryEthnicity[c] as number;
        (alerts[p * E + (ge < 0 ? E - 1 : ge)] as number)++;
      }
      if (totals.every((x) => x === 0)) continue;
      for (let p = 0; p < E; p++) {
        if (totals[p] === 0) continue;
        for (let g = 0; g < E; g++) {
          out.push({ population: sources[s] as string, threshold: t, probeEthnicity: codes[p] ?? 'unknown', galleryEthnicity: codes[g] ?? 'unknown', alerts: alerts[p * E + g] as number, searches: totals[p] as number });
        }
      }
    }
  }
  return out;
}
