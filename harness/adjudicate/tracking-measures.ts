/**
 * Tracking measures of replayed tracks against the passes' place ground truth, as TrackEval defines them
 * (github.com/JonathonLuiten/TrackEval, metrics/identity.py and metrics/clear.py):
 *
 *   Identity (Ristani et al. 2016)  tracks and passes matched one to one over the whole sequence, maximising the
 *                                   frames where they match; IDF1 = 2 IDTP / (2 IDTP + IDFP + IDFN)
 *   CLEAR MOT (Bernardin & Stiefelhagen 2008)  frame by frame, an optimal matching that first keeps last frame's
 *                                   matches; ID switches (a pass matched to another track than the last one) and
 *                                   Frag (times a pass's coverage resumes after an interruption), MOTA
 *
 * One sequence per camera; sums over cameras. A detection matches a pass in a frame when its box centre lies in the
 * pass's place at that time (a face box inside a lane or a head box; TrackEval's IoU >= 0.5 needs boxes of the same
 * kind). Only cameras where every pass has a place, in a manifest that knows the crowd's passes, are measured:
 * elsewhere a member of the public's track would count as a false positive.
 */
import { optimalAssignment, type AllowedPair } from '../core/optimal-assignment.ts';
import type { TrackingMeasures } from './adjudication-summary.ts';
import type { PassSpan } from './assign-tracks.ts';
import { placeContains } from './place-contains.ts';
import type { Track } from './track.ts';

/** The processed frames of one camera's footage: frame k at startMs + k * frameMs, for k < frames. */
export interface CameraFrames {
  deployment: string;
  camera: string;
  startMs: number;
  frameMs: number;
  frames: number;
}

interface Timestep {
  truth: number[];
  dets: { track: number; x: number; y: number }[];
}

/**
 * Measures `tracks` against `passes` (volunteer and crowd passes together) on the processed frames of each camera in
 * `footage`. Returns null when no camera has complete place ground truth.
 * @example trackingMeasures(tracks, [...manifest.passes, ...manifest.crowdPasses], footage)?.idf1
 */
export function trackingMeasures(tracks: readonly Track[], passes: readonly PassSpan[], footage: readonly CameraFrames[]): TrackingMeasures | null {
  const total = { cameras: 0, passes: 0, frames: 0, truthDetections: 0, trackerDetections: 0, idtp: 0, idfp: 0, idfn: 0, tp: 0, fn: 0, fp: 0, idSwitches: 0, fragmentations: 0 };
  const cameras = [...new Set(footage.map((f) => `${f.deployment}\u0000${f.camera}`))];
  for (const key of cameras) {
    const mine = passes.map((p, i) => ({ p, i })).filter(({ p }) => `${p.deployment}\u0000${p.camera}` === key);
    if (mine.length === 0 || mine.some(({ p }) => p.place === undefined)) continue;
    const clips = footage.filter((f) => `${f.deployment}\u0000${f.camera}` === key);
    // One step per processed frame, clip after clip; `first[c]` is the index of clip c's first frame.
    const steps: Timestep[] = [];
    const times: number[] = [];
    const first: number[] = [];
    for (const f of clips) {
      first.push(steps.length);
      for (let k = 0; k < f.frames; k++) {
        const t = f.startMs + k * f.frameMs;
        times.push(t);
        steps.push({ truth: mine.filter(({ p }) => p.tStartMs <= t && t < p.tEndMs).map(({ i }) => i), dets: [] });
      }
    }
    tracks.forEach((tr, ti) => {
      if (`${tr.deployment}\u0000${tr.camera}` !== key) return;
      for (const pt of tr.points) {
        const ci = clips.findIndex((f) => pt.tMs >= f.startMs - f.frameMs / 2 && pt.tMs < f.startMs + (f.frames - 0.5) * f.frameMs);
        const f = clips[ci];
        if (f === undefined) continue;
        steps[(first[ci] ?? 0) + Math.round((pt.tMs - f.startMs) / f.frameMs)]?.dets.push({ track: ti, x: (pt.box.x1 + pt.box.x2) / 2, y: (pt.box.y1 + pt.box.y2) / 2 });
      }
    });
    const r = measureSequence(steps, (step, g, d) => {
      const place = passes[g]?.place;
      const det = steps[step]?.dets[d];
      return place !== undefined && det !== undefined && placeContains(place, times[step] ?? NaN, det.x, det.y);
    });
    total.cameras++;
    total.passes += r.truthIds;
    total.frames += steps.length;
    for (const k of ['truthDetections', 'trackerDetections', 'idtp', 'idfp', 'idfn', 'tp', 'fn', 'fp', 'idSwitches', 'fragmentations'] as const) total[k] += r[k];
  }
  if (total.cameras === 0) return null;
  const { tp, fn, fp, ...rest } = total;
  return {
    ...rest,
    idf1: total.idtp + total.idfp + total.idfn === 0 ? null : (2 * total.idtp) / (2 * total.idtp + total.idfp + total.idfn),
    fragmentationsPerPass: total.passes === 0 ? null : total.fragmentations / total.passes,
    mota: tp + fn === 0 ? null : (tp - fp - total.idSwitches) / (tp + fn),
    similarity: 'box-centre-in-place',
  };
}

