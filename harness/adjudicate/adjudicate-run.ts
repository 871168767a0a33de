/**
 * adjudicateRun: the adjudication a campaign run records for one algorithm.
 *
 *   1. adjudicate under the main rule (time and place where the manifest gives places, else time; --min-overlap)
 *   2. tracking measures of the tracks against the place ground truth (when complete)
 *   3. the same adjudication under each alternative rule (time only vs time and place; the overlap threshold at half
 *      and double), reduced to the headline rates at the operational thresholds: the sensitivity table
 */
import { adjudicate, type Adjudication, type AdjudicationInput } from './adjudicate.ts';
import type { AdjudicationSummary, SensitivityRow } from './adjudication-summary.ts';
import type { SearchRecord } from './search-record.ts';
import { trackingMeasures, type CameraFrames } from './tracking-measures.ts';

export interface AdjudicateRunInput extends Omit<AdjudicationInput, 'usePlace'> {
  /** The processed frames of each footage file (for the tracking measures). */
  footage: readonly CameraFrames[];
  /** Rank within which a mate counts as found (the protocol's analysis rank). */
  rank: number;
}

/** The main adjudication (searches and candidates to write) and its summary, with tracking measures and sensitivity. */
export interface AdjudicationRun {
  main: Adjudication;
  summary: AdjudicationSummary;
}

/**
 * Adjudicates under the main rule and every alternative.
 * @example const { main, summary } = adjudicateRun({ ...input, footage, rank: 1 })
 */
export function adjudicateRun(input: AdjudicateRunInput): AdjudicationRun {
  const m = input.manifest;
  const hasPlace = [...m.passes, ...m.crowdPasses].some((p) => p.place !== undefined);
  const main = adjudicate({ ...input, usePlace: hasPlace });
  // Tracking needs every person's pass: without the crowd's (a live deployment) their tracks would count as errors.
  const tracking = m.crowdPasses.length === 0 ? null : trackingMeasures(input.watchlist, [...m.passes, ...m.crowdPasses], input.footage);
  const rules = hasPlace ? [true, false] : [false];
  const overlaps = [input.minOverlap, input.minOverlap / 2, Math.min(1, input.minOverlap * 2)];
  const sensitivity: SensitivityRow[] = [];
  for (const usePlace of rules) {
    for (const minOverlap of overlaps) {
      const isMain = usePlace === hasPlace && minOverlap === input.minOverlap;
      const a = isMain ? main : adjudicate({ ...input, filler: null, usePlace, minOverlap });
      sensitivity.push(...headlineRates(a, { usePlace, minOverlap, main: isMain, thresholds: input.thresholds, rank: input.rank }));
    }
  }
  return { main, summary: { ...main.summary, tracking, sensitivity } };
}

/** TPIR, crowd FPIR and alerts among tracks of no known pass at each threshold, from one adjudication's searches. */
function headlineRates(a: Adjudication, o: { usePlace: boolean; minOverlap: number; main: boolean; thresholds: readonly number[]; rank: number }): SensitivityRow[] {
  const mated = a.searches.filter((s) => s.source === 'volunteer' && s.mated);
  const crowd = a.searches.filter((s) => s.source === 'crowd');
  const unassigned = a.searches.filter((s) => s.source === 'unassigned_track');
  const alerts = (list: readonly SearchRecord[], t: number): number => list.filter((s) => (s.topNonmateScore ?? -1) >= t).length;
  return o.thresholds.map((threshold) => ({
    rule: o.usePlace ? 'time-and-place' : 'time',
    minOverlap: o.minOverlap,
    main: o.main,
    threshold,
    acquired: { k: a.summary.volunteerPassesAcquired, n: a.summary.volunteerPasses },
    tpir: { k: mated.filter((s) => s.mateRank !== null && s.mateRank <= o.rank && (s.mateScore ?? -1) >= threshold).length, n: mated.length },
    fpirCrowd: crowd.length === 0 ? null : { k: alerts(crowd, threshold), n: crowd.length },
    unassignedAlerts: { k: alerts(unassigned, threshold), n: unassigned.length },
    ambiguousTracks: a.summary.ambiguousTracks,
    tiedTracks: a.summary.tiedTracks,
  }));
}
