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
import type { Population } from '../metrics/sweep.ts';
import type { SearchesData } from '../store/read-searches.ts';
import type { FindingSearches } from './finding-searches.ts';
import type { Rate, ScaledFpir } from './results-schema.ts';

/** Scales FPIR to `toSize` entries from `fromSize`: 1 - (1 - p)^(toSize / fromSize). */
export function scaleFpirBySize(p: number, fromSize: number, toSize: number): number {
  return -Math.expm1((toSize / fromSize) * Math.log1p(-p));
}

/** The counts of the size-and-composition scaling for one non-mated source, from its searches' candidates. */
export interface CompositionCounts {
  source: string;
  /** Non-mated searches of the source by the passer's ethnicity (the campaign's categories, in order). */
  searches: number[];
  /** Candidates at or above each operational threshold by (passer, entry) ethnicity: pairs[t * E * E + g * E + h]. */
  pairs: number[];
  /** Per operational threshold: some search had as many candidates at or above it as any search was given. */
  truncated: boolean[];
}

/** Scaled FPIR rows for every non-mated population searched against a gallery of another size than the watchlist. */
export function scaledFpir(campaign: Campaign, populations: readonly Population[], rates: readonly Rate[], composition: readonly CompositionCounts[]): ScaledFpir[] {
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
    const counts = composition.find((c) => c.source === pop.id);
    if (counts !== undefined) out.push(...byComposition(campaign, from, counts));
  }
  return out;
}

/**
 * The non-mated sources whose FPIR scaledFpir may scale: the filler probes, and every source with a search that
 * records a gallery size other than the watchlist's (a superset: scaledFpir then keeps the populations whose one
 * gallery size differs from the watchlist's).
 */
export function scalableSources(campaign: Campaign, searches: Pick<FindingSearches, 'length' | 'mated' | 'source'> & Pick<SearchesData, 'gallerySize'>): string[] {
  const to = campaign.watchlist.size;
  const seen = new Uint8Array(searches.source.labels.length);
  for (let i = 0; i < searches.length; i++) {
    const s = searches.source.codes[i] as number;
    const size = searches.gallerySize[i] as number;
    if (s >= 0 && searches.mated[i] === 0 && size > 0 && size !== to) seen[s] = 1;
  }
  return searches.source.labels.filter((label, s) => seen[s] === 1 || label === 'filler_probe');
}

/**
 * The counts of the size-and-composition scaling for each of `sources` with non-mated searches, in one pass over
 * the candidates; empty when the scaling does not apply (no gallery ethnicity in the candidates, no filler gallery
 * or no watchlist composition by ethnicity in the protocol).
 */
export function compositionCounts(campaign: Campaign, searches: FindingSearches, candidates: CandidatesSummary, sources: readonly string[]): CompositionCounts[] {
  if (!candidates.hasGalleryEthnicity || campaign.fillerGallery === null || campaign.watchlist.composition.ethnicity === undefined) return [];
  const E = campaign.dimensions.ethnicity.length;
  const S = searches.source.labels.length;
  const N = searches.length;
  const wanted = Uint8Array.from(searches.source.labels, (label) => (sources.includes(label) ? 1 : 0));
  const n = new Int32Array(S * E);
  const nonMated = new Uint8Array(S);
  for (let i = 0; i < N; i++) {
    const s = searches.source.codes[i] as number;
    if (s < 0 || wanted[s] === 0 || searches.mated[i] !== 0) continue;
    nonMated[s] = 1;
    const e = searches.ethnicity[i] as number;
    if (e >= 0) (n[s * E + e] as number)++;
  }
  // one pass over the candidates for every source and operational threshold: m counts the (probe, entry) ethnicity
  // pairs at or above threshold t (m[(s * T + t) * E * E + g * E + h]), atOrAbove each search's candidates at or
  // above it (t * N + row; a row belongs to one source)
  const cuts = campaign.operationalThresholds.map((t) => (searches.float32Scores ? Math.fround(t) : t));
  const T = cuts.length;
  const m = new Float64Array(S * T * E * E);
  const atOrAbove = new Int32Array(T * N);
  const maxRank = new Float64Array(S);
  for (let c = 0; c < candidates.search.length; c++) {
    const row = candidates.search[c] as number;
    if (row < 0) continue;
    const s = searches.source.codes[row] as number;
    if (s < 0 || wanted[s] === 0) continue;
    maxRank[s] = Math.max(maxRank[s] as number, candidates.rank[c] as number);
    const score = candidates.score[c] as number;
    const g = searches.ethnicity[row] as number;
    const h = candidates.galleryEthnicity[c] as number;
    for (let t = 0; t < T; t++) {
      if (!(score >= (cuts[t] as number))) continue;
      (atOrAbove[t * N + row] as number)++;
      if (g >= 0 && h >= 0) (m[(s * T + t) * E * E + g * E + h] as number)++;
    }
  }
  const truncated = new Uint8Array(S * T);
  for (let t = 0; t < T; t++) {
    for (let row = 0; row < N; row++) {
      const s = searches.source.codes[row] as number;
      const top = s < 0 ? 0 : (maxRank[s] as number);
      if (top > 0 && (atOrAbove[t * N + row] as number) >= top) truncated[s * T + t] = 1;
    }
  }
  const out: CompositionCounts[] = [];
  searches.source.labels.forEach((source, s) => {
    if (nonMated[s] === 0) return;
    out.push({ source, searches: Array.from(n.subarray(s * E, (s + 1) * E)), pairs: Array.from(m.subarray(s * T * E * E, (s + 1) * T * E * E)), truncated: Array.from(truncated.subarray(s * T, (s + 1) * T), (x) => x === 1) });
  });
  return out;
}

function byComposition(campaign: Campaign, from: number, counts: CompositionCounts): ScaledFpir[] {
  const codes = campaign.dimensions.ethnicity.map((c) => c.code);
  const E = codes.length;
  const fillerShare = codes.map((c) => campaign.fillerGallery?.ethnicity[c] ?? 0);
  const watchShare = codes.map((c) => campaign.watchlist.composition.ethnicity?.[c] ?? 0);
  const source = counts.source;
  const n = counts.searches;
  const rowsOut: ScaledFpir[] = [];
  for (const [ti, t] of campaign.operationalThresholds.entries()) {
    const m = counts.pairs.slice(ti * E * E, (ti + 1) * E * E);
    const truncated = counts.truncated[ti] === true;
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
