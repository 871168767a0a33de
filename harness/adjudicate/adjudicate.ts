/**
 * Adjudication: replayed tracks against the ground truth, into the searches/candidates contract.
 *
 *   volunteer pass  + its tracks  -> one search (mated when the volunteer is enrolled); no track: failure to acquire
 *   known crowd pass + its tracks -> one non-mated crowd search
 *   tracks of no known pass       -> non-mated searches: `crowd` when crowd passes are unknown (a live deployment),
 *                                    `unassigned_track` when they are known (a rehearsal: fragments, false detections)
 *   volunteer pass + its tracks replayed against the filler gallery -> one `filler_probe` search
 *
 * Several tracks of one pass are merged (duplicate alerts within a pass count once, at the best score).
 */
import type { Manifest } from '../campaign/load-manifest.ts';
import type { CandidateRow, SearchRow } from '../store/contract.ts';
import { candidatesBuilder, searchesBuilder, type ContractTableBuilder } from '../store/table-builder.ts';
import { assignTracks, type PassSpan } from './assign-tracks.ts';
import { mergeCandidates } from './merge-candidates.ts';
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
  minOverlap: number;
  topK: number;
}

/** Counts of what adjudication found, for the report's methods section. */
export interface AdjudicationSummary {
  volunteerPasses: number;
  volunteerPassesAcquired: number;
  crowdPasses: number;
  crowdPassesAcquired: number;
  tracks: number;
  unassignedTracks: number;
  ambiguousTracks: number;
  fillerProbes: number;
}

export interface Adjudication {
  searches: ContractTableBuilder<SearchRow>;
  candidates: ContractTableBuilder<CandidateRow>;
  summary: AdjudicationSummary;
}

