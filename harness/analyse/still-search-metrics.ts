/**
 * The still-image use cases' measures (RFR, OIFR) from a searches table: failures to enrol a probe by group, and for
 * RFR the CMC curve, the mate's rank, lists with no mate but a candidate above the review threshold, and FNIR(R)
 * without a threshold with the same intervals and tests between groups as the threshold sweep (cluster bootstrap and
 * design-effect-corrected tests, clustered by identity).
 */
import type { Campaign } from '../campaign/campaign.ts';
import { InputError } from '../core/input-error.ts';
import { groupsOfSearch, type GroupLayout } from '../metrics/groups.ts';
import { sweep } from '../metrics/sweep.ts';
import { thresholdBin, thresholdCuts } from '../metrics/threshold-bins.ts';
import { clopperPearson } from '../stats/clopper-pearson.ts';
import { wilson } from '../stats/wilson.ts';
import type { SearchesData } from '../store/read-searches.ts';
import { groupStatistics } from './group-statistics.ts';
import { rateRows } from './rate-rows.ts';
import type { StillSearch } from './results-schema.ts';
import type { GroupProportionSchema } from './still-search-schema.ts';
import type { z } from 'zod';

type GroupProportion = z.infer<typeof GroupProportionSchema>;

/** Per group: searches (n) and those counted (k), filled by `count(i)` over the searches `take(i)` selects. */
function proportions(a: { searches: SearchesData; layout: GroupLayout; population: string; level: number; take: (i: number) => boolean; count: (i: number) => boolean }): GroupProportion[] {
  const { searches, layout } = a;
  const G = layout.groups.length;
  const n = new Int32Array(G);
  const k = new Int32Array(G);
  forEachGroup(searches, layout, a.take, (i, g) => {
    n[g] = (n[g] as number) + 1;
    if (a.count(i)) k[g] = (k[g] as number) + 1;
  });
  return layout.groups.flatMap((group, g) => {
    const total = n[g] as number;
    return total === 0 ? [] : [proportion(a.population, group.id, k[g] as number, total, a.level)];
  });
}

/** One group's proportion with Clopper-Pearson and Wilson intervals. */
function proportion(population: string, group: string, k: number, n: number, level: number): GroupProportion {
  return { population, group, k, n, estimate: n === 0 ? null : k / n, intervals: { 'clopper-pearson': clopperPearson(k, n, level), wilson: wilson(k, n, level) } };
}

/** Calls `f(i, g)` for every search `i` that `take` selects and every group `g` it belongs to. */
function forEachGroup(searches: SearchesData, layout: GroupLayout, take: (i: number) => boolean, f: (i: number, g: number) => void): void {
  const idx = new Int32Array(5);
  const { sex, ethnicity, ageBand } = searches.demographics;
  for (let i = 0; i < searches.length; i++) {
    if (!take(i)) continue;
    const count = groupsOfSearch(layout, sex[i] as number, ethnicity[i] as number, ageBand[i] as number, idx);
    for (let j = 0; j < count; j++) f(i, idx[j] as number);
  }
}

/**
 * The measures of a still-image campaign (`campaign.useCase` rfr or oifr) from its searches.
 * - Failure to enrol: probe searches with no candidate at all (no face found), over every probe search.
 * - CMC(r), r = 1..L: mated searches whose mate is at rank <= r, no threshold (ISO/IEC 19795-1's cumulative match
 *   characteristic; NIST FRVT 1:N's FNIR(N, R, T = 0) is 1 - CMC(R)). A probe with no face is a miss at every rank.
 * - Mate ranks: how many mated searches find their mate at each rank, beyond the list, or have no face.
 * - No mate above review: mated searches whose mate is not in the list but whose best candidate scores at or above
 *   the review threshold (a reviewer is shown only wrong people), and non-mated searches with any candidate there.
 * - FNIR(R) without a threshold: the threshold sweep's rates and comparisons run at threshold 0 (scores are 0..1,
 *   so every returned mate counts), with cluster-bootstrap BCa intervals and tests clustered by identity.
 * Intervals: Clopper-Pearson (1934) and Wilson (1927) at the protocol's confidence level.
 */
