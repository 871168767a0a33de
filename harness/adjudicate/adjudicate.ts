/**
 * Adjudication: replayed tracks against the ground truth, into the searches/candidates contract.
 *
 *   tracks + passes of each camera -> assignment (assign-tracks.ts: time and place, or time alone; optimal, jointly)
 *   volunteer pass  + its tracks  -> one search (mated when the volunteer is enrolled); no track: failure to acquire
 *   known crowd pass + its tracks -> one non-mated crowd search
 *   tracks of no known pass       -> non-mated searches: `crowd` when crowd passes are unknown (a live deployment),
 *                                    `unassigned_track` when they are known (a rehearsal: fragments, false detections)
 *   volunteer pass + its tracks replayed against the filler gallery -> one `filler_probe` search
 *
 * Several tracks of one pass are merged (duplicate alerts within a pass count once, at the best score).
 */
import type { ConditionValues } from '../campaign/index.ts';
import type { Manifest } from '../campaign/load-manifest.ts';
import type { AcquisitionCell, AdjudicationSummary } from './adjudication-summary.ts';
import { assignTracks, type PassSpan } from './assign-tracks.ts';
import { mergeCandidates } from './merge-candidates.ts';
import { searchScores, type CandidateRecord, type SearchRecord } from './search-record.ts';
import type { Track } from './track.ts';

export interface AdjudicationInput {
  manifest: Manifest;
  /** Volunteers whose enrolment produced a watchlist entry; their gallery id is their volunteer id. */
  enrolled: ReadonlySet<string>;
  watchlistSize: number;
  fillerSize: number | null;
  watchlist: readonly Track[];
  /** Tracks of the same footage searched against the filler gallery, or null when there is none. */
  filler: readonly Track[] | null;
  /** Ethnicity code of each gallery id, when known. */
  galleryEthnicity: ReadonlyMap<string, string | null>;
  /** Lowest score for a track to go to a pass. */
  minOverlap: number;
  /** Use the passes' places where the manifest gives them (false: time only). */
  usePlace: boolean;
  topK: number;
  /** Thresholds at which alerts among tracks of no known pass are counted (the operational ones). */
  thresholds: readonly number[];
}

/** The counts adjudication itself finds (tracking measures and the sensitivity table are added by adjudicateRun). */
export type AdjudicationCounts = Omit<AdjudicationSummary, 'tracking' | 'sensitivity'>;

/** Where one watchlist track went: the search it is part of, with its score for that pass (0 for no known pass). */
export interface TrackAssignment {
  segmentId: string;
  trackId: number;
  searchId: string;
  score: number;
}

export interface Adjudication {
  searches: SearchRecord[];
  candidates: CandidateRecord[];
  /** Every watchlist track, in input order, and the search it went to (an audit trail of the assignment). */
  assignments: TrackAssignment[];
  summary: AdjudicationCounts;
}

/** Group key of a volunteer for counts by group: `sex/ethnicity`, "unknown" where not given. */
export function groupKey(v: { sex: string | null; ethnicity: string | null }): string {
  return `${v.sex ?? 'unknown'}/${v.ethnicity ?? 'unknown'}`;
}

const pad = (i: number): string => String(i + 1).padStart(6, '0');

/**
 * Adjudicates one algorithm's tracks. Deterministic: output order follows the manifest, then the tracks.
 * @example adjudicate({ manifest, enrolled, watchlistSize: 60, fillerSize: 200, watchlist, filler, galleryEthnicity, minOverlap: 0.2, usePlace: true, topK: 10, thresholds: [0.5] })
 */
