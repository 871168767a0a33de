/**
 * The score-level simulator: writes a whole campaign's searches and candidates from the protocol's score model,
 * with the true rates it was drawn from, so that every estimate can be checked.
 *
 *   volunteers (demographics from volunteerMix, own mean score) -> passes -> mated searches vs the watchlist
 *                                                               -> the same faces vs the filler gallery (filler_probe)
 *   crowd (demographics from crowdMix, unrecorded)              -> non-mated searches vs the watchlist
 */
import type { Campaign } from '../campaign/campaign.ts';
import type { CandidateRow, SearchRow } from '../store/contract.ts';
import { candidatesBuilder, searchesBuilder, type ContractTableBuilder } from '../store/table-builder.ts';
import type { Dimension } from '../campaign/dimension.ts';
import type { SimulationSettings } from '../campaign/protocol-schema.ts';
import { buildGroups, groupsOfSearch } from '../metrics/groups.ts';
import { createRng, type Rng } from '../stats/rng.ts';
import { cumulativeShares, drawCategory } from './draw-category.ts';
import { personModel, type Demography, type PersonModel } from './person-model.ts';
import { clipScore, drawNormal, drawTopFromParts } from './sample-scores.ts';
import { trueFpir, trueTpir, type ImpostorGallery } from './true-rates.ts';

/** The contract tables, built row by row. */
export interface SimulatedTables {
  searches: ContractTableBuilder<SearchRow>;
  candidates: ContractTableBuilder<CandidateRow>;
}

/** True rates by population, group and threshold (aligned with `thresholds`). */
export interface TrueRates {
  thresholds: number[];
  rates: { metric: 'TPIR' | 'FPIR'; population: string; group: string; values: number[] }[];
}

export interface SimulationResult extends SimulatedTables {
  truth: TrueRates;
}

/** Streams of the seed, one per population, so that changing one population's size leaves the others unchanged. */
const Stream = { volunteers: 1, crowd: 2 } as const;
const DEPLOYMENT_HOURS = 34.5;
const CAMERAS_PER_DEPLOYMENT = 2;

/**
 * Simulates `campaign` under the score model `sim` with `seed`.
 * Same campaign and seed -> the same tables, on every machine.
 */