export function stillSearchMetrics(campaign: Campaign, layout: GroupLayout, searches: SearchesData): StillSearch {
  checkListLength(campaign, searches);
  const level = campaign.analysis.confidenceLevel;
  const noCandidate = (i: number): boolean => searches.mateRank[i] === 0 && Number.isNaN(searches.topNonmateScore[i]);
  const mated = (i: number): boolean => searches.mated[i] === 1;
  const failureToEnrol = proportions({ searches, layout, population: 'probes', level, take: () => true, count: noCandidate });
  const list = campaign.candidateList;
  if (list === null) return { failureToEnrol, cmc: [], mateRanks: [], noMateAboveReview: [], withoutThreshold: null };

  const L = list.length;
  const cmc: StillSearch['cmc'] = [];
  for (let r = 1; r <= L; r++) {
    const at = sweep(searches, layout, [0], r).find((c) => c.population.kind === 'mated');
    if (at === undefined) break;
    layout.groups.forEach((group, g) => {
      const n = at.n[g] as number;
      if (n > 0) cmc.push({ ...proportion('mated', group.id, at.hits[g] as number, n, level), rank: r });
    });
  }

  const ranks = layout.groups.map(() => ({ n: 0, atRank: new Array<number>(L).fill(0), notInList: 0, noFace: 0 }));
  forEachGroup(searches, layout, mated, (i, g) => {
    const cell = ranks[g];
    if (cell === undefined) return;
    cell.n++;
    const r = searches.mateRank[i] as number;
    if (noCandidate(i)) cell.noFace++;
    else if (r >= 1 && r <= L) cell.atRank[r - 1] = (cell.atRank[r - 1] ?? 0) + 1;
    else cell.notInList++;
  });
  const mateRanks = layout.groups.flatMap((group, g) => {
    const cell = ranks[g];
    return cell === undefined || cell.n === 0 ? [] : [{ group: group.id, ...cell }];
  });

  const cut = thresholdCuts(searches, [list.reviewThreshold]);
  const aboveReview = (i: number): boolean => thresholdBin(cut, searches.topNonmateScore[i] as number) > 0;
  const inList = (i: number): boolean => {
    const r = searches.mateRank[i] as number;
    return r >= 1 && r <= L;
  };
  const noMateAboveReview = [
    ...proportions({ searches, layout, population: 'mated', level, take: mated, count: (i) => !inList(i) && aboveReview(i) }),
    ...proportions({ searches, layout, population: 'non-mated', level, take: (i) => !mated(i), count: aboveReview }),
  ];

  // FNIR(R) with no threshold: the sweep, its intervals and its tests at the single threshold 0.
  const atZero: Campaign = { ...campaign, thresholds: [0], operationalThresholds: [0], analysis: { ...campaign.analysis, rank: list.rank } };
  const counts = sweep(searches, layout, [0], list.rank).filter((c) => c.population.kind === 'mated');
  const stats = groupStatistics(atZero, layout, searches, counts);
  const withoutThreshold = { rates: rateRows(counts, layout, [0], level, stats.bootstrapIntervals), comparisons: stats.comparisons };
  return { failureToEnrol, cmc, mateRanks, noMateAboveReview, withoutThreshold };
}

/**
 * A candidate list cannot be longer than the reference set it is drawn from: checked against the searches' gallery_size.
 * @throws InputError naming the searches file and the column.
 */
function checkListLength(campaign: Campaign, searches: SearchesData): void {
  const length = campaign.candidateList?.length;
  if (length === undefined) return;
  let smallest = Infinity;
  for (const size of searches.gallerySize) if (size === size && size < smallest) smallest = size;
  if (length > smallest) {
    throw new InputError(searches.file, [{ path: 'column gallery_size', expected: `reference sets of at least the protocol's candidateList.length (${length}) entries`, got: `a search of a reference set of ${smallest}` }]);
  }
}