export function adjudicate(input: AdjudicationInput): Adjudication {
  const { manifest } = input;
  const volunteers = new Map(manifest.volunteers.map((v) => [v.id, v]));
  const spans: PassSpan[] = [...manifest.passes, ...manifest.crowdPasses];
  const nVolunteerPasses = manifest.passes.length;
  const searches: SearchRecord[] = [];
  const candidates: CandidateRecord[] = [];
  const options = { minOverlap: input.minOverlap, usePlace: input.usePlace };

  const startedAt = new Map(manifest.deployments.map((d) => [d.id, d.startedAt]));
  const push = (row: Omit<SearchRecord, 'mateScore' | 'mateRank' | 'topNonmateScore' | 'topNonmateId' | 'framesSeen' | 'faceSizePx'>,
    tracks: readonly Track[], list: { galleryId: string; score: number }[], mateId: string | null): void => {
    const conditions = bestShotConditions(tracks, startedAt.get(row.deployment), row.tStartMs);
    searches.push({
      ...row,
      ...searchScores(list, mateId),
      framesSeen: tracks.reduce((s, t) => s + t.framesSeen, 0),
      faceSizePx: tracks.length === 0 ? null : Math.max(...tracks.map((t) => t.faceSizePx)),
      ...(conditions === null ? {} : { conditions }),
    });
    list.forEach((c, i) => candidates.push({ searchId: row.searchId, rank: i + 1, galleryId: c.galleryId, score: c.score, isMate: c.galleryId === mateId,
      galleryEthnicity: input.galleryEthnicity.get(c.galleryId) ?? null }));
  };

  // 1. Watchlist run: volunteer passes, known crowd passes, tracks of no known pass.
  const w = assignTracks(input.watchlist, spans, options);
  const byPass = spans.map((): Track[] => []);
  const unassigned: Track[] = [];
  input.watchlist.forEach((t, i) => {
    const p = w.passOfTrack[i] ?? -1;
    (byPass[p] ?? unassigned).push(t);
  });
  const byGroup: Record<string, AcquisitionCell> = {};
  const byCamera: Record<string, AcquisitionCell> = {};
  const tally = (table: Record<string, AcquisitionCell>, key: string, acquired: boolean): void => {
    const cell = (table[key] ??= { passes: 0, notAcquired: 0 });
    cell.passes++;
    if (!acquired) cell.notAcquired++;
  };
  let acquired = 0, crowdAcquired = 0, tracksAssigned = 0;
  spans.forEach((p, i) => {
    const tracks = byPass[i] ?? [];
    tracksAssigned += tracks.length;
    const list = mergeCandidates(tracks.map((t) => t.candidates), input.topK);
    const place = { deployment: p.deployment, camera: p.camera, tStartMs: p.tStartMs, tEndMs: p.tEndMs, gallerySize: input.watchlistSize };
    const pass = manifest.passes[i];
    if (i < nVolunteerPasses) {
      const v = pass === undefined ? undefined : volunteers.get(pass.volunteer);
      if (v === undefined) return;
      if (tracks.length > 0) acquired++;
      tally(byGroup, groupKey(v), tracks.length > 0);
      tally(byCamera, `${p.deployment}/${p.camera}`, tracks.length > 0);
      const mated = v.enrolled && input.enrolled.has(v.id);
      push({ searchId: `pass-${pad(i)}`, ...place, source: 'volunteer', mated, subjectId: v.id, sex: v.sex, ethnicity: v.ethnicity, ageBand: v.ageBand },
        tracks, list, mated ? v.id : null);
    } else {
      if (tracks.length > 0) crowdAcquired++;
      push({ searchId: `crowd-${pad(i - nVolunteerPasses)}`, ...place, source: 'crowd', mated: false, subjectId: null, sex: null, ethnicity: null, ageBand: null },
        tracks, list, null);
    }
  });
  const searchOfTrack = new Map<Track, string>();
  spans.forEach((_, i) => {
    const id = i < nVolunteerPasses ? `pass-${pad(i)}` : `crowd-${pad(i - nVolunteerPasses)}`;
    for (const t of byPass[i] ?? []) searchOfTrack.set(t, id);
  });
  unassigned.forEach((t, i) => searchOfTrack.set(t, `track-${pad(i)}`));
  const unassignedSource = manifest.crowdPasses.length > 0 ? 'unassigned_track' : 'crowd';
  unassigned.forEach((t, i) => {
    push({ searchId: `track-${pad(i)}`, deployment: t.deployment, camera: t.camera, tStartMs: t.tStartMs, tEndMs: t.tEndMs + t.frameMs, source: unassignedSource,
      mated: false, subjectId: null, sex: null, ethnicity: null, ageBand: null, gallerySize: input.watchlistSize }, [t], mergeCandidates([t.candidates], input.topK), null);
  });

  // 2. Filler run: each acquired volunteer pass searched against the filler gallery, which does not contain them.
  let fillerProbes = 0;
  if (input.filler !== null) {
    const f = assignTracks(input.filler, spans, options);
    const fillerByPass = spans.map((): Track[] => []);
    input.filler.forEach((t, i) => fillerByPass[f.passOfTrack[i] ?? -1]?.push(t));
    manifest.passes.forEach((pass, i) => {
      const tracks = fillerByPass[i] ?? [];
      const v = volunteers.get(pass.volunteer);
      if (tracks.length === 0 || v === undefined) return;
      fillerProbes++;
      push({ searchId: `filler-${pad(i)}`, deployment: pass.deployment, camera: pass.camera, tStartMs: pass.tStartMs, tEndMs: pass.tEndMs, source: 'filler_probe', mated: false,
        subjectId: v.id, sex: v.sex, ethnicity: v.ethnicity, ageBand: v.ageBand, gallerySize: input.fillerSize }, tracks, mergeCandidates(tracks.map((t) => t.candidates), input.topK), null);
    });
  }
  const acquiredPasses = acquired + crowdAcquired;
  const withPlace = spans.filter((p) => p.place !== undefined).length;
  const assignments = input.watchlist.map((t, i) => ({ segmentId: t.segmentId, trackId: t.trackId, searchId: searchOfTrack.get(t) ?? '', score: w.scoreOfTrack[i] ?? 0 }));
  return {
    searches,
    candidates,
    assignments,
    summary: {
      rule: { usePlace: input.usePlace, minOverlap: input.minOverlap, passesWithPlace: withPlace, passesWithoutPlace: spans.length - withPlace },
      volunteerPasses: nVolunteerPasses,
      volunteerPassesAcquired: acquired,
      crowdPasses: manifest.crowdPasses.length,
      crowdPassesAcquired: crowdAcquired,
      failureToAcquire: { byGroup: sortKeys(byGroup), byCamera: sortKeys(byCamera) },
      tracks: input.watchlist.length,
      tracksAssigned,
      tracksPerAcquiredPass: acquiredPasses === 0 ? null : tracksAssigned / acquiredPasses,
      ambiguousTracks: w.ambiguous,
      tiedTracks: w.tied,
      assignedByPlace: w.byPlace,
      assignedByTime: w.byTime,
      unassignedTracks: { count: unassigned.length, alerts: unassignedAlerts(unassigned, manifest, input.thresholds) },
      fillerProbes,
    },
  };
}

