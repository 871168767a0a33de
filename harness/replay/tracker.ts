/**
 * Tracker: links per-frame face detections into person tracks, keeping each track's detections (its trajectory) and
 * best shots. Each frame, every open track's box is predicted at the frame's time (constant velocity, predict-box.ts)
 * and the frame's detections are matched to the tracks jointly by an optimal assignment on the distance between
 * predicted and detected boxes, so a face missed for a few frames, or found only every other frame, stays one track.
 */
import type { FaceDetection } from '../algorithms/index.ts';
import { faceSizePx } from '../algorithms/index.ts';
import { optimalAssignment, type AllowedPair } from '../core/optimal-assignment.ts';
import type { RgbImage } from '../footage/index.ts';
import { type BestShot, cropShot, frontalness, shotQuality } from './best-shot.ts';
import { boxDistance, predictBox, type TrackPoint } from './predict-box.ts';

/** Tracker settings. */
export interface TrackerOptions {
  /**
   * A detection continues a track when its centre lies within this many face sizes of the track's predicted centre
   * (default 0.6); the allowance grows by `gapAllowance` for each frame the track was not seen, and by 0.4 while the
   * track has a single detection (no velocity yet).
   */
  maxCentreDistance?: number;
  /** Added to the centre allowance per frame the track was missed (default 0.3). */
  gapAllowance?: number;
  /** A detection continues a track only when its size is within this factor of the predicted size (default 1.6). */
  maxScaleChange?: number;
  /** A track not seen for longer than this is closed (ms, default 1000). */
  maxGapMs?: number;
  /** Best shots kept (and later embedded) per track (default 3). */
  bestShots?: number;
}

/** A person track: the detections of one face over time. */
export interface Track {
  id: number;
  tStartMs: number;
  /** Time of the track's last detection (ms). */
  tEndMs: number;
  /** Frames in which the track had a detection. */
  framesSeen: number;
  /** Every detection of the track, in time order. */
  points: TrackPoint[];
  /** Largest face size seen (px). */
  maxFaceSizePx: number;
  /** Best shots, best first. */
  shots: BestShot[];
}

/** The centre allowance grows with missed frames and a missing velocity up to this much beyond `maxCentreDistance`. */
const MAX_EXTRA_ALLOWANCE = 1;

interface OpenTrack extends Track {
  /** Frames since the last detection. */
  missed: number;
}

/** Feeds frames' detections in time order; closed tracks come out of {@link Tracker.update} and {@link Tracker.finish}. */
export class Tracker {
  private readonly active: OpenTrack[] = [];
  private nextId = 0;
  private readonly maxCentre: number;
  private readonly gapAllowance: number;
  private readonly maxScale: number;
  private readonly maxGapMs: number;
  private readonly keep: number;

  constructor(options: TrackerOptions = {}) {
    this.maxCentre = options.maxCentreDistance ?? 0.6;
    this.gapAllowance = options.gapAllowance ?? 0.3;
    this.maxScale = Math.log(options.maxScaleChange ?? 1.6);
    this.maxGapMs = options.maxGapMs ?? 1000;
    this.keep = options.bestShots ?? 3;
  }

  /** Adds one frame's detections (frame time `tMs`); returns the tracks that this frame closed. */
  update(tMs: number, image: RgbImage, faces: readonly FaceDetection[]): Track[] {
    const closed: Track[] = [];
    for (let i = this.active.length - 1; i >= 0; i--) {
      const t = this.active[i] as OpenTrack;
      if (tMs - t.tEndMs > this.maxGapMs) closed.push(...this.close(this.active.splice(i, 1)));
    }
    // Cost of continuing track i with detection j: centre distance (face sizes) + log size ratio, when within the gates.
    const pairs: AllowedPair[] = [];
    this.active.forEach((track, i) => {
      const { box, moving } = predictBox(track.points, tMs);
      const allowance = this.maxCentre + Math.min(this.gapAllowance * track.missed + (moving ? 0 : 0.4), MAX_EXTRA_ALLOWANCE);
      faces.forEach((face, j) => {
        const d = boxDistance(box, face.box);
        if (d.centre <= allowance && d.scale <= this.maxScale) pairs.push({ row: i, col: j, cost: d.centre + d.scale });
      });
    });
    const detectionOf = optimalAssignment(this.active.length, faces.length, pairs, () => 1e6);
    const used = new Set<number>();
    this.active.forEach((track, i) => {
      const j = detectionOf[i] as number;
      const face = faces[j];
      if (face === undefined) { track.missed++; return; }
      used.add(j);
      this.extend(track, tMs, image, face);
    });
    faces.forEach((face, j) => {
      if (used.has(j)) return;
      const track: OpenTrack = { id: this.nextId++, tStartMs: tMs, tEndMs: tMs, framesSeen: 0, points: [], maxFaceSizePx: 0, shots: [], missed: 0 };
      this.extend(track, tMs, image, face);
      this.active.push(track);
    });
    return closed.sort((a, b) => a.id - b.id);
  }

  /** Closes and returns every open track. */
  finish(): Track[] {
    return this.close(this.active.splice(0)).sort((a, b) => a.id - b.id);
  }

  private close(tracks: readonly OpenTrack[]): Track[] {
    return tracks.map(({ missed: _missed, ...track }) => track);
  }

  private extend(track: OpenTrack, tMs: number, image: RgbImage, face: FaceDetection): void {
    track.tEndMs = tMs;
    track.framesSeen++;
    track.missed = 0;
    track.points.push({ tMs, box: face.box, score: face.score });
    const size = faceSizePx(face.box);
    track.maxFaceSizePx = Math.max(track.maxFaceSizePx, size);
    const quality = shotQuality(size, face.score, frontalness(face.points5));
    const worst = track.shots[track.shots.length - 1];
    if (track.shots.length < this.keep || (worst !== undefined && quality > worst.quality)) {
      track.shots.push(cropShot(image, face, tMs)); // copy only shots that make the cut
      track.shots.sort((a, b) => b.quality - a.quality || a.tMs - b.tMs);
      if (track.shots.length > this.keep) track.shots.pop();
    }
  }
}
