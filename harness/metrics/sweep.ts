/**
 * The threshold sweep: for every population (mated searches; non-mated searches by source), group and threshold,
 * how many searches there are and how many hit. One pass over the searches: each score is binned by the number of
 * thresholds at or below it (score == T counts as an alert), then counts are cumulated from the top.
 */
import type { SearchesData } from '../store/read-searches.ts';
import { groupsOfSearch, type GroupLayout } from './groups.ts';
import { decidingScore, thresholdBin, thresholdCuts } from './threshold-bins.ts';
import { addonFor, type Engine, type NativeAddon } from '../native/index.ts';

/** A population of searches analysed together. */
export interface Population {
  /** `mated`, or the source of non-mated searches (`crowd`, `filler_probe`, ...). */
  id: string;
  kind: 'mated' | 'non-mated';
  /** Gallery size when every search of the population gives the same one, else null. */
  gallerySize: number | null;
}

/** Counts of one population: n per group, hits per group and threshold (index group * T + t). */
export interface PopulationCounts {
  population: Population;
  n: Int32Array;
  hits: Int32Array;
}

/**
 * Sweeps `thresholds` (ascending) over `searches`. A mated search hits at T when its mate is at rank <= `rank`
 * with score >= T (TPIR); a non-mated search hits when any candidate scores >= T (FPIR). Searches with no
 * candidate never hit. Scores stored as float32 are compared with thresholds rounded to float32.
 */
export function sweep(searches: SearchesData, layout: GroupLayout, thresholds: readonly number[], rank: number): PopulationCounts[] {
  return sweepWith({ searches, layout, thresholds, rank, engine: 'fastest' });
}

/** What sweepWith sweeps, and which code runs the row loop (the same counts either way). */
export interface SweepOptions {
  searches: SearchesData;
  layout: GroupLayout;
  thresholds: readonly number[];
  rank: number;
  engine: Engine;
}

/** Per population: its counts per group and threshold bin (index group * (T + 1) + bin), in order of first appearance. */
interface Histograms {
  populations: Population[];
  hist: Int32Array[];
  gallery: number[];
}

/**
 * sweep, with the row loop run by `engine`: the native addon's (harness/native/sweep-counts.c) or TypeScript's.
 * The counts are then cumulated from the top bin down.
 */
export function sweepWith(options: SweepOptions): PopulationCounts[] {
  const { searches, layout, thresholds, rank, engine } = options;
  const T = thresholds.length;
  const G = layout.groups.length;
  const cut = thresholdCuts(searches, thresholds);
  const addon = addonFor(engine);
  const { populations, hist, gallery } = addon === null || searches.source.labels.length > MAX_NATIVE_SOURCES
    ? histogramsTs(searches, layout, cut, rank)
    : histogramsNative(addon, { searches, layout, cuts: cut, rank });
  return populations.map((population, p) => {
    const h = hist[p] as Int32Array;
    const n = new Int32Array(G);
    const hits = new Int32Array(G * T);
    for (let g = 0; g < G; g++) {
      let acc = 0;
      const base = g * (T + 1);
      for (let b = T; b >= 1; b--) {
        acc += h[base + b] as number;
        hits[g * T + b - 1] = acc;
      }
      n[g] = acc + (h[base] as number);
    }
    const gs = gallery[p] as number;
    return { population: { ...population, gallerySize: gs > 0 ? gs : null }, n, hits };
  });
}

/** Most source labels the native loop takes (a table has a handful). */
const MAX_NATIVE_SOURCES = 256;

/** The row loop in C (sweep-counts.c): the same populations, gallery sizes and counts as histogramsTs. */
function histogramsNative(addon: NativeAddon, work: { searches: SearchesData; layout: GroupLayout; cuts: Float64Array; rank: number }): Histograms {
  const { searches, layout, cuts, rank } = work;
  const S = searches.source.labels.length;
  const G = layout.groups.length;
  const size = G * (cuts.length + 1);
  const out = { hist: new Int32Array((S + 1) * size), source: new Int32Array(S + 1), gallery: new Float64Array(S + 1) };
  const { sex, ethnicity, ageBand } = searches.demographics;
  const pops = addon.sweepCounts({
    mated: searches.mated, source: searches.source.codes, sources: S, mateRank: searches.mateRank, mateScore: searches.mateScore,
    topNonmateScore: searches.topNonmateScore, gallerySize: searches.gallerySize, rank, cuts, sex, ethnicity, ageBand, groups: G,
    sexOffset: layout.offset.sex, ethnicityOffset: layout.offset.ethnicity, ageBandOffset: layout.offset.ageBand,
    intersectionOffset: layout.intersectionOffset, nEthnicity: layout.nEthnicity,
  }, out);
  const populations: Population[] = [];
  const hist: Int32Array[] = [];
  const gallery: number[] = [];
  for (let p = 0; p < pops; p++) {
    const src = out.source[p] as number;
    populations.push(p === 0 ? { id: 'mated', kind: 'mated', gallerySize: null } : { id: searches.source.labels[src] as string, kind: 'non-mated', gallerySize: null });
    hist.push(out.hist.subarray(p * size, (p + 1) * size));
    gallery.push(out.gallery[p] as number);
  }
  return { populations, hist, gallery };
}

/** The row loop in TypeScript: each search's deciding score binned, counted in each of its groups. */
function histogramsTs(searches: SearchesData, layout: GroupLayout, cut: Float64Array, rank: number): Histograms {
  const T = cut.length;
  const G = layout.groups.length;
  // Population of each source label: non-mated sources get their own population, in label order of appearance.
  const nonMatedPop = new Int32Array(searches.source.labels.length).fill(-1);
  const populations: Population[] = [{ id: 'mated', kind: 'mated', gallerySize: null }];
  const hist: Int32Array[] = [new Int32Array(G * (T + 1))];
  const gallery: number[] = [NaN];
  const groupIdx = new Int32Array(5);
  const { sex, ethnicity, ageBand } = searches.demographics;
  for (let i = 0; i < searches.length; i++) {
    let pop: number;
    if (searches.mated[i] === 1) {
      pop = 0;
    } else {
      const src = searches.source.codes[i] as number;
      pop = nonMatedPop[src] as number;
      if (pop < 0) {
        pop = populations.length;
        nonMatedPop[src] = pop;
        populations.push({ id: searches.source.labels[src] as string, kind: 'non-mated', gallerySize: null });
        hist.push(new Int32Array(G * (T + 1)));
        gallery.push(NaN);
      }
    }
    const g = searches.gallerySize[i] as number;
    const seen = gallery[pop] as number;
    if (Number.isNaN(seen)) gallery[pop] = g;
    else if (seen !== g && !(seen === -1)) gallery[pop] = -1;
    const bin = thresholdBin(cut, decidingScore(searches, i, rank));
    const h = hist[pop] as Int32Array;
    const count = groupsOfSearch(layout, sex[i] as number, ethnicity[i] as number, ageBand[i] as number, groupIdx);
    for (let j = 0; j < count; j++) (h[(groupIdx[j] as number) * (T + 1) + bin] as number)++;
  }
  return { populations, hist, gallery };
}