/**
 * The capture conditions of a search: those of its largest-faced track's best shot (the first such track on a tie),
 * with the time of day of the search's start on the deployment's wall clock; null when no track has conditions.
 */
function bestShotConditions(tracks: readonly Track[], startedAt: string | undefined, tStartMs: number | null): ConditionValues | null {
  const best = tracks.reduce<Track | undefined>((b, t) => (b === undefined || t.faceSizePx > b.faceSizePx ? t : b), undefined);
  if (best?.conditions === undefined) return null;
  const timeOfDay = startedAt === undefined || tStartMs === null ? NaN : timeOfDayHours(startedAt, tStartMs);
  return Number.isNaN(timeOfDay) ? { ...best.conditions } : { ...best.conditions, timeOfDay };
}

/**
 * Hours since local midnight (0 to 24) of `ms` after an ISO 8601 wall-clock start such as 2026-03-01T14:30:00+01:00:
 * the local time as written (its offset gives the local zone), plus the elapsed time, modulo a day.
 * @example timeOfDayHours('2026-03-01T23:00:00Z', 2 * 3600_000) // 1
 */
export function timeOfDayHours(startedAt: string, ms: number): number {
  const m = /T(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?/.exec(startedAt);
  if (m === null) return NaN;
  const h = Number(m[1]) + Number(m[2]) / 60 + Number(m[3] ?? 0) / 3600 + ms / 3_600_000;
  return ((h % 24) + 24) % 24;
}

/**
 * Alerts among tracks of no known pass at each threshold, and how many of them name a volunteer who was passing the
 * same camera while the track was seen (their own face, in a fragment that was not assigned to their pass).
 */
function unassignedAlerts(tracks: readonly Track[], manifest: Manifest, thresholds: readonly number[]): AdjudicationCounts['unassignedTracks']['alerts'] {
  const present = (t: Track, id: string): boolean => manifest.passes.some((p) => p.volunteer === id && p.deployment === t.deployment && p.camera === t.camera
    && p.tStartMs <= t.tEndMs && t.tStartMs < p.tEndMs);
  return thresholds.map((threshold) => {
    let alerts = 0, volunteerAtCamera = 0;
    for (const t of tracks) {
      const best = mergeCandidates([t.candidates], 1)[0];
      if (best === undefined || best.score < threshold) continue;
      alerts++;
      if (present(t, best.galleryId)) volunteerAtCamera++;
    }
    return { threshold, alerts, volunteerAtCamera };
  });
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
