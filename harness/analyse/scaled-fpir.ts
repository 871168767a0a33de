/**
 * FPIR measured against a large filler gallery, scaled to the operational watchlist's size and composition, as NPL
 * did ("scaled to the size and composition" of the watchlist).
 *
 * Assumptions: every comparison of a probe with a gallery entry is an independent trial whose false-match
 * probability q depends only on the probe's and the entry's demographic groups. Then FPIR(N) = 1 - (1 - q)^N.
 *
 * - Size only: q = 1 - (1 - FPIR_f)^(1/N_f), so FPIR_w = 1 - (1 - FPIR_f)^(N_w / N_f). Monotone, so the
 *   Clopper-Pearson bounds of FPIR_f map to bounds of FPIR_w exactly.
 * - Size and composition: q(g, h) = m(g, h) / (n_g · N_f · f_h), where m(g, h) counts candidates of probes of
 *   ethnicity g scoring >= T against filler entries of ethnicity h (f_h their share); then
 *   FPIR_w(g) = 1 - Π_h (1 - q(g, h))^(N_w · w_h) with w_h the watchlist's shares. Candidates beyond the top k are
 *   not seen, so when any probe has k candidates at or above T the counts are lower bounds (`note` counts-are-lower-bounds).
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { CandidatesSummary } from '../store/read-candidates.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { Population } from '../metrics/sweep.ts';
import type { Rate, ScaledFpir } from './results-schema.ts';

/** Scales FPIR to `toSize` entries from `fromSize`: 1 - (1 - p)^(toSize / fromSize). */
export function scaleFpirBySize(p: number, fromSize: number, toSize: number): number {
  return -Math.expm1((toSize / fromSize) * Math.log1p(-p));
}

/** Scaled FPIR rows for every non-mated population searched against a gallery of another size than the watchlist. */
export function scaledFpir(campaign: Campaign, populations: readonly Population[], rates: readonly Rate[], searches: SearchesData, candidates: CandidatesSummary | null): ScaledFpir[] {
  const to = campaign.watchlist.size;
  const out: ScaledFpir[] = [];
  for (const pop of populations) {
    if (pop.kind !== 'non-mated') continue;
    const from = pop.gallerySize ?? (pop.id === 'filler_probe' ? campaign.fillerGallery?.size ?? null : null);
    if (from === null || from === to) continue;
    for (const r of rates) {
      if (r.metric !== 'FPIR' || r.population !== pop.id || r.estimate === null) continue;
      const iv = r.intervals['clopper-pearson'];
      const estimate = scaleFpirBySize(r.estimate, from, to);
      out.push({ population: pop.id, group: r.group, threshold: r.threshold, method: 'size', fromGallerySize: from, toWatchlistSize: to,
        estimate, lower: scaleFpirBySize(iv.lower, from, to), upper: scaleFpirBySize(iv.upper, from, to), oneIn: estimate > 0 ? 1 / estimate : null, note: null });
    }
    if (candidates !== null && candidates.hasGalleryEthnicity && campaign.fillerGallery !== null && campaign.watchlist.composition.ethnicity !== undefined) {
      out.push(...byComposition(campaign, pop.id, from, searches, candidates));
    }
  }
  return out;
}

function byComposition(campaign: Campaign, source: string, from: number, searches: SearchesData, candidates: CandidatesSummary): ScaledFpir[] {
  const codes = campaign.dimensions.ethnicity.map((c) => c.code);
  const E = codes.length;
  const fillerShare = codes.map((c) => campaign.fillerGallery?.ethnicity[c] ?? 0);
  const watchShare = codes.map((c) => campaign.watchlist.composition.ethnicity?.[c] ?? 0);
  const sourceCode = searches.source.labels.indexOf(source);
  const n = new Int32Array(E);
  for (let i = 0; i < searches.length; i++) {
    const e = searches.demographics.ethnicity[i] as number;
    if (searches.source.codes[i] === sourceCode && searches.mated[i] === 0 && e >= 0) (n[e] as number)++;
  }
  // one pass over the candidates for every operational threshold: m counts the (probe, entry) ethnicity pairs at
  // or above threshold t (m[t * E * E + g * E + h]), atOrAbove each search's candidates at or above it (t * N + row)
  const thresholds = campaign.operationalThresholds;
  const cuts = thresholds.map((t) => (searches.float32Scores ? Math.fround(t) : t));
  const N = searches.length;
  const ms = new Float64Array(cuts.length * E * E);
  const atOrAbove = new Int32Array(cuts.length * N);
  let maxRank = 0;
  for (let c = 0; c < candidates.search.length; c++) {
    const row = candidates.search[c] as number;
    if (row < 0 || searches.source.codes[row] !== sourceCode) continue;
    maxRank = Math.max(maxRank, candidates.rank[c] as number);
    const score = candidates.score[c] as number;
    const g = searches.demographics.ethnicity[row] as number;
    const h = candidates.galleryEthnicity[c] as number;
    for (let t = 0; t < cuts.length; t++) {
      if (!(score >= (cuts[t] as number))) continue;
      (atOrAbove[t * N + row] as number)++;
      if (g >= 0 && h >= 0) (ms[t * E * E + g * E + h] as number)++;
    }
  }
  const rowsOut: ScaledFpir[] = [];
  for (const [ti, t] of thresholds.entries()) {
    const m = ms.subarray(ti * E * E, (ti + 1) * E * E);
    const truncated = atOrAbove.subarray(ti * N, (ti + 1) * N).some((x) => x >= maxRank && maxRank > 0);
    let weighted = 0;
    let total = 0;
    for (let g = 0; g < E; g++) {
      const ng = n[g] as number;
      if (ng === 0) continue;
      let logNone = 0;
      let defined = true;
      for (let h = 0; h < E; h++) {
        const entries = from * (fillerShare[h] as number);
        if ((watchShare[h] as number) === 0) continue;
        if (entries < 1) { defined = false; break; }
        const q = (m[g * E + h] as number) / (ng * entries);
        logNone += campaign.watchlist.size * (watchShare[h] as number) * Math.log1p(-q);
      }
      const estimate = defined ? -Math.expm1(logNone) : null;
      if (estimate !== null) { weighted += ng * estimate; total += ng; }
      rowsOut.push({ population: source, group: `ethnicity:${codes[g]}`, threshold: t, method: 'size-and-composition', fromGallerySize: from, toWatchlistSize: campaign.watchlist.size,
        estimate, lower: null, upper: null, oneIn: estimate !== null && estimate > 0 ? 1 / estimate : null,
        note: estimate === null ? 'no-filler-entries-of-a-watchlist-group' : truncated ? 'counts-are-lower-bounds' : null });
    }
    if (total > 0) {
      const estimate = weighted / total;
      rowsOut.push({ population: source, group: 'overall', threshold: t, method: 'size-and-composition', fromGallerySize: from, toWatchlistSize: campaign.watchlist.size,
        estimate, lower: null, upper: null, oneIn: estimate > 0 ? 1 / estimate : null, note: 'average-over-probe-groups' });
    }
  }
  return rowsOut;
}