/** Adjudicates one algorithm's tracks. Deterministic: output order follows the manifest, then the tracks. */
export function adjudicate(input: AdjudicationInput): Adjudication {
  const { manifest } = input;
  const volunteers = new Map(manifest.volunteers.map((v) => [v.id, v]));
  const spans: PassSpan[] = [...manifest.passes, ...manifest.crowdPasses];
  const nVolunteerPasses = manifest.passes.length;
  const S = searchesBuilder();
  const C = candidatesBuilder();
  const pad = (i: number): string => String(i + 1).padStart(6, '0');

  const tracksByPass = (tracks: readonly Track[]): { byPass: Track[][]; unassigned: Track[]; ambiguous: number } => {
    const { passOfTrack, ambiguous } = assignTracks(tracks, spans, input.minOverlap);
    const byPass: Track[][] = spans.map(() => []);
    const unassigned: Track[] = [];
    tracks.forEach((t, i) => {
      const p = passOfTrack[i] as number;
      if (p < 0) unassigned.push(t);
      else (byPass[p] as Track[]).push(t);
    });
    return { byPass, unassigned, ambiguous };
  };

  const push = (row: PassSearch, list: { galleryId: string; score: number }[], mateId: string | null): void => {
    const mateAt = mateId === null ? -1 : list.findIndex((c) => c.galleryId === mateId);
    const top = list.find((c) => c.galleryId !== mateId);
    S.add({
      search_id: row.id, deployment: row.deployment, camera: row.camera, t_start_ms: row.t0, t_end_ms: row.t1,
      source: row.source, mated: row.mated, subject_id: row.subject, sex: row.sex, ethnicity: row.ethnicity, age_band: row.ageBand,
      mate_score: list[mateAt]?.score ?? null, mate_rank: mateAt >= 0 ? mateAt + 1 : null,
      top_nonmate_score: top?.score ?? null, top_nonmate_id: top?.galleryId ?? null,
      frames_seen: row.tracks.reduce((s, t) => s + t.framesSeen, 0),
      face_size_px: row.tracks.length === 0 ? null : Math.max(...row.tracks.map((t) => t.faceSizePx)),
      gallery_size: row.gallerySize,
    });
    list.forEach((c, i) => C.add({
      search_id: row.id, rank: i + 1, gallery_id: c.galleryId, score: c.score, is_mate: c.galleryId === mateId,
      gallery_ethnicity: input.galleryEthnicity.get(c.galleryId) ?? null,
    }));
  };

  // 1. Watchlist run: volunteer passes, known crowd passes, unassigned tracks.
  const w = tracksByPass(input.watchlist);
  let acquired = 0;
  let crowdAcquired = 0;
  spans.forEach((p, i) => {
    const tracks = w.byPass[i] as Track[];
    const list = mergeCandidates(tracks.map((t) => t.candidates), input.topK);
    if (i < nVolunteerPasses) {
      const pass = manifest.passes[i];
      const v = pass === undefined ? undefined : volunteers.get(pass.volunteer);
      if (pass === undefined || v === undefined) return;
      if (tracks.length > 0) acquired++;
      const mated = v.enrolled && input.enrolled.has(v.id);
      push({ id: `pass-${pad(i)}`, deployment: p.deployment, camera: p.camera, t0: p.tStartMs, t1: p.tEndMs, source: 'volunteer', mated, subject: v.id,
        sex: v.sex, ethnicity: v.ethnicity, ageBand: v.ageBand, tracks, gallerySize: input.watchlistSize }, list, mated ? v.id : null);
    } else {
      if (tracks.length > 0) crowdAcquired++;
      push({ id: `crowd-${pad(i - nVolunteerPasses)}`, deployment: p.deployment, camera: p.camera, t0: p.tStartMs, t1: p.tEndMs, source: 'crowd', mated: false,
        subject: null, sex: null, ethnicity: null, ageBand: null, tracks, gallerySize: input.watchlistSize }, list, null);
    }
  });
  const unassignedSource = manifest.crowdPasses.length > 0 ? 'unassigned_track' : 'crowd';
  w.unassigned.forEach((t, i) => {
    push({ id: `track-${pad(i)}`, deployment: t.deployment, camera: t.camera, t0: t.tStartMs, t1: t.tEndMs, source: unassignedSource, mated: false,
      subject: null, sex: null, ethnicity: null, ageBand: null, tracks: [t], gallerySize: input.watchlistSize }, mergeCandidates([t.candidates], input.topK), null);
  });

  // 2. Filler run: each acquired volunteer pass searched against the filler gallery, which does not contain them.
  let fillerProbes = 0;
  if (input.filler !== null) {
    const f = tracksByPass(input.filler);
    manifest.passes.forEach((pass, i) => {
      const tracks = f.byPass[i] as Track[];
      const v = volunteers.get(pass.volunteer);
      if (tracks.length === 0 || v === undefined) return;
      fillerProbes++;
      push({ id: `filler-${pad(i)}`, deployment: pass.deployment, camera: pass.camera, t0: pass.tStartMs, t1: pass.tEndMs, source: 'filler_probe', mated: false,
        subject: v.id, sex: v.sex, ethnicity: v.ethnicity, ageBand: v.ageBand, tracks, gallerySize: input.fillerSize }, mergeCandidates(tracks.map((t) => t.candidates), input.topK), null);
    });
  }
  return {
    searches: S,
    candidates: C,
    summary: {
      volunteerPasses: nVolunteerPasses,
      volunteerPassesAcquired: acquired,
      crowdPasses: manifest.crowdPasses.length,
      crowdPassesAcquired: crowdAcquired,
      tracks: input.watchlist.length,
      unassignedTracks: w.unassigned.length,
      ambiguousTracks: w.ambiguous,
      fillerProbes,
    },
  };
}

/** One search made from a pass (or an unassigned track), before its candidates are merged in. */
interface PassSearch {
  id: string; deployment: string; camera: string; t0: number; t1: number; source: string; mated: boolean; subject: string | null;
  sex: string | null; ethnicity: string | null; ageBand: string | null; tracks: readonly Track[]; gallerySize: number | null;
}