/** Identity and CLEAR counts of one sequence; `matches(step, pass, det)` says whether a detection matches a pass. */
function measureSequence(steps: readonly Timestep[], matches: (step: number, pass: number, det: number) => boolean) {
  const potential = new Map<string, number>(); // `${pass}:${track}` -> frames matched
  const truthCount = new Map<number, number>();
  const trackCount = new Map<number, number>();
  const prevTrack = new Map<number, number>(); // last track each pass was matched to (for ID switches)
  let prevStepTrack = new Map<number, number>(); // pass -> track matched in the previous step (for continuity)
  const fragStarts = new Map<number, number>();
  const out = { truthIds: 0, truthDetections: 0, trackerDetections: 0, idtp: 0, idfp: 0, idfn: 0, tp: 0, fn: 0, fp: 0, idSwitches: 0, fragmentations: 0 };
  steps.forEach((step, s) => {
    for (const g of step.truth) truthCount.set(g, (truthCount.get(g) ?? 0) + 1);
    for (const d of step.dets) trackCount.set(d.track, (trackCount.get(d.track) ?? 0) + 1);
    out.truthDetections += step.truth.length;
    out.trackerDetections += step.dets.length;
    const pairs: AllowedPair[] = [];
    step.truth.forEach((g, gi) => step.dets.forEach((d, di) => {
      if (!matches(s, g, di)) return;
      const key = `${g}:${d.track}`;
      potential.set(key, (potential.get(key) ?? 0) + 1);
      // CLEAR: score 1000 for continuing last step's match, + the similarity (1); maximise = minimise its negative
      pairs.push({ row: gi, col: di, cost: -(1 + (prevStepTrack.get(g) === d.track ? 1000 : 0)) });
    }));
    // TrackEval skips a step with no truth or no detections before its matching (the continuity record is kept).
    if (step.truth.length === 0) { out.fp += step.dets.length; return; }
    if (step.dets.length === 0) { out.fn += step.truth.length; return; }
    const detOf = optimalAssignment(step.truth.length, step.dets.length, pairs, () => 0);
    const now = new Map<number, number>();
    detOf.forEach((di, gi) => {
      const g = step.truth[gi];
      const d = step.dets[di];
      if (g === undefined || d === undefined) return;
      const last = prevTrack.get(g);
      if (last !== undefined && last !== d.track) out.idSwitches++;
      prevTrack.set(g, d.track);
      now.set(g, d.track);
      if (!prevStepTrack.has(g)) fragStarts.set(g, (fragStarts.get(g) ?? 0) + 1);
    });
    out.tp += now.size;
    out.fn += step.truth.length - now.size;
    out.fp += step.dets.length - now.size;
    prevStepTrack = now;
  });
  // Identity: one-to-one passes x tracks maximising the matched frames.
  const passIds = [...truthCount.keys()];
  const trackIds = [...trackCount.keys()];
  const row = new Map(passIds.map((g, i) => [g, i]));
  const col = new Map(trackIds.map((t, i) => [t, i]));
  const pairs: AllowedPair[] = [];
  for (const [key, n] of potential) {
    const [g = -1, t = -1] = key.split(':').map(Number);
    const r = row.get(g), c = col.get(t);
    if (r !== undefined && c !== undefined) pairs.push({ row: r, col: c, cost: -n });
  }
  const chosen = optimalAssignment(passIds.length, trackIds.length, pairs, () => 0);
  chosen.forEach((c, r) => {
    if (c >= 0) out.idtp += potential.get(`${passIds[r]}:${trackIds[c]}`) ?? 0;
  });
  out.truthIds = passIds.length;
  out.idfn = out.truthDetections - out.idtp;
  out.idfp = out.trackerDetections - out.idtp;
  for (const n of fragStarts.values()) out.fragmentations += n - 1;
  return out;
}
