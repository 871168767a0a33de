/**
 * Who is falsely matched to whom: for each non-mated population and operational threshold, false alerts counted by
 * the passer's ethnicity and by the ethnicity of the gallery entry at rank 1 (the one an operator would be shown).
 * False matches cluster within demographic pairings (NIST FRVT Part 3), which a single FPIR per group hides.
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { CandidatesSummary } from '../store/read-candidates.ts';
import type { FindingSearches } from './finding-searches.ts';
import type { FalseMatchPair } from './results-schema.ts';

/** Cross tables of false alerts at each operational threshold; empty when the candidates carry no gallery ethnicity. */
export function falseMatchPairs(campaign: Campaign, searches: FindingSearches, candidates: CandidatesSummary): FalseMatchPair[] {
  if (!candidates.hasGalleryEthnicity) return [];
  const codes = campaign.dimensions.ethnicity.map((c) => c.code);
  const E = codes.length + 1; // last = unknown
  const top = new Int32Array(searches.length).fill(-1); // candidate row of each search's rank-1 candidate
  for (let c = 0; c < candidates.search.length; c++) {
    const row = candidates.search[c] as number;
    if (row >= 0 && candidates.rank[c] === 1) top[row] = c;
  }
  // one pass over the searches counts every source at every operational threshold: searches by source and passer's
  // ethnicity (totals[s * E + p]), false alerts by source, threshold and the pair (alerts[((s * T) + t) * E * E + ...])
  const sources = searches.source.labels;
  const S = sources.length;
  const thresholds = campaign.operationalThresholds;
  const T = thresholds.length;
  const cuts = thresholds.map((t) => (searches.float32Scores ? Math.fround(t) : t));
  const alerts = new Int32Array(S * T * E * E);
  const totals = new Int32Array(S * E);
  for (let i = 0; i < searches.length; i++) {
    if (searches.mated[i] === 1) continue;
    const s = searches.source.codes[i] as number;
    if (s < 0) continue;
    const pe = searches.ethnicity[i] as number;
    const p = pe < 0 ? E - 1 : pe;
    (totals[s * E + p] as number)++;
    const c = top[i] as number;
    if (c < 0) continue;
    const score = candidates.score[c] as number;
    const ge = candidates.galleryEthnicity[c] as number;
    const pair = p * E + (ge < 0 ? E - 1 : ge);
    for (let t = 0; t < T; t++) if (score >= (cuts[t] as number)) (alerts[(s * T + t) * E * E + pair] as number)++;
  }
  const out: FalseMatchPair[] = [];
  for (let s = 0; s < S; s++) {
    if (totals.subarray(s * E, (s + 1) * E).every((x) => x === 0)) continue;
    thresholds.forEach((threshold, t) => {
      for (let p = 0; p < E; p++) {
        const n = totals[s * E + p] as number;
        if (n === 0) continue;
        for (let g = 0; g < E; g++) {
          out.push({ population: sources[s] as string, threshold, probeEthnicity: codes[p] ?? 'unknown', galleryEthnicity: codes[g] ?? 'unknown', alerts: alerts[(s * T + t) * E * E + p * E + g] as number, searches: n });
        }
      }
    });
  }
  return out;
}