export function simulateCampaign(campaign: Campaign, sim: SimulationSettings, seed: number): SimulationResult {
  const layout = buildGroups(campaign);
  const pad = (i: number, w: number): string => String(i).padStart(w, '0');
  const watchlistSize = campaign.watchlist.size;
  const k = sim.candidatesPerSearch;
  const deploymentMs = Math.round((DEPLOYMENT_HOURS * 3_600_000) / sim.deployments);
  const S = searchesBuilder();
  const C = candidatesBuilder();
  const shares = (mix: SimulationSettings['volunteerMix']): Record<Dimension, number[]> => ({
    sex: cumulativeShares(campaign.dimensions.sex, mix?.sex),
    ethnicity: cumulativeShares(campaign.dimensions.ethnicity, mix?.ethnicity),
    ageBand: cumulativeShares(campaign.dimensions.ageBand, mix?.ageBand),
  });
  const models = new Map<string, PersonModel>();
  const modelOf = (d: Demography): PersonModel => {
    const key = `${d.sex}.${d.ethnicity}.${d.ageBand}`;
    let m = models.get(key);
    if (m === undefined) models.set(key, (m = personModel(sim, campaign, d)));
    return m;
  };
  const drawPerson = (rng: Rng, cum: Record<Dimension, number[]>): Demography => ({
    sex: drawCategory(rng, cum.sex), ethnicity: drawCategory(rng, cum.ethnicity), ageBand: drawCategory(rng, cum.ageBand),
  });
  const label = (dim: Dimension, d: Demography): string => campaign.dimensions[dim][d[dim]]?.code ?? '';

  // Truth accumulators: per population, per group, sum over searches of each search's true rate per threshold.
  const T = campaign.thresholds;
  const sums = new Map<string, { sum: Float64Array; n: number }[]>();
  const accumulate = (population: string, d: Demography | null, rates: Float64Array): void => {
    let byGroup = sums.get(population);
    if (byGroup === undefined) sums.set(population, (byGroup = layout.groups.map(() => ({ sum: new Float64Array(T.length), n: 0 }))));
    const idx = new Int32Array(5);
    const count = d === null ? groupsOfSearch(layout, -1, -1, -1, idx) : groupsOfSearch(layout, d.sex, d.ethnicity, d.ageBand, idx);
    for (let j = 0; j < count; j++) {
      const cell = byGroup[idx[j] as number] as { sum: Float64Array; n: number };
      cell.n++;
      for (let t = 0; t < T.length; t++) (cell.sum[t] as number) += rates[t] as number;
    }
  };
  const watchlist = galleryLayout(watchlistSize, campaign.dimensions.ethnicity.map((c) => campaign.watchlist.composition.ethnicity?.[c.code] ?? 1), 'w');
  const fillerShares = campaign.fillerGallery?.ethnicity;
  const fillerSize = campaign.fillerGallery?.size ?? sim.fillerGallerySize;
  const filler = galleryLayout(fillerSize, campaign.dimensions.ethnicity.map((c) => fillerShares?.[c.code] ?? 1), 'f');
  /** The gallery as one probe of ethnicity `e` sees it, without its mate when `withoutMate`. */
  const impostors = (g: GalleryLayout, model: PersonModel, e: number, withoutMate: boolean): ImpostorGallery =>
    g.parts.map((p) => ({ n: p.n - (withoutMate && p.ethnicity === e ? 1 : 0), mean: model.impostorMean + (p.ethnicity === e ? sim.sameEthnicityImpostorShift : 0), sd: model.impostorSd }));
  const rateCache = new Map<string, Float64Array>();
  const ratesOf = (kind: 'tpir' | 'fpir', g: GalleryLayout, model: PersonModel, e: number): Float64Array => {
    const key = `${kind}.${g.prefix}.${e}.${model.genuineMean}.${model.impostorSd}`;
    let r = rateCache.get(key);
    if (r === undefined) {
      const gallery = impostors(g, model, e, kind === 'tpir');
      r = Float64Array.from(T, (t) => (kind === 'tpir' ? trueTpir(model, gallery, t, sim.failureToAcquire) : trueFpir(gallery, t)));
      rateCache.set(key, r);
    }
    return r;
  };
  /** Draws the top k impostor candidates of `g` for a probe; ids are opaque, ethnicity codes kept for pairings. */
  const drawCandidates = (rng: Rng, g: GalleryLayout, model: PersonModel, e: number, withoutMate: boolean): { score: number; id: string; ethnicity: string }[] =>
    drawTopFromParts(rng, impostors(g, model, e, withoutMate), k).map((c) => {
      const part = g.parts[c.part] as GalleryPart;
      return { score: c.score, id: `${g.prefix}${pad(part.first + 1 + Math.floor(rng.next() * part.n), 6)}`, ethnicity: campaign.dimensions.ethnicity[part.ethnicity]?.code ?? '' };
    });

  // 1. Volunteers and their passes: mated searches against the watchlist, then the same faces against the fillers.
  const vrng = createRng(seed, Stream.volunteers);
  const vcum = shares(sim.volunteerMix);
  const fillerProbes: { id: string; subject: string; d: Demography; model: PersonModel; dep: number; cam: number; t0: number; t1: number; frames: number; size: number }[] = [];
  for (let v = 0; v < sim.volunteers; v++) {
    const d = drawPerson(vrng, vcum);
    const model = modelOf(d);
    const ownMean = drawNormal(vrng, model.genuineMean, model.volunteerSd);
    const dep = Math.floor(vrng.next() * sim.deployments);
    const subject = `v${pad(v + 1, 4)}`;
    for (let p = 0; p < sim.passesPerVolunteer; p++) {
      const id = `${subject}-p${pad(p + 1, 2)}`;
      const cam = Math.floor(vrng.next() * CAMERAS_PER_DEPLOYMENT);
      const t0 = Math.floor(vrng.next() * (deploymentMs - 10_000));
      const t1 = t0 + 2000 + Math.floor(vrng.next() * 4000);
      const acquired = vrng.next() >= sim.failureToAcquire;
      const frames = acquired ? 3 + Math.floor(vrng.next() * 28) : 0;
      const size = acquired ? Math.round(40 + vrng.next() * 80) : null;
      const mateScore = clipScore(drawNormal(vrng, ownMean, model.genuineSd));
      const nonmates = drawCandidates(vrng, watchlist, model, d.ethnicity, true);
      accumulate('mated', d, ratesOf('tpir', watchlist, model, d.ethnicity));
      if (!acquired) {
        pushSearch(S, { id, dep, cam, t0, t1, source: 'volunteer', mated: true, subject, d: labels(d), mateScore: null, mateRank: null, top: null, topId: null, frames, size, gallery: watchlistSize });
        continue;
      }
      const mateRank = 1 + nonmates.filter((c) => c.score > mateScore).length;
      const list = nonmates.map((c) => ({ ...c, mate: false }));
      list.splice(mateRank - 1, 0, { id: `w-${subject}`, score: mateScore, ethnicity: labels(d).ethnicity, mate: true });
      list.length = Math.min(list.length, k);
      const returned = mateRank <= k;
      pushSearch(S, { id, dep, cam, t0, t1, source: 'volunteer', mated: true, subject, d: labels(d), mateScore: returned ? mateScore : null, mateRank: returned ? mateRank : null, top: nonmates[0]?.score ?? null, topId: nonmates[0]?.id ?? null, frames, size, gallery: watchlistSize });
      list.forEach((c, i) => pushCandidate(C, id, i + 1, c.id, c.score, c.mate, c.ethnicity));
      fillerProbes.push({ id: `f-${id}`, subject, d, model, dep, cam, t0, t1, frames, size: size ?? 0 });
    }
  }
  for (const f of fillerProbes) {
    const found = drawCandidates(vrng, filler, f.model, f.d.ethnicity, false);
    accumulate('filler_probe', f.d, ratesOf('fpir', filler, f.model, f.d.ethnicity));
    pushSearch(S, { id: f.id, dep: f.dep, cam: f.cam, t0: f.t0, t1: f.t1, source: 'filler_probe', mated: false, subject: f.subject, d: labels(f.d), mateScore: null, mateRank: null, top: found[0]?.score ?? null, topId: found[0]?.id ?? null, frames: f.frames, size: f.size, gallery: fillerSize });
    found.forEach((c, i) => pushCandidate(C, f.id, i + 1, c.id, c.score, false, c.ethnicity));
  }

  // 2. The crowd: members of the public, never enrolled; their demographics shape their scores but are not recorded.
  const crng = createRng(seed, Stream.crowd);
  const ccum = shares(sim.crowdMix);
  for (let c = 0; c < sim.crowdSearches; c++) {
    const d = drawPerson(crng, ccum);
    const model = modelOf(d);
    const id = `c${pad(c + 1, 7)}`;
    const dep = Math.floor(crng.next() * sim.deployments);
    const cam = Math.floor(crng.next() * CAMERAS_PER_DEPLOYMENT);
    const t0 = Math.floor(crng.next() * (deploymentMs - 10_000));
    const t1 = t0 + 2000 + Math.floor(crng.next() * 4000);
    const frames = 3 + Math.floor(crng.next() * 28);
    const size = Math.round(40 + crng.next() * 80);
    const found = drawCandidates(crng, watchlist, model, d.ethnicity, false);
    accumulate('crowd', null, ratesOf('fpir', watchlist, model, d.ethnicity));
    pushSearch(S, { id, dep, cam, t0, t1, source: 'crowd', mated: false, subject: null, d: { sex: null, ethnicity: null, age_band: null }, mateScore: null, mateRank: null, top: found[0]?.score ?? null, topId: found[0]?.id ?? null, frames, size, gallery: watchlistSize });
    found.forEach((c, i) => pushCandidate(C, id, i + 1, c.id, c.score, false, c.ethnicity));
  }

  function labels(d: Demography): { sex: string; ethnicity: string; age_band: string } {
    return { sex: label('sex', d), ethnicity: label('ethnicity', d), age_band: label('ageBand', d) };
  }

  const truth: TrueRates = { thresholds: [...T], rates: [] };
  for (const [population, byGroup] of sums) {
    byGroup.forEach((cell, g) => {
      if (cell.n === 0) return;
      truth.rates.push({
        metric: population === 'mated' ? 'TPIR' : 'FPIR',
        population,
        group: layout.groups[g]?.id ?? '',
        values: Array.from(cell.sum, (s) => s / cell.n),
      });
    });
  }
  return { searches: S, candidates: C, truth };
}

