/** Tracker: links per-frame face detections into person tracks by box overlap (IoU), keeping each track's best shots. */
import type { Box, FaceDetection } from '../algorithms/index.ts';
import { iou } from '../algorithms/index.ts';
import type { RgbImage } from '../footage/index.ts';
import { type BestShot, cropShot, frontalness, shotQuality } from './best-shot.ts';
import { faceSizePx } from '../algorithms/index.ts';

/** Tracker settings. */
export interface TrackerOptions {
  /** Minimum IoU between a track's last box and a detection to continue it (default 0.2). */
  minIou?: number;
  /** A track not seen for longer than this is closed (ms, default 1000). */
  maxGapMs?: number;
  /** Best shots kept (and later embedded) per track (default 3). */
  bestShots?: number;
}

/** A person track: the detections of one face over time. */
export interface Track {
  id: number;
  tStartMs: number;
  tEndMs: number;
  /** Frames in which the track had a detection. */
  framesSeen: number;
  lastBox: Box;
  /** Largest face size seen (px). */
  maxFaceSizePx: number;
  /** Best shots, best first. */
  shots: BestShot[];
}

/** Feeds frames' detections in time order; closed tracks come out of {@link Tracker.update} and {@link Tracker.finish}. */
export class Tracker {
  private readonly active: Track[] = [];
  private nextId = 0;
  private readonly minIou: number;
  private readonly maxGapMs: number;
  private readonly keep: number;

  constructor(options: TrackerOptions = {}) {
    this.minIou = options.minIou ?? 0.2;
    this.maxGapMs = options.maxGapMs ?? 1000;
    this.keep = options.bestShots ?? 3;
  }

  /** Adds one frame's detections (frame time `tMs`); returns the tracks that this frame closed. */
  update(tMs: number, image: RgbImage, faces: readonly FaceDetection[]): Track[] {
    const closed: Track[] = [];
    for (let i = this.active.length - 1; i >= 0; i--) {
      if (tMs - this.active[i]!.tEndMs > this.maxGapMs) closed.push(...this.active.splice(i, 1));
    }
    const pairs: { t: number; d: number; o: number }[] = [];
    this.active.forEach((track, t) => faces.forEach((face, d) => {
      const o = iou(track.lastBox, face.box);
      if (o >= this.minIou) pairs.push({ t, d, o });
    }));
    pairs.sort((a, b) => b.o - a.o || a.t - b.t || a.d - b.d);
    const usedT = new Set<number>(), usedD = new Set<number>();
    for (const { t, d } of pairs) {
      if (usedT.has(t) || usedD.has(d)) continue;
      usedT.add(t); usedD.add(d);
      this.extend(this.active[t]!, tMs, image, faces[d]!);
    }
    faces.forEach((face, d) => {
      if (usedD.has(d)) return;
      const track: Track = { id: this.nextId++, tStartMs: tMs, tEndMs: tMs, framesSeen: 0, lastBox: face.box, maxFaceSizePx: 0, shots: [] };
      this.extend(track, tMs, image, face);
      this.active.push(track);
    });
    return closed.sort((a, b) => a.id - b.id);
  }

  /** Closes and returns every open track. */
  finish(): Track[] {
    return this.active.splice(0).sort((a, b) => a.id - b.id);
  }

  private extend(track: Track, tMs: number, image: RgbImage, face: FaceDetection): void {
    track.tEndMs = tMs;
    track.framesSeen++;
    track.lastBox = face.box;
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