interface SimulatedSearch {
  id: string; dep: number; cam: number; t0: number; t1: number; source: string; mated: boolean; subject: string | null;
  d: { sex: string | null; ethnicity: string | null; age_band: string | null };
  mateScore: number | null; mateRank: number | null; top: number | null; topId: string | null;
  frames: number; size: number | null; gallery: number;
}

function pushSearch(S: ContractTableBuilder<SearchRow>, r: SimulatedSearch): void {
  S.add({
    search_id: r.id, deployment: `d${r.dep + 1}`, camera: `cam${r.cam + 1}`, t_start_ms: r.t0, t_end_ms: r.t1, source: r.source, mated: r.mated,
    subject_id: r.subject, sex: r.d.sex, ethnicity: r.d.ethnicity, age_band: r.d.age_band, mate_score: r.mateScore, mate_rank: r.mateRank,
    top_nonmate_score: r.top, top_nonmate_id: r.topId, frames_seen: r.frames, face_size_px: r.size, gallery_size: r.gallery,
  });
}

function pushCandidate(C: ContractTableBuilder<CandidateRow>, searchId: string, rank: number, galleryId: string, score: number, mate: boolean, ethnicity: string): void {
  C.add({ search_id: searchId, rank, gallery_id: galleryId, score, is_mate: mate, gallery_ethnicity: ethnicity });
}

/** One demographic part of a gallery: n entries of one ethnicity, numbered from `first`. */
interface GalleryPart {
  n: number;
  ethnicity: number;
  first: number;
}

interface GalleryLayout {
  prefix: string;
  parts: GalleryPart[];
}

/** Splits `size` entries by `weights` (per ethnicity), largest remainders first, so the parts sum to `size`. */
function galleryLayout(size: number, weights: readonly number[], prefix: string): GalleryLayout {
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (size * w) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((x, i) => ({ r: x - Math.floor(x), i })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let j = 0; j < size - counts.reduce((a, b) => a + b, 0); j++) counts[order[j]?.i ?? 0]! += 1;
  let first = 0;
  const parts = counts.map((n, ethnicity) => {
    const part = { n, ethnicity, first };
    first += n;
    return part;
  }).filter((p) => p.n > 0);
  return { prefix, parts };
}
